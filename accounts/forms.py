from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from . import invitations
from .models import Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("adresse e-mail"),
        help_text=_(
            "La personne reçoit un lien pour accepter l'invitation. Si elle a déjà un compte, "
            "elle l'accepte en se connectant : rien ne change avant sa réponse."
        ),
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

    def __init__(self, association, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association

    def clean_email(self):
        email = invitations.normalize_email(self.cleaned_data["email"])
        if self.association.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s est déjà membre de l'association.") % {"email": email}
            )
        if invitations.username_taken(email):
            raise forms.ValidationError(
                _(
                    "%(email)s est l'identifiant d'un autre compte, enregistré avec une autre "
                    "adresse e-mail : invitez la personne à l'adresse de ce compte, ou demandez "
                    "au CCAS de le corriger."
                )
                % {"email": email}
            )
        return email


class RoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class JoinForm(SetPasswordForm):
    """Choose a password to accept an invitation: the account is made (or, invited before
    invitations waited for an answer, given its first password) on saving."""

    def __init__(self, invitation, *args, **kwargs):
        account = invitations.account_for(invitation.email)
        if account is None:
            account = get_user_model()(username=invitation.email, email=invitation.email)
        super().__init__(account, *args, **kwargs)
        self.invitation = invitation

    def clean(self):
        if self.user.pk is None and invitations.username_taken(self.invitation.email):
            raise forms.ValidationError(
                _(
                    "Un autre compte utilise déjà cette adresse comme identifiant. "
                    "Contactez le CCAS."
                )
            )
        return super().clean()
