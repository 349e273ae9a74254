"""What the CCAS knows of each food-aid structure, split like the national standard.

An association (data·inclusion's "structure") has places, and services (what is offered where),
each with weekly opening slots; exceptional closures and referents hang on the association.
"""

import datetime
import json
import math
import time
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Cast, Greatest, Length, Trim
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import opening_hours
from .freshness import Freshness, freshness, having
from .lookups import In
from .taxonomies import AidType, Language, Network, Public, Quartier, Synonym, Town
from .validators import (
    DESCRIPTION_MAX_LENGTH,
    FRENCH_POSTAL_CODE,
    NAME_MAX_LENGTH,
    NAME_MIN_LENGTH,
    WEB_SCHEMES,
    description_length,
    french_postal_code,
    name_length,
    public_email,
    single_line,
    web_address,
)

__all__ = [
    "AidType",
    "Association",
    "AssociationChange",
    "Closure",
    "DirectoryGeneration",
    "Language",
    "Network",
    "OpeningSlot",
    "Place",
    "Public",
    "Quartier",
    "Referent",
    "Service",
    "ServicePublic",
    "Synonym",
    "Town",
    "WeeklySlot",
]


def new_identifier():
    return str(uuid.uuid4())


def identifier_field():
    """The record's id in the open data and the imports: given once, at creation (a new UUID, or
    the id of the file that created it), and never changed, whatever else is edited, so that an
    export imported back finds its records (opendata/imports.py)."""
    return models.CharField(
        _("identifiant"),
        max_length=200,
        unique=True,
        default=new_identifier,
        editable=False,
        help_text=_("Identifiant de la fiche dans les données ouvertes ; il ne change jamais."),
    )


def name_fits(field):
    """The database's guarantee of `validators.name_length`."""
    length = Length(Trim(field))
    return Q(GreaterThanOrEqual(length, NAME_MIN_LENGTH)) & Q(
        LessThanOrEqual(Length(field), NAME_MAX_LENGTH)
    )


def description_fits(field):
    """The database's guarantee of the longest description (`validators.description_length`)."""
    return Q(LessThanOrEqual(Length(field), DESCRIPTION_MAX_LENGTH))


class AssociationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_public_details(self, today=None):
        """Everything a public page or an export shows, in a fixed number of queries, and
        nothing CCAS-only: see `_with_details`; publics and referents land in `public_publics`
        and `public_referents`, public rows only."""
        return self._with_details(today, ccas=False).defer("search_document", "search_vector")

    def with_agent_details(self, today=None):
        """The same for CCAS agents: every public and referent, in `agent_publics` and
        `agent_referents`, whose `is_public` tells a page which ones to mark as CCAS-only; the
        stored search text, for the orientation's reasons."""
        return self._with_details(today, ccas=True).defer("search_vector")

    def _with_details(self, today, *, ccas):
        """Each association gets `place_list` (with their quartier), `service_list` (with their
        type of aid, place without its quartier, `language_list`, `slot_list` and publics),
        `coming_closures` (not over on `today`) and referents. Loaded into lists (`to_attr`)
        rather than related managers: a prefetch into a manager builds a queryset per instance
        and relation."""
        prefix = "agent" if ccas else "public"
        links = ServicePublic.objects.select_related("public").order_by(
            "public__position", "public__name"
        )
        referents = Referent.objects.order_by("-is_public", "name", "pk")
        if not ccas:
            links = links.shown_publicly()
            referents = referents.filter(is_public=True)
        services = (
            _services()
            .select_related("place")
            .prefetch_related(
                Prefetch("languages", to_attr="language_list"),
                Prefetch("public_links", queryset=links, to_attr=f"{prefix}_publics"),
            )
        )
        return self.select_related("network").prefetch_related(
            _places(),
            Prefetch("services", queryset=services, to_attr="service_list"),
            _coming_closures(today),
            Prefetch("referents", queryset=referents, to_attr=f"{prefix}_referents"),
        )

    def with_card_details(self, today=None):
        """What a list's cards and a map's markers show: the name, phone, places, services (their
        type of aid and conditions), hours and closures; none of the texts."""
        services = _services().only("association", "aid_type", "access", "is_free")
        return self.only("name", "slug", "phone", "holiday_policy").prefetch_related(
            _places(),
            Prefetch("services", queryset=services, to_attr="service_list"),
            _coming_closures(today),
        )

    def _slots_on(self, day, services, narrow):
        """(association, service, opens_at, closes_at, weeks of the month as JSON text,
        valid_from, valid_until) of the slots that may open on `day` (weekday, validity) of the
        services meeting `services`; on a public holiday, of the associations that do not close
        on one. Of this queryset's associations if it is `narrow` (see `openings_from`), otherwise of
        the whole directory's.

        Read from the services, so that the database reads their condition from their own
        index; their associations by an IN, not a correlated EXISTS, which SQLite runs for
        every association. The weeks come as text: most are "[]" (every week), and decoding
        them all weighed on "open today" in a large directory (figures: commit 05585e4).
        """
        slots = Service.objects.filter(services or Q())
        if narrow:
            slots = slots.filter(association__in=self.values("pk"))
        slots = slots.filter(
            Q(slots__valid_from__isnull=True) | Q(slots__valid_from__lte=day),
            Q(slots__valid_until__isnull=True) | Q(slots__valid_until__gte=day),
            slots__weekday=day.weekday(),
        )
        # The holiday policy counts on public holidays only (opening_hours.Schedule).
        if opening_hours.public_holiday(day):
            slots = slots.exclude(association__holiday_policy=Association.HolidayPolicy.CLOSED)
        return slots.order_by().values_list(
            "association",
            "pk",
            "slots__opens_at",
            "slots__closes_at",
            Cast("slots__weeks_of_month", models.TextField()),
            "slots__valid_from",
            "slots__valid_until",
        )

    def openings_from(self, moment, services=None, *, narrow=False):
        """{association pk: wall time} of the associations open at some time from `moment` (an
        aware datetime) to the end of its day: the time of their next opening that day, `moment`'s
        own time when they are open then. In two queries whatever the directory's size.

        `services`: a condition on `Service` (a Q); only the slots of the services that meet it
        count ("colis, ouvert maintenant": a colis open now). `narrow`: this queryset holds a
        small part of the directory (a search's results), whose slots only are then read.
        Otherwise every association's slots are read and the caller keeps this queryset's
        associations, which costs less than asking the database for the slots of the published
        ones only.

        SQL gives those services' slots of that weekday, and the closures of that day. A slot of
        every week of the month that no closure of the day closes, on a day when the clocks do
        not change, is read as it is; the exact rules (`opening_hours.Schedule`: weeks of the
        month, clock changes) run on the other slots only: the opening of one day depends on
        nothing else.
        """
        local = timezone.localtime(moment)
        day, now = local.date(), local.time()
        closures_of = {}
        # The closures of that day, whoever's: a few in a directory.
        for row in (
            Closure.objects.filter(starts_on__lte=day, ends_on__gte=day)
            .order_by()
            .values("association", "service_id", "starts_on", "ends_on")
        ):
            closures_of.setdefault(row.pop("association"), []).append(SimpleNamespace(**row))
        plain_day = not opening_hours.clocks_change_on(day)
        openings, slots_of = {}, {}
        for association, service, opens_at, closes_at, weeks, *validity in self._slots_on(
            day, services, narrow
        ):
            if closes_at <= now or openings.get(association) == now:
                continue
            closures = closures_of.get(association)
            if closures and any(c.service_id in (None, service) for c in closures):
                continue
            if plain_day and weeks == "[]":
                opening = max(opens_at, now)
                openings[association] = min(opening, openings.get(association, opening))
            else:
                slots_of.setdefault(association, []).append(
                    SimpleNamespace(
                        service_id=service,
                        weekday=day.weekday(),
                        opens_at=opens_at,
                        closes_at=closes_at,
                        weeks_of_month=json.loads(weeks),
                        valid_from=validity[0],
                        valid_until=validity[1],
                    )
                )
        for pk, slots in slots_of.items():
            schedule = opening_hours.Schedule(slots, closures_of.get(pk, ()))
            opening = schedule.next_opening(local, horizon_days=0)
            if opening is not None and opening.date() == day:
                opening = timezone.localtime(opening).time()
                openings[pk] = min(opening, openings.get(pk, opening))
        return openings

    def open_at(self, moment, services=None, *, narrow=False):
        """Associations with a service open at `moment` (aware datetime): one that meets the
        condition `services`, if given. See `openings_from`."""
        return self.among(opened_at(self.openings_from(moment, services, narrow=narrow), moment))

    def open_from(self, moment, services=None, *, narrow=False):
        """Associations with a service open now or later the same day: "ouvert aujourd'hui"
        asked at 12:40 leaves out a place that opened from 9 h to 12 h."""
        return self.among(self.openings_from(moment, services, narrow=narrow))

    def open_on(self, day, services=None, *, narrow=False):
        """Associations with a service (meeting `services`) open at some time on `day`."""
        return self.open_from(start_of(day), services, narrow=narrow)

    def next_openings(self, moment, services=None, *, days=7, limit=5):
        """[(pk, aware datetime)] of the first `limit` associations of this queryset to open
        (a service meeting `services`) from `moment` to the end of the `days`-th day after it,
        the soonest first: what an empty result offers instead."""
        pks = set(self.values_list("pk", flat=True))
        found = {}
        for offset in range(days + 1):
            day = moment.date() + datetime.timedelta(days=offset)
            start = moment if offset == 0 else start_of(day)
            openings = Association.objects.openings_from(start, services)
            for pk, opening in sorted(openings.items(), key=lambda item: item[1]):
                if pk in pks and pk not in found:
                    found[pk] = timezone.make_aware(datetime.datetime.combine(day, opening))
            if len(found) >= limit:
                break
        return sorted(found.items(), key=lambda item: item[1])[:limit]

    def in_order(self, pks):
        """This queryset's associations whose pk is in `pks`, as a list in the order of `pks`."""
        pks = list(pks)
        by_pk = {association.pk: association for association in self.among(pks)}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def among(self, pks):
        """This queryset's associations whose pk is in `pks`, given as one array on PostgreSQL."""
        return self.filter(In(F("pk"), list(pks)))

    def stale(self, today=None):
        """Associations whose information was never checked or not within STALE_AFTER_MONTHS, or
        that residents asked to check."""
        return self.filter(having(Freshness.STALE, today) | having(Freshness.NEVER, today))


