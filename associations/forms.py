from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OpeningSlot


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
        fields = ["weekday", "opens_at", "closes_at", "weeks_of_month", "valid_from", "valid_until"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_weeks_of_month(self):
        return sorted(set(self.cleaned_data["weeks_of_month"]), key=lambda w: (w < 0, w))
