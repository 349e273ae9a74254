"""Who may edit which association: the link between a user account and an association."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
