"""The public list's filters: every filtered list is a shareable GET URL."""

import datetime
import math
import re
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from . import nearby, opening_hours, punctuation, term_lists
from .lookups import In
from .models import Association, Place, Service, ServicePublic, opened_at, start_of
from .search import MAX_QUERY_LENGTH, matching, matching_pks, rank
from .widgets import CheckboxSelectMultiple, DateInput, Select, TimeInput


class TermChoiceField(django_filters.fields.ChoiceField):
    """One term of a list (`term_lists`), chosen by its slug and cleaned into the term itself."""

    def __init__(self, *, terms, **kwargs):
        self.by_slug = {term.slug: term for term in terms.values()}
        super().__init__(choices=[(term.slug, str(term)) for term in terms.values()], **kwargs)

    def clean(self, value):
        return self.by_slug.get(super().clean(value))


class TermMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """Terms of a list chosen by their slugs, cleaned into the terms in the list's order."""

    def __init__(self, *, terms, **kwargs):
        self.terms = list(terms.values())
        super().__init__(choices=[(term.slug, str(term)) for term in self.terms], **kwargs)

    def clean(self, value):
        slugs = set(super().clean(value))
        return [term for term in self.terms if term.slug in slugs]


class TermFilter:
    """A filter on one of the term lists, which the filter set hands it (`extra["terms"]`) from
    the lists cached for the directory's generation (`term_lists`)."""

    def __init__(self, list_name, *args, **kwargs):
        self.list_name = list_name
        super().__init__(*args, **kwargs)


class TermChoiceFilter(TermFilter, django_filters.ChoiceFilter):
    field_class = TermChoiceField


class TermMultipleChoiceFilter(TermFilter, django_filters.MultipleChoiceFilter):
    field_class = TermMultipleChoiceField


# C0 and C1 control characters but the whitespace ones: no filter means anything with them, and
# a page writes the criteria back (its title, the form's fields, an error message) where HTML
# allows none of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _without_control_characters(data):
    if data is None:
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key, [CONTROL_CHARACTERS.sub("", value) for value in values])
    return cleaned


class When:
    NOW = "maintenant"
    TODAY = "aujourdhui"
    TOMORROW = "demain"
    CHOICES = [
        (NOW, _("Ouvert maintenant")),
        (TODAY, _("Ouvert aujourd'hui")),
        (TOMORROW, _("Ouvert demain")),
    ]


class Order:
    OPENING = "ouverture"
    DISTANCE = "distance"
    NAME = "nom"
    CHOICES = [
        (OPENING, _("D'abord ce qui est ouvert")),
        (DISTANCE, _("Les plus proches d'abord (avec une adresse)")),
        (NAME, _("Par nom")),
    ]