class AssociationManager(models.Manager.from_queryset(AssociationQuerySet)):
    """The directory: every association but the deleted ones, which are archived (kept whole for a
    restore) and so out of every page, export, list and count."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Association(models.Model):
    class Habilitation(models.TextChoices):
        NATIONAL = "national", _("Habilitation nationale")
        REGIONAL = "regional", _("Habilitation régionale")
        NONE = "none", _("Pas d'habilitation")

    class HolidayPolicy(models.TextChoices):
        CLOSED = "closed", _("Fermée les jours fériés")
        OPEN = "open", _("Ouverte les jours fériés (horaires habituels)")
        UNKNOWN = "unknown", _("Non précisé")

    name = models.CharField(_("nom"), max_length=200, validators=[single_line, *name_length])
    identifier = identifier_field()
    slug = models.SlugField(
        _("adresse de la page"),
        max_length=200,
        help_text=_(
            "Partie de l'adresse web de la page publique, par exemple « les-restos-centre »."
        ),
    )
    summary = models.CharField(
        _("en une phrase"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase simple qui dit ce que fait l'association."),
    )
    description = models.TextField(_("description"), blank=True, validators=description_length)
    summary_en = models.CharField(_("en une phrase, en anglais"), max_length=300, blank=True)
    summary_ar = models.CharField(_("en une phrase, en arabe"), max_length=300, blank=True)
    description_en = models.TextField(_("description en anglais"), blank=True)
    description_ar = models.TextField(_("description en arabe"), blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("réseau"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="associations",
        help_text=_("Laisser vide pour une association indépendante."),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True, validators=[public_email])
    website = models.URLField(_("site web"), blank=True, validators=[web_address])
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_(
            "Cocher seulement si l'association souhaite apparaître sur le site public. "
            "Une association non publiée n'apparaît nulle part publiquement."
        ),
    )
    last_checked_on = models.DateField(
        _("informations vérifiées le"),
        null=True,
        blank=True,
        help_text=_("Date de la dernière vérification des informations avec l'association."),
    )
    # Set by residents' reports (associations/edits.py, request_check), cleared by the next check:
    # the information is "à vérifier" meanwhile, however recently it was checked.
    check_requested_on = models.DateField(
        _("à vérifier depuis le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Des habitants ont signalé l'association fermée à ses heures d'ouverture. "
            "S'efface à la prochaine vérification des informations."
        ),
    )
    internal_notes = models.TextField(
        _("notes internes du CCAS"),
        blank=True,
        help_text=_("Visibles seulement par les agents du CCAS. Jamais publiées."),
    )
    habilitation = models.CharField(
        _("habilitation aide alimentaire"),
        max_length=20,
        choices=Habilitation,
        default=Habilitation.NONE,
    )
    holiday_policy = models.CharField(
        _("jours fériés"),
        max_length=20,
        choices=HolidayPolicy,
        default=HolidayPolicy.UNKNOWN,
    )
    is_demo = models.BooleanField(
        _("donnée de démonstration"),
        default=False,
        editable=False,
        help_text=_("Fiche fictive chargée avec les données de démonstration."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Augmente à chaque enregistrement : refuse d'écraser une modification."),
    )
    last_reminder_sent_on = models.DateField(
        _("dernier rappel de mise à jour envoyé le"), null=True, blank=True, editable=False
    )
    archived_at = models.DateTimeField(
        _("supprimée le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Une association supprimée est gardée entière : elle peut être rétablie."),
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supprimée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # What the association is found by, rewritten after every edit (see associations/search.py).
    search_document = models.TextField(_("texte de recherche"), blank=True, editable=False)
    search_vector = SearchVectorField(_("vecteur de recherche"), null=True, editable=False)

    objects = AssociationManager()
    # Deleted (archived) ones included: the default manager, so that the slug's uniqueness is
    # checked against them and backups hold them.
    all_objects = AssociationQuerySet.as_manager()
    # The version and the reminder date are bookkeeping: reverting them would break the lock; a
    # revert must not delete the association again. The search text is derived from the rest.
    history = HistoricalRecords(
        excluded_fields=[
            "version",
            "archived_at",
            "archived_by",
            "last_reminder_sent_on",
            "updated_at",
            "search_document",
            "search_vector",
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        default_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="association_unique_slug"),
            models.CheckConstraint(condition=~Q(slug=""), name="association_slug_not_empty"),
            # What the validators of these fields ask (associations/validators.py), but the
            # e-mail address's, which SQL cannot check simply.
            models.CheckConstraint(condition=name_fits("name"), name="association_name_length"),
            models.CheckConstraint(
                condition=description_fits("description"),
                name="association_description_length",
            ),
            models.CheckConstraint(
                condition=Q(website="")
                | Q.create([("website__istartswith", scheme) for scheme in WEB_SCHEMES], "OR"),
                name="association_website_http",
            ),
        ]
        indexes = [
            # Every public page asks whether demo data is loaded: answered without a scan.
            models.Index(fields=["is_demo"], condition=Q(is_demo=True), name="association_demo"),
            # The public lists: published associations in name order, with the id the filters
            # join on and what a card reads of the row (`with_card_details`: the card's phone
            # too), read from the index alone instead of the wide table (its texts in three
            # languages, its search text).
            models.Index(
                fields=["name", "id", "slug", "phone", "holiday_policy"],
                condition=Q(is_published=True, archived_at__isnull=True),
                name="association_published_card",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("associations:detail", args=[self.slug])

    def schedule(self, service=None, *, services=None):
        """The opening hours of all services (or of one, or of `services`), with the closures
        not yet over; a closure of one service only closes that service's slots.

        Reads what `with_public_details()` and the like load: `service_list`, each service's
        `slot_list`, `coming_closures`.
        """
        if services is None:
            services = [service] if service else self.service_list
        return opening_hours.Schedule(
            slots=[slot for each in services for slot in each.slot_list],
            closures=self.coming_closures,
            holiday_policy=self.holiday_policy,
        )

    @property
    def published_description(self):
        """The sentence and the description, as the open data gives them (one text)."""
        return "\n\n".join(text for text in (self.summary, self.description) if text.strip())

    def clean(self):
        together = len(self.published_description)
        if len(self.description) <= DESCRIPTION_MAX_LENGTH < together:
            raise ValidationError(
                {
                    "description": _(
                        "Avec la phrase de présentation, la description dépasse "
                        "%(limit)d caractères (il y en a %(count)d) : raccourcissez l'une "
                        "ou l'autre."
                    )
                    % {"limit": DESCRIPTION_MAX_LENGTH, "count": together}
                }
            )

    @property
    def freshness(self):
        return freshness(self.last_checked_on, check_requested_on=self.check_requested_on)

    @property
    def is_stale(self):
        return self.freshness != Freshness.FRESH


# Metres in a degree of latitude (the Earth's mean radius, 6,371 km).
DEGREE_METRES = 6_371_000 * math.pi / 180


class PlaceQuerySet(models.QuerySet):
    def to_locate(self):
        """The places without coordinates: "à localiser" for the CCAS's agents."""
        return self.filter(latitude__isnull=True)

    def distances_from(self, latitude, longitude):
        """{association pk: metres from (latitude, longitude) to its nearest located place}.

        One query, grouped by association. The equirectangular approximation (a degree of
        longitude is cos(latitude) of a degree of latitude), exact to a few metres at a town's
        scale, written in the arithmetic that SQLite and PostgreSQL share: the database returns
        the smallest squared distance in degrees, its square root is taken here."""
        squeeze = math.cos(math.radians(latitude))
        north = Cast("latitude", models.FloatField()) - Value(latitude)
        east = (Cast("longitude", models.FloatField()) - Value(longitude)) * Value(squeeze)
        rows = (
            self.filter(latitude__isnull=False)
            .order_by()
            .values("association")
            .annotate(nearest=models.Min(north * north + east * east))
            .values_list("association", "nearest")
        )
        return {pk: math.sqrt(nearest) * DEGREE_METRES for pk, nearest in rows}


