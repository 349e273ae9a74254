"""Digital liaison: a CCAS agent sends an orientation to one service of an association, whose
members accept or refuse it, then say whether the person came.

An orientation holds as little about the person as the job needs: a first name and initial (or
a pseudonym), an optional way to reach them, the need and a short message, sent with their
consent. Who may see one is `OrientationQuerySet.for_agent` and `.for_association`; each opening
is recorded (`Opening`). Some months after it closes (`ORIENTATION_RETENTION_MONTHS`), an
orientation is reduced to a count (`MonthlyCount`, see purge.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import AidType, Association, Public, Service
from associations.validators import single_line

VIEW_ALL = "liaison.view_all_orientations"


class Outcome(models.TextChoices):
    """Where an orientation stands; the last one is what its count keeps."""

    SENT = "sent", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    CAME = "came", _("Venue")
    NOT_CAME = "not_came", _("Pas venue")


# An orientation in one of these is over: the retention period starts.
CLOSING = {Outcome.REFUSED, Outcome.CAME, Outcome.NOT_CAME}


def waiting_count():
    """An annotation of associations: how many orientations wait for their answer."""
    return models.Count("orientations", filter=Q(orientations__status=Outcome.SENT))


class OrientationQuerySet(models.QuerySet):
    def for_agent(self, user):
        """The orientations a CCAS agent follows: the ones they sent, or every one with the
        supervisor's permission. The caller checks that `user` is an agent."""
        if user.has_perm(VIEW_ALL):
            return self.all()
        return self.filter(sent_by=user)

    def for_association(self, association):
        return self.filter(association=association)

    def open(self):
        return self.filter(closed_at__isnull=True)

    def waiting(self):
        return self.filter(status=Outcome.SENT)

    def with_details(self):
        return self.select_related(
            "association", "service__aid_type", "service__place", "sent_by"
        ).prefetch_related("aid_types", "publics")

    def ended_before(self, moment):
        """Closed before `moment`, or still open though sent before it: an orientation nobody
        closes is not kept longer than one that closed."""
        return self.filter(Q(closed_at__lt=moment) | Q(closed_at__isnull=True, sent_at__lt=moment))


class Orientation(models.Model):
    class RefusalReason(models.TextChoices):
        FULL = "full", _("Plus de place pour le moment")
        CONDITIONS = "conditions", _("Ne remplit pas nos conditions d'accès")
        ZONE = "zone", _("Hors de notre zone")
        PUBLIC = "public", _("Public que nous n'accueillons pas")
        ALREADY = "already", _("Déjà aidée par notre association")
        OTHER = "other", _("Autre raison")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="orientations",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="orientations",
    )
    person = models.CharField(
        _("personne"),
        max_length=60,
        validators=[single_line],
        help_text=_("Prénom et initiale du nom (« Samia B. »), ou un pseudonyme."),
    )
    contact = models.CharField(
        _("pour la joindre"),
        max_length=120,
        blank=True,
        validators=[single_line],
        help_text=_("Facultatif : un téléphone, ou « par le CCAS »."),
    )
    aid_types = models.ManyToManyField(
        AidType, verbose_name=_("besoin"), related_name="+", blank=True
    )
    publics = models.ManyToManyField(
        Public, verbose_name=_("publics concernés"), related_name="+", blank=True
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    consent = models.BooleanField(_("accord de la personne"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        on_delete=models.PROTECT,
        related_name="sent_orientations",
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    status = models.CharField(_("état"), max_length=10, choices=Outcome, default=Outcome.SENT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("rendez-vous le"), null=True, blank=True)
    appointment_place = models.CharField(
        _("lieu du rendez-vous"), max_length=200, blank=True, validators=[single_line]
    )
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=20, choices=RefusalReason, blank=True
    )
    refusal_details = models.TextField(_("précisions"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        permissions = [("view_all_orientations", _("Voir les orientations de tous les agents"))]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="orientation_has_consent"),
            models.CheckConstraint(
                condition=~Q(status=Outcome.REFUSED) | ~Q(refusal_reason=""),
                name="orientation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(status__in=[Outcome.REFUSED, Outcome.CAME, Outcome.NOT_CAME]),
                name="orientation_closed_when_over",
            ),
        ]
        indexes = [models.Index(fields=["association", "status"], name="orientation_inbox")]

    def __str__(self):
        return f"{self.person} → {self.association}"

    @property
    def service_title(self):
        return self.service.title if self.service else _("service supprimé")

    @property
    def may_accept(self):
        return self.status in (Outcome.SENT, Outcome.ACCEPTED)

    may_refuse = may_accept

    @property
    def may_record_attendance(self):
        return self.status in (Outcome.ACCEPTED, Outcome.CAME, Outcome.NOT_CAME)


class Opening(models.Model):
    """Someone opened an orientation's page: who, when."""

    orientation = models.ForeignKey(
        Orientation,
        verbose_name=_("orientation"),
        on_delete=models.CASCADE,
        related_name="openings",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.user} – {self.opened_at:%Y-%m-%d %H:%M}"


class MonthlyCount(models.Model):
    """What is left of the orientations reduced after their retention: how many, sent in a
    month to a service, ended with an outcome."""

    month = models.DateField(_("mois"), help_text=_("Le premier du mois d'envoi."))
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    outcome = models.CharField(_("issue"), max_length=10, choices=Outcome)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        ordering = ["month", "association", "service"]
        verbose_name = _("orientations d'un mois")
        verbose_name_plural = _("orientations par mois")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.association} {self.get_outcome_display()}: {self.count}"
