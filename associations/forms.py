from django import forms
from django.utils.translation import gettext_lazy as _

from . import edits
from .merging import MergingFormMixin
from .models import Association, OpeningSlot


class AssociationAdminForm(MergingFormMixin, forms.ModelForm):
    """The back office's association form, merged with what was saved since it was displayed.

    The hidden `loaded_version` carries the association's version at display time, each field its
    displayed value (associations/merging.py, which the admin's change view runs under the edit's
    lock); `clean()` takes the version to write (`edits.lock`, in the same transaction); the
    admin then saves and ends the edit (`edits.finish`).
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
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        self.locked_version = edits.lock(self.instance)
        return cleaned_data


class OpeningSlotForm(MergingFormMixin, forms.ModelForm):
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
