"""What every export reads: published associations with their public details, chunk by chunk.

Associations are loaded ``CHUNK_SIZE`` at a time in primary-key order, each chunk with a fixed
number of queries, so an export holds one chunk in memory however large the directory. A chunk
holds what ``Association.objects.with_public_details()`` gives a public page.
"""

from django.utils import timezone

from associations.models import Association

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
        yield from chunk
        last_pk = chunk[-1].pk


def first_place(association):
    """The place that stands for the association as a whole: the first by name."""
    return next(iter(association.place_list), None)
