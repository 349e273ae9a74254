"""Who may edit which association: the link between a user account and an association, and the
invitations that lead to it."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations import history


class MembershipQuerySet(models.QuerySet):
    def email_addresses(self):
        """Where a mail to these members goes: the active accounts' addresses, each once."""
        addresses = (
            self.filter(user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        return sorted(set(addresses))


def mail_recipients(association):
    """Where a mail to an association goes: its members' addresses, or the association's own
    address if none of them has one (the freshness reminders, the residents' "closed" alert)."""
    return association.memberships.email_addresses() or (
        [association.email] if association.email else []
    )


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Responsable")
        VOLUNTEER = "volunteer", _("Bénévole")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.VOLUNTEER)
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["association", "user"]
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"], name="membership_unique_user_association"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.association} ({self.get_role_display()})"


def invitation_lifetime():
    """An invitation's link lasts as long as a forgotten-password link."""
    return datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


# The members' changes are part of their association's history (associations/history.py).
history.track(
    "member",
    history.Tracked(Membership, history.Section.MEMBERS, "association_id", in_space=False),
)


class InvitationQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(sent_at__gt=timezone.now() - invitation_lifetime())

    def for_account(self, user):
        """The invitations addressed to `user`'s e-mail address."""
        if not user.email:
            return self.none()
        return self.filter(email=user.email.strip().lower())


class Invitation(models.Model):
    """Someone asked to join an association's space; nothing is attached before they accept.

    The link mailed to them holds a secret of which only a digest is kept: sending the invitation
    again replaces it (the old link stops working), cancelling it deletes the invitation.
    """

    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=20, choices=Membership.Role, default=Membership.Role.VOLUNTEER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secret_digest = models.CharField(_("empreinte du lien"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("envoyée le"))
    renewal_requested_at = models.DateTimeField(
        _("nouvelle invitation demandée le"), null=True, blank=True
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["association", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "email"], name="invitation_unique_association_email"
            ),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="invitation_email_lowercase",
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.association} ({self.get_role_display()})"

    @property
    def expires_at(self):
        return self.sent_at + invitation_lifetime()

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at
