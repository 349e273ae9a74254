"""A resident's report of an error on an association's page ("Signaler une erreur").

Made without an account. The way to answer the resident, if they give one, is kept as they typed
it and shown in the back office only; reports are deleted RETENTION_MONTHS after they are made
(`manage.py purge_reports`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.freshness import months_before
from associations.models import Association

RETENTION_MONTHS = 12


class ReportQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Report.Status.NEW)

    def set_status(self, status, user):
        """Give these reports `status` (those that have another), as `user`; how many changed."""
        return self.exclude(status=status).update(**Report.status_values(status, user))

    def older_than_retention(self, today=None):
        """Made more than RETENTION_MONTHS months ago: to delete."""
        day = months_before(today or timezone.localdate(), RETENTION_MONTHS)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.filter(created_at__lt=start)


class Report(models.Model):
    class Reason(models.TextChoices):
        CLOSED = "ferme", _("C'était fermé quand je suis venu·e")
        HOURS = "horaires", _("Les horaires sont faux")
        ADDRESS = "adresse", _("L'adresse est fausse")
        OTHER = "autre", _("Autre chose")

    class Status(models.TextChoices):
        NEW = "nouveau", _("Nouveau")
        HANDLED = "traite", _("Traité")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("ce qui ne va pas"), max_length=10, choices=Reason)
    message = models.TextField(_("précisions"), max_length=2000, blank=True)
    contact = models.CharField(
        _("pour lui répondre"),
        max_length=200,
        blank=True,
        help_text=_("Tel que la personne l'a écrit. Jamais publié."),
    )
    language = models.CharField(
        _("langue de la page"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Counted in a request to check the association (closed_alert.py): a later report of the same
    # episode, or one made before the check that answered it, does not count again.
    counted_in_request = models.BooleanField(
        _("compté dans une demande de vérification"), default=False, editable=False
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [
            models.Index(fields=["association", "status"], name="report_association_status"),
            models.Index(fields=["created_at"], name="report_created_at"),
        ]

    def __str__(self):
        return f"{self.association} – {self.get_reason_display()}"

    @classmethod
    def status_values(cls, status, user):
        """What a report given `status` by `user` holds: who handled it and when, or neither
        once it is new again."""
        handled = status == cls.Status.HANDLED
        return {
            "status": status,
            "handled_at": timezone.now() if handled else None,
            "handled_by": user if handled else None,
        }
