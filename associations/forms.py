from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import edits
from .models import Association, OpeningSlot


class AssociationAdminForm(forms.ModelForm):
    """The back office's association form, refusing to save over changes made since display.

    The hidden `loaded_version` carries the association's version at display time; `clean()` locks
    the association's row (the admin saves in the same transaction) and compares
    (`edits.lock`); the admin then saves and ends the edit (`edits.finish`).
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Association
        fields = [
            "name",
            "slug",
            "summary",
            "description",
            "network",
            "phone",
            "email",
            "website",
            "is_published",
            "last_checked_on",
            "holiday_policy",
            "habilitation",
            "internal_notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].required = bool(self.instance.pk)
        if self.instance.pk and not self.is_bound:
            # From the database, not the instance: a revert from the history shows an old copy.
            self.fields["loaded_version"].initial = Association.all_objects.values_list(
                "version", flat=True
            ).get(pk=self.instance.pk)

    def clean(self):
        cleaned_data = super().clean()
        self.locked_version = 0
        if self.instance.pk and "loaded_version" in cleaned_data:
            try:
                self.locked_version = edits.lock(self.instance, cleaned_data["loaded_version"])
            except edits.EditConflict as conflict:
                raise ValidationError(conflict.message, code="conflict") from conflict
        return cleaned_data


class OpeningSlotForm(forms.ModelForm):
    """A slot with its weeks of the month as checkboxes rather than raw JSON."""

    weeks_of_month = forms.TypedMultipleChoiceField(
        label=_("semaines du mois"),
        choices=OpeningSlot.Week.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne rien cocher si c'est toutes les semaines."),
    )

    class Meta:
        model = OpeningSlot
        # A tuple: an inline formset adds its foreign key to a list of fields in place (Django's
        # BaseInlineFormSet), so the space's slot formset would leak "service" into every other
        # form built on this one, for slots that belong to something else.
        fields = ("weekday", "opens_at", "closes_at", "weeks_of_month", "valid_from", "valid_until")
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_weeks_of_month(self):
        return sorted(set(self.cleaned_data["weeks_of_month"]), key=lambda w: (w < 0, w))
