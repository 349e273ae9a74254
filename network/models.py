"""The network of associations led by the CCAS: meetings, the mutual help board, yearly figures."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, ExpressionWrapper, F, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association
from associations.validators import single_line

FIRST_YEAR = 2000


class MeetingQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related("host", "place").prefetch_related("attendances__association")

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


def suggested_host():
    """The published association that hosted least recently: one that never hosted comes first."""
    return (
        Association.objects.published()
        .annotate(last_hosted=Max("hosted_meetings__starts_at"))
        .order_by(F("last_hosted").asc(nulls_first=True), "name")
        .first()
    )


class Meeting(models.Model):
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    host = models.ForeignKey(
        Association,
        verbose_name=_("association qui accueille"),
        # A deleted association leaves the network's history intact.
        on_delete=models.SET_NULL,
        null=True,
        related_name="hosted_meetings",
    )
    place = models.ForeignKey(
        "associations.Place",
        verbose_name=_("lieu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Un lieu de l'annuaire, ou bien une adresse ci-dessous."),
    )
    address = models.CharField(
        _("adresse"),
        max_length=255,
        blank=True,
        help_text=_("Si la réunion n'a pas lieu dans un lieu de l'annuaire."),
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(
        _("compte rendu"),
        blank=True,
        help_text=_("Texte simple : les retours à la ligne sont gardés."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("réunion du réseau")
        verbose_name_plural = _("réunions du réseau")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        starts = timezone.localtime(self.starts_at)
        return _("Réunion du %(day)s chez %(host)s") % {
            "day": starts.strftime("%d/%m/%Y"),
            "host": self.host_name,
        }

    def get_absolute_url(self):
        return reverse("network:meeting", args=[self.pk])

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit être après le début.")})

    @property
    def host_name(self):
        return self.host.name if self.host else _("association supprimée")

    @property
    def location(self):
        if self.place:
            return f"{self.place.name}, {self.place.full_address}"
        return self.address


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="attendances"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), default=timezone.now)

    class Meta:
        ordering = ["association__name"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "association"], name="attendance_unique_meeting_association"
            ),
        ]

    def __str__(self):
        return f"{self.association} – {self.meeting}"


def digest(secret):
    """What is kept of a calendar token: its SHA-256 (a random 256-bit token needs no slow hash;
    a leaked database gives no working address)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def issue(self, user):
        """Revoke the user's active token, if any, and give a new one: its `secret`, which goes
        into the feed's address, is known only to the returned object and kept as a digest."""
        self.filter(user=user).active().update(revoked_at=timezone.now())
        secret = secrets.token_urlsafe(32)
        token = self.create(user=user, token_hash=digest(secret))
        token.secret = secret
        return token

    def matching(self, secret):
        return self.filter(token_hash=digest(secret))

    def revoke(self, user):
        return self.filter(user=user).active().update(revoked_at=timezone.now())


class CalendarToken(models.Model):
    """The secret in the address of a member's private calendar feed of the network's meetings,
    kept as a digest: the address is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement agenda")
        verbose_name_plural = _("abonnements agenda")
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="calendartoken_unique_token_hash"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendartoken_one_active_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"

    def feed_path(self):
        """The feed's path, known only just after `issue`."""
        return reverse("network:calendar_feed", args=[self.secret])


class BoardPostQuerySet(models.QuerySet):
    def current(self, today=None):
        """Posts still on the board: neither closed nor past their end date."""
        return self.filter(closed_at__isnull=True, ends_on__gte=today or timezone.localdate())

    def with_details(self):
        return self.select_related("association", "author", "relayed_by").annotate(
            answer_count=Count("answers")
        )


class BoardPost(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("Besoin")
        OFFER = "offer", _("Offre")

    class Category(models.TextChoices):
        PREMISES = "premises", _("Locaux")
        VOLUNTEERS = "volunteers", _("Bénévoles")
        SURPLUS_FOOD = "surplus_food", _("Surplus de denrées")
        VEHICLE = "vehicle", _("Véhicule")
        EQUIPMENT = "equipment", _("Matériel")
        OTHER = "other", _("Autre")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="board_posts",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_posts",
    )
    kind = models.CharField(_("besoin ou offre"), max_length=10, choices=Kind)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category)
    title = models.CharField(_("titre"), max_length=200, validators=[single_line])
    body = models.TextField(_("détails"))
    ends_on = models.DateField(
        _("jusqu'au"), help_text=_("Après cette date, l'annonce quitte le tableau.")
    )
    created_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    relayed_at = models.DateTimeField(_("relayée par le CCAS le"), null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relayée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BoardPostQuerySet.as_manager()

    class Meta:
        ordering = ["ends_on", "-created_at"]
        verbose_name = _("annonce d'entraide")
        verbose_name_plural = _("annonces d'entraide")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:post", args=[self.pk])

    def is_current(self, today=None):
        return self.closed_at is None and self.ends_on >= (today or timezone.localdate())


class BoardAnswer(models.Model):
    post = models.ForeignKey(
        BoardPost, verbose_name=_("annonce"), on_delete=models.CASCADE, related_name="answers"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="board_answers",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("réponse"))
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self):
        return f"{self.association} → {self.post}"


def validate_plausible_year(year):
    last = timezone.localdate().year + 1
    if year is not None and not FIRST_YEAR <= year <= last:
        raise ValidationError(
            _("Indiquez une année entre %(first)s et %(last)s."),
            params={"first": FIRST_YEAR, "last": last},
        )


