from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations.models import Association
from liaison.models import Orientation

MAX_PICKS = 5


class PicksField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Counted before any query, so that a long list is refused without looking it up.
        picked = set(self.prepare_value(value) or ())
        if len(picked) > MAX_PICKS:
            raise forms.ValidationError(
                ngettext(
                    "Choisissez au plus %(max)d association.",
                    "Choisissez au plus %(max)d associations (vous en avez coché %(count)d).",
                    MAX_PICKS,
                )
                % {"max": MAX_PICKS, "count": len(picked)},
                code="too_many",
            )
        return super().clean(value)


class PickForm(forms.Form):
    """The associations an agent ticked in the results, for the person's orientation sheet."""

    a = PicksField(
        label=_("Associations"),
        queryset=Association.objects.published(),
        to_field_name="slug",
        error_messages={
            "required": _("Cochez au moins une association dans les résultats."),
            "invalid_choice": _("L'association « %(value)s » n'existe pas ou n'est plus publiée."),
            "invalid_pk_value": _("« %(pk)s » n'est pas une association."),
        },
    )
    rdv = forms.ModelChoiceField(
        label=_("Orientation acceptée"),
        queryset=Orientation.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Cette orientation n'existe pas, ne vous est pas ouverte ou n'est pas acceptée."
            )
        },
    )

    def __init__(self, *args, orientations, **kwargs):
        """`orientations`: the accepted ones the agent may open, whose appointment the sheet
        may carry (`rdv`)."""
        super().__init__(*args, **kwargs)
        self.fields["rdv"].queryset = orientations

    def clean(self):
        data = super().clean()
        orientation, picked = data.get("rdv"), data.get("a")
        if orientation and picked is not None and orientation.association not in picked:
            self.add_error("rdv", _("Cette orientation est pour une association non cochée."))
        return data
