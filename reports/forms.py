from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.ModelForm):
    """What a resident tells about an association's page, without an account.

    `website` is a honeypot: hidden from people (and from screen readers), left empty by them,
    filled by the robots that fill every field.
    """

    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Report
        fields = ["reason", "message", "contact"]
        labels = {
            "reason": _("Qu'est-ce qui ne va pas ?"),
            "message": _("Précisions (facultatif)"),
            "contact": _("Pour vous répondre (facultatif)"),
        }
        help_texts = {
            "message": _("Par exemple le jour et l'heure de votre venue, ou la bonne adresse."),
            "contact": _(
                "Un téléphone ou une adresse e-mail, si vous voulez une réponse. "
                "Seuls les agents du CCAS le verront."
            ),
        }
        error_messages = {
            "reason": {
                "required": _("Choisissez ce qui ne va pas."),
                "invalid_choice": _("Choisissez ce qui ne va pas parmi les réponses proposées."),
            }
        }
        widgets = {
            "reason": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list without the empty "---------" choice: the reason is required.
        self.fields["reason"].choices = Report.Reason.choices

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
