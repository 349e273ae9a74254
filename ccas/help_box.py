"""What the help box of every page shows of the CCAS's reception desks.

The desks are read once per generation of the directory (`DirectoryGeneration`) into one cache
entry, like the short lists (associations/term_lists.py): the back office advances the generation
when an agent edits them (ccas/admin.py), so every app server shows the edit at once, and a page
whose entry is cached pays no query for its help box. Their status ("Ouvert jusqu'à 17 h") and
hours in words are computed for each request, in its language. The last desks read are also kept
without a generation, for the page of a server that has lost its database.
"""

from functools import cached_property

from django.core.cache import cache
from django.utils import timezone

from associations import opening_hours
from associations.caching import generation_of

from .models import ReceptionDesk

LAST_KNOWN = "reception-desks:last-known"


class ShownDesk:
    """A desk as the help box shows it at `now`."""

    def __init__(self, desk, now):
        self.desk = desk
        self.now = now

    def __getattr__(self, name):
        return getattr(self.desk, name)

    @cached_property
    def status(self):
        return opening_hours.status(self.desk.schedule(), self.now)

    @cached_property
    def status_text(self):
        return opening_hours.status_text(self.status, self.now)

    @cached_property
    def hours(self):
        return [opening_hours.describe_slot(slot) for slot in self.desk.slot_list]


def current(generation):
    """The desks, with their slots, as of the directory's `generation`."""
    return cache.get_or_set(f"reception-desks:{generation}", _read)


def last_known(now):
    """The desks as last read from the database, for the error page of a server that no longer
    reaches it (operations/errors.py); none if the cache lost them too."""
    return [ShownDesk(desk, now) for desk in cache.get(LAST_KNOWN, [])]


def of_request(request):
    """The desks for a request's help boxes (a page may show two), read once."""
    if not hasattr(request, "reception_desks"):
        now = timezone.now()
        request.reception_desks = [ShownDesk(desk, now) for desk in current(generation_of(request))]
    return request.reception_desks


def _read():
    desks = list(ReceptionDesk.objects.with_slots())
    cache.set(LAST_KNOWN, desks, None)
    return desks
