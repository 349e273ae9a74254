"""What every export reads: published associations with their public details, chunk by chunk.

Associations are loaded ``CHUNK_SIZE`` at a time in primary-key order, each chunk with a fixed
number of queries, so an export holds one chunk in memory however large the directory. A chunk
holds what ``Association.objects.with_public_details()`` gives a public page.
"""

from django.utils import timezone

from associations.models import Association, Town

CHUNK_SIZE = 500

# data·inclusion producer name of this directory: the import knows its records by it, and
# finds them by their ids.
SOURCE = "roubaix-aide"


def published_associations(today=None, chunk_size=CHUNK_SIZE):
    """Yield published associations loaded with ``with_public_details``."""
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


def first_place(association):
    """The place that stands for the association as a whole: the first by name."""
    return next(iter(association.place_list), None)
