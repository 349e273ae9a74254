"""The public list's filters: every filtered list is a shareable GET URL."""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from . import term_lists
from .models import (
    Association,
    Place,
    Service,
    ServicePublic,
)
from .search import MAX_QUERY_LENGTH, search
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
        label=_("Quartier"),
        method="filter_quartier",
        empty_label=_("Tous les quartiers"),
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
        widget=DateInput(attrs={"type": "date"}),
    )
    heure = django_filters.TimeFilter(
        label=_("à"),
        method="filter_day",
        widget=TimeInput(attrs={"type": "time"}),
    )
    public = TermChoiceFilter(
        "shown_publics",
        label=_("Public accueilli"),
        method="filter_services",
        empty_label=_("Tous les publics"),
        widget=Select,
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
    gratuit = django_filters.BooleanFilter(
        label=_("Gratuit"), method="filter_services", widget=forms.CheckboxInput
    )
    accessible = django_filters.BooleanFilter(
        label=_("Accessible en fauteuil roulant"),
        method="filter_services",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Association
        fields = []

    def __init__(self, data=None, *args, now=None, **kwargs):
        super().__init__(_without_control_characters(data), *args, **kwargs)
        self.now = now or timezone.now()
        self.lists = term_lists.of_request(self.request) if self.request else term_lists.current()
        for filter_ in self.filters.values():
            if isinstance(filter_, TermFilter):
                filter_.extra["terms"] = getattr(self.lists, filter_.list_name)

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_quartier(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Place.objects.filter(quartier=value).values("association"))

    def filter_services(self, queryset, name, value):
        # Collected by filter_queryset into one condition on a same service.
        return queryset

    def public_links(self):
        """The links between services and publics the "public" filter looks at."""
        return ServicePublic.objects.filter(is_public=True)

    def service_condition(self):
        data = self.form.cleaned_data
        condition = Q()
        if data.get("type"):
            condition &= Q(aid_type__in=data["type"])
        if data.get("public"):
            condition &= Q(
                Exists(self.public_links().filter(service=OuterRef("pk"), public=data["public"]))
            )
        if data.get("langue"):
            condition &= Q(languages=data["langue"])
        if data.get("sans_orientation"):
            condition &= ~Q(access=Service.Access.REFERRAL)
        if data.get("gratuit"):
            condition &= Q(is_free=True)
        if data.get("accessible"):
            condition &= Q(place__accessibility=Place.Accessibility.YES)
        return condition

    def filter_when(self, queryset, name, value):
        # The service open is one that the other filters ask for: "colis, ouvert aujourd'hui"
        # is a colis today, not a meal today at an association that also gives colis.
        today = timezone.localdate(self.now)
        services = self.service_condition()
        narrow = self._narrowed()
        if value == When.NOW:
            return queryset.open_at(self.now, services, narrow=narrow)
        if value == When.TODAY:
            return queryset.open_on(today, services, narrow=narrow)
        if value == When.TOMORROW:
            return queryset.open_on(today + datetime.timedelta(days=1), services, narrow=narrow)
        return queryset

    def filter_day(self, queryset, name, value):
        # "jour" and "heure" are read together; "heure" alone means today at that time.
        if name == "heure" and self.form.cleaned_data.get("jour"):
            return queryset
        day = self.form.cleaned_data.get("jour") or timezone.localdate(self.now)
        time = self.form.cleaned_data.get("heure")
        services = self.service_condition()
        narrow = self._narrowed()
        if time is None:
            return queryset.open_on(day, services, narrow=narrow)
        moment = timezone.make_aware(datetime.datetime.combine(day, time))
        return queryset.open_at(moment, services, narrow=narrow)

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
        no such filter is used."""
        condition = self.service_condition() if self.is_bound else Q()
        if not condition or not associations:
            return None
        services = Service.objects.filter(
            condition, association__in=[association.pk for association in associations]
        )
        return set(services.order_by().values_list("pk", flat=True))

    def _narrowed(self):
        """Whether a search or a quartier, applied before the opening filters (in the order of
        the fields), leaves a small part of the directory for them to read the hours of."""
        data = self.form.cleaned_data
        return bool(data.get("q") or data.get("quartier"))

    def _filters_opening(self):
        data = self.form.cleaned_data
        return bool(data.get("ouvert") or data.get("jour") or data.get("heure"))

    @property
    def active_filters(self):
        """(description, query string without it) for each filter in use.

        Shown above the results so that each criterion can be removed in one tap, and in an
        empty result as the way out.
        """
        if not self.is_bound:
            return []
        self.form.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
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
        if name == "jour":
            value = date_format(value, "l j F Y")
        elif name == "heure":
            value = time_format(value, "H:i")
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            value = ", ".join(str(item) for item in value)
        return f"{label} : {value}"
