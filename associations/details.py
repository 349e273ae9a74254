"""Loading what a page or an export shows of associations, in a fixed number of plain queries.

`AssociationQuerySet.with_public_details()`, `with_agent_details()` and `with_card_details()`
hand the associations they fetch to `load()` or `load_cards()`. Each relation is read by one
query and handed to its instances as a list: `association.services.all()`,
`service.slots.all()` and the like return those lists, as after a `prefetch_related`, which
builds a queryset for every instance of every relation and cost more than the queries
themselves (half of a list page's time, and ten seconds and more of an export of 10,000
associations).

What `load()` gives each instance:
- `places` (with their `quartier`), `services` (with `aid_type`, `place`, `languages` and
  `slots`), in the order of the models' `Meta.ordering`, services by type of aid then name;
- `coming_closures`: closures not over on `today`;
- public pages (``ccas=False``): `service.public_publics` and `association.public_referents`,
  public rows only: CCAS-only rows are never loaded;
- CCAS agents (``ccas=True``): `service.agent_publics` and `association.agent_referents`, every
  row, whose `is_public` tells a page which ones to mark as CCAS-only.
`load_cards()` gives the lists' cards only places, services, slots and closures.
Slots are plain rows (`pk` and the fields the hours code reads); types of aid, quartiers,
languages and publics are the instances of `term_lists`, shared by every service and place.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.utils import timezone

from . import term_lists
from .models import Closure, OpeningSlot, Place, Referent, Service, ServicePublic
from .opening_hours import SLOT_FIELDS

SERVICE_ORDER = ["aid_type__position", "name", "pk"]
# What a card or a map's marker reads of a service (associations/listing.py): a third less time
# to read and build the services of a page. Reading another field would cost a query per
# service, which the tests' query counts of the lists would show. (Places are read whole:
# deferring their two texts costs more than it saves.)
CARD_SERVICE_FIELDS = ["association_id", "place_id", "aid_type_id", "access", "is_free"]


def load(associations, *, today=None, ccas=False, lists=None):
    """Give `associations` (a list of instances) their details; see the module's docstring.

    `lists`: the `term_lists.current()` that the caller already holds, if any.
    """
    if not associations:
        return
    terms, ids, places, services = _places_and_services(associations, lists, Service.objects)
    service_ids = [service.pk for service in services]
    languages = defaultdict(list)
    for service_id, language_id in (
        Service.languages.through.objects.filter(service__in=service_ids)
        .order_by("language__position", "language__name")
        .values_list("service_id", "language_id")
    ):
        languages[service_id].append(terms.languages[language_id])
    links = ServicePublic.objects.filter(service__in=service_ids)
    referents = Referent.objects.filter(association__in=ids)
    if not ccas:
        links = links.filter(is_public=True)
        referents = referents.filter(is_public=True)
    publics = defaultdict(list)
    for service_id, public_id, is_public in links.order_by(
        "public__position", "public__name"
    ).values_list("service_id", "public_id", "is_public"):
        publics[service_id].append(
            SimpleNamespace(
                public=terms.publics[public_id], public_id=public_id, is_public=is_public
            )
        )
    prefix = "agent" if ccas else "public"
    for service in services:
        service._prefetched_objects_cache["languages"] = languages[service.pk]
        setattr(service, f"{prefix}_publics", publics[service.pk])
    _attach(associations, ids, places, services, today)
    referents = _by(referents.order_by("-is_public", "name", "pk"), "association_id")
    for association in associations:
        setattr(association, f"{prefix}_referents", referents[association.pk])


def load_cards(associations, *, today=None, lists=None):
    """Only what a list's card (or a map's marker) shows: places and their quartier, services
    and their type of aid, hours and closures; no languages, publics nor referents."""
    if not associations:
        return
    _terms, ids, places, services = _places_and_services(
        associations, lists, Service.objects.only(*CARD_SERVICE_FIELDS)
    )
    _attach(associations, ids, places, services, today)


def _places_and_services(associations, lists, services):
    """The term lists, the ids, the places by association and the services (with their type of
    aid, read from the queryset or manager `services`) of `associations`."""
    terms = lists or term_lists.current()
    ids = [association.pk for association in associations]
    services = list(services.filter(association__in=ids).order_by(*SERVICE_ORDER))
    for service in services:
        service.aid_type = terms.aid_types[service.aid_type_id]
        service._prefetched_objects_cache = {}
    return terms, ids, _places(ids, terms), services


def _places(ids, terms):
    # Grouped by association, in the order of Place.Meta.ordering (without its join).
    places = _by(Place.objects.filter(association__in=ids).order_by("name", "pk"), "association_id")
    for group in places.values():
        for place in group:
            place.quartier = terms.quartiers.get(place.quartier_id)
    return places


def _attach(associations, ids, places, services, today):
    """Hand its places, services (with their place and slots) and coming closures to each."""
    today = today or timezone.localdate()
    slots = defaultdict(list)
    for row in (
        OpeningSlot.objects.filter(service__in=[service.pk for service in services])
        .order_by("service_id", "weekday", "opens_at", "pk")
        .values("pk", *SLOT_FIELDS)
    ):
        slots[row["service_id"]].append(SimpleNamespace(**row))
    place_of = {place.pk: place for group in places.values() for place in group}
    services_of = defaultdict(list)
    for service in services:
        if service.place_id in place_of:
            service.place = place_of[service.place_id]
        service._prefetched_objects_cache["slots"] = slots[service.pk]
        services_of[service.association_id].append(service)
    closures = _by(
        Closure.objects.filter(association__in=ids, ends_on__gte=today).order_by("starts_on", "pk"),
        "association_id",
    )
    for association in associations:
        association._prefetched_objects_cache = {
            "places": places[association.pk],
            "services": services_of[association.pk],
        }
        association.coming_closures = closures[association.pk]


def _by(queryset, key):
    grouped = defaultdict(list)
    for instance in queryset:
        grouped[getattr(instance, key)].append(instance)
    return grouped