class PositionField(forms.CharField):
    """The position "Près de moi" gives (the browser's, "latitude,longitude"), cleaned into
    a `nearby.Origin`."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return nearby.Origin.of_position(value)
        except ValueError:
            raise ValidationError(
                _("La position reçue n'est pas lisible : indiquez une adresse ou un quartier."),
                code="position",
            ) from None


class NearField(forms.CharField):
    """An address or a quartier of the territory, cleaned into a `nearby.Origin`: a quartier's
    centre (its places'), an address found in the address base."""

    def __init__(self, *, terms, **kwargs):
        self.quartiers = terms
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return nearby.Origin.of_words(value, self.quartiers.values())
        except nearby.NotFound as error:
            raise ValidationError(str(error), code="near") from None


class NearFilter(TermFilter, django_filters.CharFilter):
    field_class = NearField


class PositionFilter(django_filters.CharFilter):
    field_class = PositionField


# "Ouvert le …": a day within a year of today, so that every day asked is one the hours of an
# association can say something of, and its computations stay within the calendar's range.
DAYS_AHEAD = 366


def within_a_year(day):
    if abs((day - timezone.localdate()).days) > DAYS_AHEAD:
        raise ValidationError(
            _("Choisissez un jour dans l'année qui vient, par exemple %(example)s."),
            params={"example": date_format(timezone.localdate(), "j F Y")},
            code="too_far",
        )


class AssociationFilter(django_filters.FilterSet):
    """Filters on an association's services are combined: they must hold for one same service.

    "Gratuit" and "sans orientation" mean one service that is both free and without referral, not
    a free service somewhere and another without referral.
    """

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Nom, quartier, colis, épicerie…")}
        ),
    )
    type = TermMultipleChoiceFilter(
        "aid_types",
        label=_("Type d'aide"),
        method="filter_services",
        widget=CheckboxSelectMultiple,
    )
    quartier = TermChoiceFilter(
        "quartiers",
        label=_("Mon quartier (en premier)"),
        method="filter_preference",
        empty_label=_("Tous les quartiers"),
        widget=Select,
    )
    # Shown when the territory has several towns (`__init__`).
    ville = TermChoiceFilter(
        "towns",
        label=_("Ville"),
        method="filter_town",
        empty_label=_("Toutes les villes"),
        widget=Select,
    )
    ouvert = django_filters.ChoiceFilter(
        label=_("Quand"),
        choices=When.CHOICES,
        method="filter_when",
        empty_label=_("Peu importe"),
        widget=Select,
    )
    jour = django_filters.DateFilter(
        label=_("Ouvert le"),
        method="filter_day",
        validators=[within_a_year],
        widget=DateInput(attrs={"type": "date"}),
    )
    heure = django_filters.TimeFilter(
        label=_("à"),
        method="filter_day",
        widget=TimeInput(attrs={"type": "time"}),
    )
    public = TermMultipleChoiceFilter(
        "offered_publics",
        label=_("Public accueilli"),
        method="filter_services",
        widget=CheckboxSelectMultiple,
    )
    langue = TermChoiceFilter(
        "languages",
        label=_("Langue parlée"),
        method="filter_services",
        empty_label=_("Toutes les langues"),
        widget=Select,
    )
    sans_orientation = django_filters.BooleanFilter(
        label=_("Sans orientation d'un travailleur social"),
        method="filter_services",
        widget=forms.CheckboxInput,
    )
    sans_rendez_vous = django_filters.BooleanFilter(
        label=_("Sans rendez-vous"), method="filter_services", widget=forms.CheckboxInput
    )
    sans_zone = django_filters.BooleanFilter(
        label=_("Sans condition de domicile"),
        method="filter_services",
        widget=forms.CheckboxInput,
    )
    gratuit = django_filters.BooleanFilter(
        label=_("Gratuit"), method="filter_services", widget=forms.CheckboxInput
    )
    accessible = django_filters.BooleanFilter(
        label=_("Accessible en fauteuil roulant"),
        method="filter_services",
        widget=forms.CheckboxInput,
    )

    # Where the person is: an address or a quartier typed, or the position "Près de moi" gives.
    # Each card then tells its distance, and the list can be sorted by it (`distances`).
    pres_de = NearFilter(
        "quartiers_with_places",
        label=_("Près de (adresse ou quartier)"),
        method="filter_preference",
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("12 rue de l'Alma, ou Épeule"),
                "autocomplete": "address-line1",
                "list": "quartiers-proches",
            }
        ),
    )
    position = PositionFilter(
        label=_("Ma position"),
        method="filter_preference",
        max_length=60,
        widget=forms.HiddenInput,
    )

    tri = django_filters.ChoiceFilter(
        label=_("Ordre"),
        choices=Order.CHOICES,
        method="filter_preference",
        empty_label=None,
        widget=Select,
    )

    class Meta:
        model = Association
        fields = []

    def __init__(self, data=None, *args, now=None, **kwargs):
        super().__init__(_without_control_characters(data), *args, **kwargs)
        self.now = timezone.localtime(now or timezone.now())
        self._openings = {}
        self.lists = term_lists.of_request(self.request) if self.request else term_lists.current()
        if len(self.lists.towns) < 2:
            del self.filters["ville"]
        for filter_ in self.filters.values():
            if isinstance(filter_, TermFilter):
                filter_.extra["terms"] = getattr(self.lists, filter_.list_name)

    @cached_property
    def search(self):
        """The search box read against the vocabulary and applied to the form's criteria
        (`vocabulary.Search`): typing « gratuit » is ticking « Gratuit »; « colis arabe », a
        colis where Arabic is spoken."""
        form = self.form_criteria
        several = [
            name
            for name, filter_ in self.filters.items()
            if isinstance(filter_, django_filters.MultipleChoiceFilter)
        ]
        return self.lists.vocabulary.read(form.get("q") or "").applied_to(form, several)

    def filter_search(self, queryset, name, value):
        """The free words of the search in the associations' texts; the concepts it names are
        criteria on the services (`service_condition`). Each result gets its `relevance`: 1 for
        a service meeting the concepts, more for the free words matching better (PostgreSQL)."""
        search = self.search
        queryset = matching(queryset, " ".join(search.free_words))
        relevance = rank(" ".join(search.free_words))
        if search.named:
            concepts = Service.objects.filter(self._concepts_met, association=OuterRef("pk"))
            relevance = (
                models.Case(
                    models.When(Exists(concepts), then=models.Value(1.0)), default=models.Value(0.0)
                )
                + relevance
            )
        elif search.applied:
            relevance = models.Value(1.0) + relevance
        return queryset.annotate(relevance=relevance)

    def filter_town(self, queryset, name, value):
        return queryset.filter(
            Exists(Place.objects.filter(association=OuterRef("pk"), city=value.name))
        )

    def filter_preference(self, queryset, name, value):
        # The quartier and the order choose the order of the results (`ordered`), not them.
        return queryset

    def filter_services(self, queryset, name, value):
        # Collected by filter_queryset into one condition on a same service.
        return queryset

    def public_links(self):
        """The links between services and publics the "public" filter looks at."""
        return ServicePublic.objects.shown_publicly()

    def service_condition(self):
        """The services the criteria ask for, meeting them together (see the class).

        A search naming a type of aid or a quartier also finds, at an association that has no
        such service or place but whose text names them, the services meeting the other
        criteria: « resto » finds the Restos du Cœur's colis too, after the meals
        (`filter_search`'s relevance). The text of an association holds the names of its types
        of aid: « colis arabe » is not read there as a colis and something else in Arabic."""
        return self._service_condition

    @cached_property
    def _service_condition(self):
        # Built once: the opening filters, the order and the cards ask for it in turn.
        condition = self._concepts_met
        if self.search.named:
            others = {**self.criteria, "type": self.form_criteria.get("type")}
            condition |= (
                self._services_meeting(others)
                & Q(In(F("association"), self._named_in_texts))
                & ~self._named_met
            )
        return condition

    @cached_property
    def _named_in_texts(self):
        """The pks of the published associations whose text names the types of aid and
        quartiers that the search names: read once, for the several queries that ask."""
        return matching_pks(" ".join(found.phrase for found in self.search.named))

    @cached_property
    def _named_met(self):
        """Services of the associations that have a service of the types of aid and a place in
        the quartiers that the search names."""
        types = [
            found.concept.value for found in self.search.named if found.concept.criterion == "type"
        ]
        condition = Q()
        if types:
            having = Service.objects.filter(aid_type__in=types)
            condition &= Q(association__in=having.values("association"))
        if self.search.quartiers:
            places = Place.objects.filter(quartier__in=self.search.quartiers)
            condition &= Q(association__in=places.values("association"))
        return condition

    @cached_property
    def _concepts_met(self):
        """The services meeting every criterion, at an association with a place in the quartiers
        the search names, if any."""
        condition = self._services_meeting(self.criteria)
        if self.search.quartiers:
            places = Place.objects.filter(quartier__in=self.search.quartiers)
            condition &= Q(association__in=places.values("association"))
        return condition

    def _services_meeting(self, data):
        condition = Q()
        if data.get("type"):
            condition &= Q(aid_type__in=data["type"])
        for public in data.get("public") or ():
            links = self.public_links().welcoming(public)
            condition &= Q(Exists(links.filter(service=OuterRef("pk"))))
        if data.get("langue"):
            condition &= Q(languages=data["langue"])
        if data.get("sans_orientation"):
            condition &= ~Q(access=Service.Access.REFERRAL)
        if data.get("sans_rendez_vous"):
            condition &= ~Q(access=Service.Access.APPOINTMENT)
        if data.get("sans_zone"):
            condition &= Q(zone="")
        if data.get("gratuit"):
            condition &= Q(is_free=True)
        if data.get("accessible"):
            condition &= Q(place__accessibility=Place.Accessibility.YES)
        return condition

    def filter_when(self, queryset, name, value):
        # The service open is one that the other filters ask for: "colis, ouvert aujourd'hui"
        # is a colis today, not a meal today at an association that also gives colis.
        if value == When.NOW:
            return self._open(queryset, self.now, at_once=True)
        if value == When.TODAY:
            return self._open(queryset, self.now)
        if value == When.TOMORROW:
            return self._open(queryset, start_of(self.now.date() + datetime.timedelta(days=1)))
        return queryset

    def filter_day(self, queryset, name, value):
        # "jour" and "heure" are read together: `asked_moment`.
        if name == "heure" and self.form.cleaned_data.get("jour"):
            return queryset
        moment = self.asked_moment
        return self._open(queryset, moment, at_once=bool(self.form.cleaned_data.get("heure")))

    @property
    def form_criteria(self):
        """The form's cleaned data, without the fields it could not read (the page lists them as
        ignored)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def criteria(self):
        """The criteria understood: the form's, with those the search box names (`search`)."""
        return self.search.criteria

    @cached_property
    def asked_moment(self):
        """The instant that "Ouvert le … à …" asks about, the cards' statuses are computed at
        and the page names; None when the criteria ask about no day or time. A day without a
        time: from now on if it is today, from its start otherwise."""
        day, time = self.criteria.get("jour"), self.criteria.get("heure")
        if time is not None:
            return timezone.make_aware(datetime.datetime.combine(day or self.now.date(), time))
        if day is None:
            return None
        return self.now if day == self.now.date() else start_of(day)

    @property
    def status_moment(self):
        return self.asked_moment or self.now

    def openings(self, queryset, moment):
        """`Association.openings_from(moment)` for the services asked about, read once per
        moment: the opening filters and the order of the results share it."""
        if moment not in self._openings:
            self._openings[moment] = queryset.openings_from(
                moment, self.service_condition(), narrow=self._narrowed()
            )
        return self._openings[moment]

    def _open(self, queryset, moment, *, at_once=False):
        openings = self.openings(queryset, moment)
        if at_once:
            return queryset.among(opened_at(openings, moment))
        return queryset.among(openings)

    def filter_queryset(self, queryset):
        # An opening filter asks the open service to meet the condition (filter_when), which
        # says that the association has such a service already.
        condition = self.service_condition()
        if condition and not self._filters_opening():
            queryset = queryset.filter(
                pk__in=Service.objects.filter(condition).values("association")
            )
        return super().filter_queryset(queryset)

    def matching_services(self, associations):
        """The pks of the services of `associations` that the filters on services ask for (a
        type of aid, a public, free…), for their cards to tell those services' hours; None when
        no such filter is used. Of an association found by a search, the services meeting its
        concepts if it has some, those its text stands for otherwise (`service_condition`)."""
        condition = self.service_condition()
        if not condition or not associations:
            return None
        services = Service.objects.filter(
            condition, association__in=[association.pk for association in associations]
        ).order_by()
        if not self.search.named:
            return set(services.values_list("pk", flat=True))
        rows = services.annotate(
            meets=models.Case(
                models.When(self._concepts_met, then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        ).values_list("pk", "association", "meets")
        meeting = {association for _pk, association, meets in rows if meets}
        return {pk for pk, association, meets in rows if meets or association not in meeting}

    def _narrowed(self):
        """Whether a search, applied before the opening filters (in the order of the fields),
        leaves a small part of the directory for them to read the hours of."""
        return bool(self.criteria.get("q"))

    @cached_property
    def ordered(self):
        """The pks of the results in the order the list shows them.

        A search's best matches first (its `relevance`), then, with a quartier chosen, the
        associations with a place in it; then, unless the order by name is chosen, the ones open
        at the moment asked about (now by default), then the ones opening later that day, from
        the earliest; by name otherwise and within each.
        """
        queryset = self.qs
        ranked = "relevance" in queryset.query.annotations
        # In name order from the database; each sort below is stable, the least significant
        # first.
        by_name = queryset.order_by("name", "pk")
        if ranked:
            relevance = dict(by_name.values_list("pk", "relevance"))
            pks = list(relevance)
        else:
            pks = list(by_name.values_list("pk", flat=True))
        if self.by_distance:
            # The nearest first, whatever else: the person asked for it; places not located last.
            pks.sort(key=lambda pk: self.distances.get(pk, math.inf))
            return pks
        if self.criteria.get("tri") != Order.NAME:
            # Open at the moment: its own time; opening later that day: a later time.
            found = queryset.model.objects.among(pks)
            openings = self.openings(found, self.opening_moment)
            pks.sort(key=lambda pk: openings.get(pk, datetime.time.max))
        if self.nearby:
            pks.sort(key=lambda pk: pk not in self.nearby)
        if ranked:
            pks.sort(key=lambda pk: -(relevance[pk] or 0))
        return pks

    @property
    def origin(self):
        """Where the person said they are (`nearby.Origin`), or None."""
        criteria = self.form_criteria
        return criteria.get("position") or criteria.get("pres_de")

    @property
    def kept_by_near_form(self):
        """The list's criteria but the origin and the order, as (name, value): the "près de"
        form carries them, so that sorting by distance keeps what the person chose."""
        if not self.is_bound:
            return []
        # The list's own criteria only: an unknown parameter's name may hold anything.
        kept = set(self.filters) - {"pres_de", "position", "tri"}
        return [
            (name, value) for name, values in self.data.lists() if name in kept for value in values
        ]

    @property
    def by_distance(self):
        return self.origin is not None and self.criteria.get("tri") == Order.DISTANCE

    @cached_property
    def distances(self):
        """{pk: metres from the origin to the association's nearest place} for the results with
        a located place; empty without an origin. One query, on SQLite and PostgreSQL alike."""
        if self.origin is None:
            return {}
        places = Place.objects.filter(association__in=self.qs.order_by().values("pk"))
        return places.distances_from(self.origin.latitude, self.origin.longitude)

    @property
    def opening_moment(self):
        """The instant the order of the results reads the openings from: the moment asked
        about, the start of tomorrow for "Ouvert demain", now otherwise."""
        if self.asked_moment is not None:
            return self.asked_moment
        if self.criteria.get("ouvert") == When.TOMORROW:
            return start_of(self.now.date() + datetime.timedelta(days=1))
        return self.now

    @cached_property
    def nearby(self):
        """The pks of the associations with a place in the quartier chosen, if one is."""
        quartier = self.criteria.get("quartier")
        if not quartier:
            return set()
        return set(Place.objects.filter(quartier=quartier).values_list("association", flat=True))

    @property
    def nearby_count(self):
        """With a quartier chosen, how many of the results have a place in it."""
        return sum(pk in self.nearby for pk in self.ordered)

    def suggestions(self, limit=5):
        """When nothing matches, two ways on, as [(pk, next opening)]: the associations that
        open within a week for the same criteria but the time (with an opening criterion), and
        the places open to everyone, the soonest first."""
        soon = []
        if self._filters_opening():
            data = self.data.copy()
            for name in ("ouvert", "jour", "heure", "page"):
                data.pop(name, None)
            relaxed = type(self)(data, queryset=self.queryset, request=self.request, now=self.now)
            soon = relaxed.qs.next_openings(
                self.status_moment, relaxed.service_condition(), limit=limit
            )
        everyone = self.public_links().filter(service=OuterRef("pk"), public__is_everyone=True)
        open_to_all = self.queryset.next_openings(
            self.status_moment, Q(Exists(everyone)), limit=limit
        )
        return soon, open_to_all

    def _filters_opening(self):
        data = self.criteria
        return bool(data.get("ouvert") or data.get("jour") or data.get("heure"))

    @cached_property
    def active_filters(self):
        """(description, query string without it) for each filter in use.

        Shown above the results so that each criterion can be removed in one tap, and in an
        empty result as the way out.
        """
        active = []
        for name, value in self.form_criteria.items():
            if name == "tri":
                continue
            if value in (None, "", False) or (hasattr(value, "__len__") and not len(value)):
                continue
            params = self.data.copy()
            params.pop(name, None)
            params.pop("page", None)
            active.append((self._describe(name, value), params.urlencode()))
        return active

    def _describe(self, name, value):
        label = self.filters[name].label
        if value is True:
            return str(label)
        if name == "ouvert":
            return str(dict(When.CHOICES)[value])
        if name in ("pres_de", "position"):
            return _("Près de : %(place)s") % {"place": value.label}
        if name == "jour":
            value = opening_hours.long_date(value, with_weekday=True)
        elif name == "heure":
            value = time_format(value, "H:i")
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            value = punctuation.join(value)
        return _("%(label)s : %(value)s") % {"label": label, "value": value}
