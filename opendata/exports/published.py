"""What every export reads: published associations with their public details, chunk by chunk.

Associations are loaded ``CHUNK_SIZE`` at a time in primary-key order, each chunk with a fixed
number of queries, so an export holds one chunk in memory however large the directory. A chunk
holds what ``Association.objects.with_public_details()`` gives a public page, public publics and
referents only, in the same order, but each relation is read by one plain query and handed to
its instances as lists: ``prefetch_related`` builds a queryset for every instance of every
relation, which made an export of 10,000 associations take ten seconds and more.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from associations.models import (
    AidType,
    Association,
    Closure,
    Language,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)

from ..models import ImportedRecord

CHUNK_SIZE = 500
SLOT_FIELDS = [
    "service_id",
    "weekday",
    "opens_at",
    "closes_at",
    "weeks_of_month",
    "valid_from",
    "valid_until",
]

# data·inclusion producer name of this directory; also the prefix of ImportedRecord.source for
# records imported from our own data·inclusion export, which keep their ids.
SOURCE = "roubaix-aide"
OWN_DATA_INCLUSION_SOURCE = f"data-inclusion:{SOURCE}"


def published_associations(today=None, chunk_size=CHUNK_SIZE):
    """Yield published associations loaded with ``with_public_details`` and ``export_id``s."""
    today = today or timezone.localdate()
    terms = {
        name: model.objects.in_bulk()
        for name, model in [
            ("aid_types", AidType),
            ("quartiers", Quartier),
            ("languages", Language),
            ("publics", Public),
        ]
    }
    last_pk = 0
    while True:
        chunk = list(
            Association.objects.published()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("network")
            .defer("search_document", "search_vector")[:chunk_size]
        )
        if not chunk:
            return
        _load_public_details(chunk, today, terms)
        _set_service_ids(chunk)
        yield from chunk
        last_pk = chunk[-1].pk


def _load_public_details(associations, today, terms):
    """Give `associations` what `with_public_details(today)` would prefetch, in the same order."""
    # The chunk's published associations by a range of ids: lists of ids cost more to send.
    first, last = associations[0].pk, associations[-1].pk
    owned = Q(association__pk__range=(first, last), association__is_published=True)
    of_services = Q(service__association__pk__range=(first, last))
    of_services &= Q(service__association__is_published=True)
    services = Service.objects.filter(owned).order_by("aid_type__position", "name", "pk")
    places = _by(Place.objects.filter(owned), "association_id")
    place_of = {place.pk: place for group in places.values() for place in group}
    for place in place_of.values():
        place.quartier = terms["quartiers"].get(place.quartier_id)
    # Slots are plain rows (the hours code reads their fields only); terms (types of aid,
    # quartiers, languages, publics) are the same few instances for every service and place.
    slots = defaultdict(list)
    for row in (
        OpeningSlot.objects.filter(of_services)
        .order_by("service_id", "weekday", "opens_at", "pk")
        .values("pk", *SLOT_FIELDS)
    ):
        slots[row["service_id"]].append(SimpleNamespace(**row))
    languages = _terms(
        Service.languages.through.objects.filter(of_services).order_by(
            "language__position", "language__name"
        ),
        "language",
        terms["languages"],
    )
    publics = _terms(
        ServicePublic.objects.filter(of_services, is_public=True).order_by(
            "public__position", "public__name"
        ),
        "public",
        terms["publics"],
    )
    closures = _by(
        Closure.objects.filter(owned, ends_on__gte=today).order_by("starts_on", "pk"),
        "association_id",
    )
    referents = _by(
        Referent.objects.filter(owned, is_public=True).order_by("name", "pk"), "association_id"
    )
    services_of = defaultdict(list)
    for service in services:
        service.aid_type = terms["aid_types"][service.aid_type_id]
        if service.place_id in place_of:
            service.place = place_of[service.place_id]
        _set_prefetched(
            service,
            slots=slots[service.pk],
            languages=languages[service.pk],
        )
        service.public_publics = [SimpleNamespace(public=public) for public in publics[service.pk]]
        services_of[service.association_id].append(service)
    for association in associations:
        _set_prefetched(
            association, places=places[association.pk], services=services_of[association.pk]
        )
        association.coming_closures = closures[association.pk]
        association.public_referents = referents[association.pk]


def _terms(links, name, instances):
    """{service id: [term, ...]} of a table linking services to `instances` of a list."""
    grouped = defaultdict(list)
    for service_id, term_id in links.values_list("service_id", f"{name}_id"):
        grouped[service_id].append(instances[term_id])
    return grouped


def _by(queryset, key):
    grouped = defaultdict(list)
    for instance in queryset:
        grouped[getattr(instance, key)].append(instance)
    return grouped


def _set_prefetched(instance, **relations):
    """Make `instance.<relation>.all()` return the given list, as after a prefetch_related."""
    instance._prefetched_objects_cache = relations


def _set_service_ids(associations):
    """Give each service its stable id: ``<association slug>--<pk>``, or the id it was imported
    with from another instance of this directory (so that a move keeps the ids)."""
    services = [service for association in associations for service in association.services.all()]
    imported = dict(
        ImportedRecord.objects.filter(
            source=OWN_DATA_INCLUSION_SOURCE,
            content_type=ContentType.objects.get_for_model(Service),
            object_id__in=[service.pk for service in services],
        ).values_list("object_id", "source_id")
    )
    for association in associations:
        for service in association.services.all():
            service.export_id = imported.get(service.pk) or f"{association.slug}--{service.pk}"


def first_place(association):
    """The place that stands for the association as a whole: the first by name."""
    return next(iter(association.places.all()), None)
