"""What every export reads: published associations with their public details, chunk by chunk.

Associations are loaded ``CHUNK_SIZE`` at a time in primary-key order, each chunk with a fixed
number of queries, so an export holds one chunk in memory however large the directory. A chunk
holds what ``Association.objects.with_public_details()`` gives a public page.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from associations.models import Association, Service, Town

from ..models import ImportedRecord

CHUNK_SIZE = 500

# data·inclusion producer name of this directory; also the prefix of ImportedRecord.source for
# records imported from our own data·inclusion export, which keep their ids.
SOURCE = "roubaix-aide"
OWN_DATA_INCLUSION_SOURCE = f"data-inclusion:{SOURCE}"


def published_associations(today=None, chunk_size=CHUNK_SIZE):
    """Yield published associations loaded with ``with_public_details`` and ``export_id``s."""
    today = today or timezone.localdate()
    last_pk = 0
    while True:
        chunk = list(
            Association.objects.published()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .with_public_details(today)[:chunk_size]
        )
        if not chunk:
            return
        _set_service_ids(chunk)
        _set_insee_codes(chunk)
        yield from chunk
        last_pk = chunk[-1].pk


def _set_insee_codes(associations):
    """Give each place its town's INSEE code (`insee_code`), None outside the territory's
    towns (`Town`) or with a postal code that is not the town's."""
    codes = Town.objects.insee_codes_by_address()
    for association in associations:
        places = association.place_list + [
            service.place for service in association.service_list if service.place
        ]
        for place in places:
            place.insee_code = codes.get((place.city.strip(), place.postal_code.strip()))


def _set_service_ids(associations):
    """Give each service its stable id: ``<association slug>--<pk>``, or the id it was imported
    with from another instance of this directory (so that a move keeps the ids)."""
    services = [service for association in associations for service in association.service_list]
    imported = dict(
        ImportedRecord.objects.filter(
            source=OWN_DATA_INCLUSION_SOURCE,
            content_type=ContentType.objects.get_for_model(Service),
            object_id__in=[service.pk for service in services],
        ).values_list("object_id", "source_id")
    )
    for association in associations:
        for service in association.service_list:
            service.export_id = imported.get(service.pk) or f"{association.slug}--{service.pk}"


def first_place(association):
    """The place that stands for the association as a whole: the first by name."""
    return next(iter(association.place_list), None)