class YearlyFiguresQuerySet(models.QuerySet):
    def per_year(self):
        return (
            self.order_by()
            .values("year")
            .annotate(
                associations=Count("association", distinct=True),
                registrations=Sum("registrations"),
                households=Sum("households"),
                people=Sum("people"),
                volunteers=Sum("volunteers"),
                tonnage_kg=Sum("tonnage_kg"),
            )
            .order_by("year")
        )

    def listed(self):
        """The rows as an association's figures page lists them: whether a people sketch was
        sent (`sketch_sent`), without reading the sketches (64 KB each)."""
        sent = ExpressionWrapper(Q(people_sketch__isnull=False), output_field=models.BooleanField())
        return self.defer("people_sketch").annotate(sketch_sent=sent)


class DiagnosticYearQuerySet(models.QuerySet):
    def closed_years(self):
        return set(self.filter(is_closed=True).values_list("year", flat=True))


class DiagnosticYear(models.Model):
    """A year of the CCAS's diagnostic. Once the diagnostic is published, the CCAS closes the
    year: its figures no longer change, in the space or in the back office."""

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[validate_plausible_year]
    )
    is_closed = models.BooleanField(
        _("diagnostic publié, chiffres clos"),
        default=True,
        help_text=_(
            "Cochée, les chiffres de cette année ne peuvent plus être modifiés, ni par les "
            "associations ni dans l'espace du CCAS. Décochez pour rouvrir l'année."
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = DiagnosticYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("année du diagnostic")
        verbose_name_plural = _("années du diagnostic")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=2100),
                name="diagnosticyear_plausible_year",
            ),
        ]

    def __str__(self):
        return str(self.year)


def closed_year_error(year):
    return ValidationError(
        _(
            "Le diagnostic %(year)s est publié : le CCAS a clos ses chiffres, qui ne peuvent "
            "plus être modifiés."
        ),
        code="closed_year",
        params={"year": year},
    )


NON_NEGATIVE = [MinValueValidator(0)]
FIGURES = ["registrations", "households", "people", "volunteers", "tonnage_kg"]


class YearlyFigures(models.Model):
    """What one association counted over one year, for the CCAS's diagnostic."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="yearly_figures",
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=[validate_plausible_year])
    registrations = models.IntegerField(
        _("inscriptions"),
        validators=NON_NEGATIVE,
        help_text=_(
            "Nombre d'inscriptions dans l'année (une personne peut s'inscrire ailleurs aussi)."
        ),
    )
    households = models.IntegerField(
        _("foyers aidés"), null=True, blank=True, validators=NON_NEGATIVE
    )
    people = models.IntegerField(
        _("personnes aidées"), null=True, blank=True, validators=NON_NEGATIVE
    )
    volunteers = models.IntegerField(_("bénévoles"), null=True, blank=True, validators=NON_NEGATIVE)
    tonnage_kg = models.IntegerField(
        _("denrées distribuées (kg)"), null=True, blank=True, validators=NON_NEGATIVE
    )
    # network/people_sketch.py: what the association's browser made of its register, no name in it.
    people_sketch = models.BinaryField(
        _("comptage des personnes (esquisse)"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("modifiés le"), auto_now=True)

    objects = YearlyFiguresQuerySet.as_manager()
    # Who changed which figure, when, from what to what (the back office's history).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "association__name"]
        verbose_name = _("chiffres annuels")
        verbose_name_plural = _("chiffres annuels")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"], name="yearlyfigures_unique_association_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=2100),
                name="yearlyfigures_plausible_year",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0}) | Q(**{f"{name}__isnull": True}),
                    name=f"yearlyfigures_{name}_not_negative",
                )
                for name in FIGURES
            ),
        ]

    def __str__(self):
        return f"{self.association} – {self.year}"

    def clean(self):
        self.check_open()

    def check_open(self):
        """Raise ValidationError if the year these figures are for, or were saved for, is closed."""
        years = {self.year}
        if self.pk is not None:
            years.update(YearlyFigures.objects.filter(pk=self.pk).values_list("year", flat=True))
        closed = DiagnosticYear.objects.filter(year__in=years).closed_years()
        if closed:
            raise closed_year_error(min(closed))


KEY_BYTES = 32


class PeopleCountKeyQuerySet(models.QuerySet):
    def of_years(self, years):
        """{year: key} for `years`, each key made the first time it is asked for."""
        keys = {key.year: bytes(key.secret) for key in self.filter(year__in=years)}
        missing = [
            self.model(year=year, secret=secrets.token_bytes(KEY_BYTES))
            for year in years
            if year not in keys
        ]
        if missing:
            try:
                with transaction.atomic():
                    self.bulk_create(missing)
            except IntegrityError:
                # Made meanwhile by another request: that one is the key.
                return {key.year: bytes(key.secret) for key in self.filter(year__in=years)}
            keys.update({key.year: key.secret for key in missing})
        return keys

    def of_year(self, year):
        return self.of_years([year])[year]


class PeopleCountKey(models.Model):
    """The network's secret key of one year for the people sketches (people_sketch.py): the
    same for every association, so that one person gets the same hash everywhere that year, and
    unknown outside the network, so that no one can hash a list of names and compare. Shown to
    the managers' browsers only; never in the back office, an export or a public page."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    secret = models.BinaryField(_("clé"), editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = PeopleCountKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("clé du comptage des personnes")
        verbose_name_plural = _("clés du comptage des personnes")

    def __str__(self):
        return str(self.year)


class AssociationFigures(Association):
    """An association, as the CCAS follows up its yearly figures in the back office."""

    class Meta:
        proxy = True
        ordering = ["name"]
        verbose_name = _("association (suivi des chiffres)")
        verbose_name_plural = _("suivi des chiffres annuels")
