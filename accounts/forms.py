from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("adresse e-mail"),
        help_text=_("La personne recevra un lien pour choisir son mot de passe."),
    )
    role = forms.ChoiceField(
        label=_("rôle"),
        choices=Membership.Role.choices,
        initial=Membership.Role.VOLUNTEER,
        help_text=_(
            "Responsable : modifie la fiche, invite et retire des membres. "
            "Bénévole : modifie la fiche."
        ),
    )