class Place(models.Model):
    class LocationSource(models.TextChoices):
        TO_LOCATE = "", _("À localiser")
        ADDRESS_BASE = "ban", _("Base adresse nationale")
        GIVEN = "given", _("Placé à la main ou importé")

    class Accessibility(models.TextChoices):
        YES = "yes", _("Accessible")
        PARTIAL = "partial", _("Partiellement accessible")
        NO = "no", _("Non accessible")
        UNKNOWN = "unknown", _("Non précisé")

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="places"
    )
    name = models.CharField(
        _("nom du lieu"), max_length=200, help_text=_("Par exemple « Salle Watremez ».")
    )
    identifier = identifier_field()
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=5, validators=[french_postal_code])
    city = models.CharField(
        _("ville"), max_length=100, help_text=_("Une des villes du territoire.")
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        db_index=False,  # Meta.indexes: the quartier filter's index starts with it.
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # Where the coordinates come from, and the address they were found or placed for: a place
    # whose address is no longer that one is looked up again (associations/geocoding.py).
    location_source = models.CharField(
        _("localisation"),
        max_length=10,
        choices=LocationSource,
        default=LocationSource.TO_LOCATE,
        blank=True,
    )
    location_address = models.CharField(_("adresse localisée"), max_length=400, blank=True)
    location_score = models.FloatField(
        _("score de la Base adresse nationale"), null=True, blank=True
    )
    accessibility = models.CharField(
        _("accès personnes à mobilité réduite"),
        max_length=10,
        choices=Accessibility,
        default=Accessibility.UNKNOWN,
    )
    directions = models.TextField(
        _("comment venir"),
        blank=True,
        help_text=_("Bus, métro, entrée à prendre, étage…"),
    )

    history = HistoricalRecords()

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["association", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        indexes = [
            # The quartier filter, read from the index alone.
            models.Index(fields=["quartier", "association"], name="place_quartier"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_none",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=FRENCH_POSTAL_CODE), name="place_french_postal_code"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.address})"

    @classmethod
    def from_db(cls, db, field_names, values):
        place = super().from_db(db, field_names, values)
        place._loaded_coordinates = (
            place.__dict__.get("latitude"),
            place.__dict__.get("longitude"),
        )
        return place

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Indiquez la latitude et la longitude ensemble, ou aucune des deux.")
            )
        validate_town(self.city, self.postal_code)
        self._note_given_coordinates()

    def _note_given_coordinates(self):
        """Coordinates typed or dragged on the map by an agent, or given by an imported file,
        belong to the address they came with: no lookup replaces them until it changes. Taken
        away, the place is looked up again."""
        loaded = getattr(self, "_loaded_coordinates", (None, None))
        if (self.latitude, self.longitude) == loaded:
            return
        if self.latitude is None:
            self.location_source = self.LocationSource.TO_LOCATE
            self.location_address = ""
        else:
            self.location_source = self.LocationSource.GIVEN
            self.location_address = self.full_address
        self.location_score = None

    @property
    def full_address(self):
        return f"{self.address}, {self.postal_code} {self.city}"

    @property
    def short_address(self):
        """The street and the town, without the postal code: a card's address, a text message's."""
        return f"{self.address}, {self.city}"

    @property
    def needs_locating(self):
        return self.latitude is None


def validate_town(city, postal_code):
    """An address is in one of the territory's towns (`Town`), with one of its postal codes: the
    rule for the places and for the CCAS's reception desks."""
    towns = list(Town.objects.all())
    town = next((town for town in towns if town.name == city), None)
    if town is None:
        raise ValidationError(
            {
                "city": _("Choisissez une ville du territoire : %(towns)s.")
                % {"towns": ", ".join(town.name for town in towns)}
            }
        )
    if postal_code not in town.postal_code_list:
        raise ValidationError(
            {
                "postal_code": _("Les codes postaux de %(town)s sont : %(codes)s.")
                % {"town": town.name, "codes": town.postal_codes}
            }
        )


class Service(models.Model):
    class Access(models.TextChoices):
        UNCONDITIONAL = "unconditional", _("Sans condition")
        REFERRAL = "referral", _("Sur orientation d'un travailleur social")
        REGISTRATION = "registration", _("Sur inscription")
        APPOINTMENT = "appointment", _("Sur rendez-vous")

    class Intake(models.TextChoices):
        OPEN = "open", _("Accueille de nouvelles personnes")
        WAITING_LIST = "waiting_list", _("Liste d'attente")
        FULL = "full", _("Complet")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    identifier = identifier_field()
    place = models.ForeignKey(
        Place,
        verbose_name=_("lieu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        help_text=_("Vide pour une maraude ou un service sans lieu fixe."),
    )
    aid_type = models.ForeignKey(
        AidType,
        verbose_name=_("type d'aide"),
        on_delete=models.PROTECT,
        related_name="services",
        db_index=False,  # Meta.indexes: the filters' index starts with it.
    )
    name = models.CharField(
        _("intitulé"),
        max_length=200,
        blank=True,
        validators=name_length,
        help_text=_(
            "Facultatif, par exemple « Distribution du mardi ». Par défaut : le type d'aide."
        ),
    )
    description = models.TextField(_("description"), blank=True, validators=description_length)
    description_en = models.TextField(_("description en anglais"), blank=True)
    description_ar = models.TextField(_("description en arabe"), blank=True)
    access = models.CharField(
        _("conditions d'accès"),
        max_length=20,
        choices=Access,
        default=Access.UNCONDITIONAL,
    )
    access_details = models.TextField(
        _("précisions sur l'accès"),
        blank=True,
        help_text=_("Par exemple : qui peut orienter, comment s'inscrire, durée de l'accès."),
    )
    access_details_en = models.TextField(_("précisions sur l'accès, en anglais"), blank=True)
    access_details_ar = models.TextField(_("précisions sur l'accès, en arabe"), blank=True)
    is_free = models.BooleanField(_("gratuit"), default=True)
    fee_details = models.CharField(
        _("participation financière"),
        max_length=255,
        blank=True,
        help_text=_(
            "Si ce n'est pas gratuit : montant ou part du prix, par exemple « 2 € par colis »."
        ),
    )
    documents = models.TextField(
        _("justificatifs demandés"),
        blank=True,
        help_text=_("Un par ligne, par exemple : pièce d'identité, attestation CAF."),
    )
    zone = models.CharField(
        _("zone desservie"),
        max_length=255,
        blank=True,
        help_text=_("Vide si tout le monde peut venir. Par exemple « habitants de la ville »."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("langues parlées"), blank=True, related_name="services"
    )
    intake = models.CharField(
        _("nouvelles personnes"),
        max_length=20,
        choices=Intake,
        default=Intake.OPEN,
        help_text=_(
            "« Complet » ou « Liste d'attente » : les agents du CCAS le voient avant de vous "
            "orienter quelqu'un."
        ),
    )
    publics = models.ManyToManyField(
        Public,
        verbose_name=_("publics accueillis"),
        through="ServicePublic",
        blank=True,
        related_name="services",
    )

    # Languages are recorded too, so that a deleted service comes back whole.
    history = HistoricalRecords(m2m_fields=[languages])

    class Meta:
        ordering = ["association", "aid_type", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            # The list's service filters, read from the index alone: the associations with a
            # service of a type (and free, or without referral), and whether one has one; with
            # the service's id (on PostgreSQL), the services whose hours "open today" reads.
            models.Index(
                fields=["aid_type", "association", "is_free", "access"],
                include=["id"],
                name="service_filters_id",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_free=True) | ~Q(fee_details=""),
                name="service_paid_has_fee_details",
            ),
            models.CheckConstraint(
                condition=Q(name="") | name_fits("name"), name="service_name_length"
            ),
            models.CheckConstraint(
                condition=description_fits("description"), name="service_description_length"
            ),
        ]

    def __str__(self):
        return self.name or str(self.aid_type)

    @property
    def title(self):
        return self.name or self.aid_type.label

    def clean(self):
        errors = {}
        if (
            self.place_id
            and self.association_id
            and self.place.association_id != self.association_id
        ):
            errors["place"] = _("Ce lieu appartient à une autre association.")
        if not self.is_free and not self.fee_details:
            errors["fee_details"] = _(
                "Indiquez la participation demandée (montant ou part du prix), "
                "ou cochez « gratuit »."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def document_list(self):
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ServicePublicQuerySet(models.QuerySet):
    def shown_publicly(self):
        """The links a public page, filter, feed or export may show: not reserved to the CCAS,
        and, for a sensitive public, made public for that service by an agent.
        `ServicePublic.is_shown_publicly` says it of a loaded link."""
        return self.filter(
            Q(public__is_sensitive=False) | Q(sensitive_made_public=True), is_public=True
        )

    def welcoming(self, public):
        """The links saying that a service welcomes `public`: to it or to everyone ("Tout
        public"), whom a person of any public may join. `ServicePublic.welcomes` says it of
        a loaded link."""
        return self.filter(Q(public=public) | Q(public__is_everyone=True))


class ServicePublic(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="public_links"
    )
    public = models.ForeignKey(
        Public, verbose_name=_("public"), on_delete=models.PROTECT, related_name="service_links"
    )
    is_public = models.BooleanField(
        _("affiché publiquement"),
        default=True,
        help_text=_(
            "Décocher pour que seuls les agents du CCAS le voient. Un public sensible n'est "
            "affiché que si la case suivante est cochée aussi."
        ),
    )
    sensitive_made_public = models.BooleanField(
        _("public sensible rendu public"),
        default=False,
        help_text=_(
            "Un public sensible (par exemple : personnes sans papiers) n'est montré qu'aux agents "
            "du CCAS. Cocher seulement si l'association le demande pour ce service, en "
            "connaissance du risque : afficher publiquement qu'un lieu accueille ce public peut "
            "exposer les personnes qui s'y rendent (contrôles, signalements)."
        ),
    )

    objects = ServicePublicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["public"]
        verbose_name = _("public accueilli")
        verbose_name_plural = _("publics accueillis")
        constraints = [
            models.UniqueConstraint(fields=["service", "public"], name="service_public_unique"),
        ]

    def __str__(self):
        return str(self.public)

    @property
    def is_shown_publicly(self):
        """Whether public pages may show this link (loaded with its public): the rule of
        `ServicePublicQuerySet.shown_publicly`."""
        return self.is_public and (not self.public.is_sensitive or self.sensitive_made_public)

    def welcomes(self, public):
        """Whether this link says that its service welcomes `public`: the rule of
        `ServicePublicQuerySet.welcoming`, for a link loaded with its public."""
        return self.public_id == public.pk or self.public.is_everyone


def weekly_slot_constraints(prefix):
    """The checks of a table of `WeeklySlot`s, named after `prefix` ("slot" for OpeningSlot, the
    names its table has had since the first migration)."""
    return [
        models.CheckConstraint(
            condition=Q(closes_at__gt=F("opens_at")), name=f"{prefix}_closes_after_opening"
        ),
        models.CheckConstraint(
            condition=Q(weekday__gte=0, weekday__lte=6), name=f"{prefix}_weekday_range"
        ),
        models.CheckConstraint(
            condition=Q(valid_from__isnull=True)
            | Q(valid_until__isnull=True)
            | Q(valid_until__gte=F("valid_from")),
            name=f"{prefix}_validity_ends_after_start",
        ),
    ]


class WeeklySlot(models.Model):
    """A weekly opening: a weekday, from one time to another, on some weeks of the month, within
    an optional period. The hours model of the services (`OpeningSlot`) and of anything else the
    public site gives hours for; `opening_hours` reads and describes them all.

    A concrete subclass adds what the slot belongs to and, in its Meta,
    `constraints = weekly_slot_constraints("…")`.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    class Week(models.IntegerChoices):
        FIRST = 1, pgettext_lazy("week of month", "1re")
        SECOND = 2, pgettext_lazy("week of month", "2e")
        THIRD = 3, pgettext_lazy("week of month", "3e")
        FOURTH = 4, pgettext_lazy("week of month", "4e")
        FIFTH = 5, pgettext_lazy("week of month", "5e")
        LAST = -1, pgettext_lazy("week of month", "dernière")

    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    opens_at = models.TimeField(_("ouvre à"))
    closes_at = models.TimeField(_("ferme à"))
    weeks_of_month = models.JSONField(
        _("semaines du mois"),
        default=list,
        blank=True,
        help_text=_(
            "Vide : toutes les semaines. Sinon, par exemple le 1er et le 3e mardi du mois."
        ),
    )
    valid_from = models.DateField(
        _("à partir du"), null=True, blank=True, help_text=_("Pour des horaires saisonniers.")
    )
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("L'heure de fermeture doit être après l'heure d'ouverture.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("La fin de la période doit être après son début.")
        weeks = self.weeks_of_month
        if not isinstance(weeks, list) or not all(w in self.Week.values for w in weeks):
            errors["weeks_of_month"] = _("Semaines du mois invalides.")
        if errors:
            raise ValidationError(errors)


class OpeningSlot(WeeklySlot):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="slots"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "weekday", "opens_at"]
        verbose_name = _("créneau d'ouverture")
        verbose_name_plural = _("créneaux d'ouverture")
        constraints = weekly_slot_constraints("slot")
        indexes = [
            # "Open today" and "open now" read the slots of one weekday across the directory,
            # from the index alone on PostgreSQL (the columns QuerySet._slots_on reads).
            models.Index(
                fields=["weekday", "service"],
                include=["opens_at", "closes_at", "valid_from", "valid_until", "weeks_of_month"],
                name="slot_weekday_hours",
            ),
        ]


class Closure(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="closures",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service concerné"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Vide si toute l'association est fermée."),
    )
    starts_on = models.DateField(_("fermé du"))
    ends_on = models.DateField(_("au (inclus)"))
    message = models.CharField(
        _("message au public"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « Congés d'été, reprise le 1er septembre »."),
    )
    message_en = models.CharField(_("message en anglais"), max_length=300, blank=True)
    message_ar = models.CharField(_("message en arabe"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("fermeture exceptionnelle")
        verbose_name_plural = _("fermetures exceptionnelles")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.starts_on:%d/%m/%Y} → {self.ends_on:%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _(
                "La fin de la fermeture doit être le même jour ou après son début."
            )
        if (
            self.service_id
            and self.association_id
            and self.service.association_id != self.association_id
        ):
            errors["service"] = _("Ce service appartient à une autre association.")
        if errors:
            raise ValidationError(errors)


class Referent(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="referents",
    )
    identifier = identifier_field()
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("rôle"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True, validators=[public_email])
    is_public = models.BooleanField(
        _("affiché publiquement"),
        default=False,
        help_text=_("Sinon, seuls les agents du CCAS voient ce référent."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["association", "-is_public", "name"]
        verbose_name = _("référent")
        verbose_name_plural = _("référents")

    def __str__(self):
        return self.name


class AssociationChange(models.Model):
    """One save of an association's information, from the back office or the association space.

    Each save raises `Association.version` by one (see associations/edits.py): the log tells
    an editor whose save was refused what changed meanwhile, and gives the CCAS its list of
    changes made by associations to review.
    """

    class Source(models.TextChoices):
        ADMIN = "admin", _("CCAS (back office)")
        SPACE = "space", _("association (espace)")
        IMPORT = "import", _("import d'un fichier")
        SCRIPT = "script", _("script (données de démonstration, commande)")
        REMINDER = "reminder", _("lien d'un rappel par e-mail")
        RESIDENTS = "residents", _("signalements des habitants")

    class Section(models.TextChoices):
        DESCRIPTION = "description", _("description et contacts")
        PUBLICATION = "publication", _("publication")
        PLACES = "places", _("lieux")
        SERVICES = "services", _("services")
        HOURS = "hours", _("horaires")
        CLOSURES = "closures", _("fermetures exceptionnelles")
        REFERENTS = "referents", _("référents")
        MEMBERS = "members", _("membres")
        CHECK = "check", _("vérification des informations")
        CCAS = "ccas", _("informations réservées au CCAS")
        ARCHIVE = "archive", _("suppression ou rétablissement")
        FIGURES = "figures", _("chiffres annuels")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="association_changes",
    )
    source = models.CharField(_("depuis"), max_length=10, choices=Source)
    sections = models.JSONField(_("parties modifiées"), default=list)
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    seen_at = models.DateTimeField(_("vu le"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vu par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-version"]
        verbose_name = _("modification")
        verbose_name_plural = _("dernières modifications")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "version"], name="association_change_unique_version"
            ),
        ]

    def __str__(self):
        return f"{self.association} v{self.version}"

    @property
    def section_labels(self):
        labels = dict(self.Section.choices)
        return [str(labels.get(code, code)) for code in self.sections]


class DirectoryGeneration(models.Model):
    """A number raised by every write to what the public pages show, part of their cache key.

    One row, read by primary key for each cached page (see associations/caching.py), raised in
    the writing transaction: the new number and the new data become visible together, so no app
    server caches old data under the new number.
    """

    value = models.PositiveBigIntegerField(_("génération"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("génération de l'annuaire")
        verbose_name_plural = _("générations de l'annuaire")

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls):
        """The number, read for every public page, cached ones included: in plain SQL, because
        compiling it through the ORM weighed on every cached page (measured: commit eb221f5)."""
        table, pk = map(connection.ops.quote_name, [cls._meta.db_table, cls._meta.pk.column])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE {pk} = 1")
            row = cursor.fetchone()
        return row[0] if row else 0

    TIME_RULE_SINCE = 946_684_800_000_000  # 2000-01-01, in microseconds

    @classmethod
    def last_write(cls):
        """When the directory last changed, or None if it never did: `advance` raises the
        number to at least the time of the write in microseconds, so it reads back as that time
        (never later than now), to the second. A number below the year 2000 predates that rule."""
        value = cls.current()
        if value < cls.TIME_RULE_SINCE:
            return None
        written = datetime.datetime.fromtimestamp(value // 1_000_000, tz=datetime.UTC)
        return min(written, timezone.now().replace(microsecond=0))

    @classmethod
    def advance(cls):
        """Raise the number to at least the time in microseconds, so that it never comes back to
        a number already used, with other data, even after a restore from a backup (which brings
        back an older number) or the table emptied: caches and built exports keyed by it stay
        right."""
        now = Value(time.time_ns() // 1000, output_field=models.PositiveBigIntegerField())
        if not cls.objects.filter(pk=1).update(value=Greatest(F("value") + 1, now)):
            cls.objects.get_or_create(pk=1, defaults={"value": now.value})


def opened_at(openings, moment):
    """The pks of `openings` (`AssociationQuerySet.openings_from(moment)`) open at `moment`
    itself: their next opening is `moment`'s own time."""
    now = timezone.localtime(moment).time()
    return [pk for pk, opening in openings.items() if opening == now]


def start_of(day):
    """The first instant of the local date `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The related rows that every page showing associations loads (AssociationQuerySet).
SERVICE_ORDER = ["aid_type__position", "name", "pk"]


def _places():
    places = Place.objects.select_related("quartier").order_by("name", "pk")
    return Prefetch("places", queryset=places, to_attr="place_list")


def _services():
    """Services by type of aid then name, with their slots."""
    return (
        Service.objects.select_related("aid_type")
        .order_by(*SERVICE_ORDER)
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=OpeningSlot.objects.order_by("weekday", "opens_at", "pk"),
                to_attr="slot_list",
            )
        )
    )


def _coming_closures(today):
    closures = Closure.objects.filter(ends_on__gte=today or timezone.localdate())
    return Prefetch(
        "closures", queryset=closures.order_by("starts_on", "pk"), to_attr="coming_closures"
    )
