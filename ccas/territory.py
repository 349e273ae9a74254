"""The territory (`Territory`; its towns are the list `associations.Town`) as pages, mails and
feeds read it: once per generation of the directory (`DirectoryGeneration`), into one cache entry,
like the reception desks (ccas/help_box.py). The back office and `manage.py setup_territory`
advance the generation when they change it, so every app server shows the change at once. The
last territory read is also kept without a generation, for the page of a server that has lost its
database (operations/errors.py).
"""

from django.core.cache import cache

from associations.caching import generation_of
from associations.models import DirectoryGeneration

from .models import Territory

LAST_KNOWN = "territory:last-known"


def current(generation=None):
    """The territory as of the directory's `generation` (read if not given: a mail, a feed)."""
    if generation is None:
        generation = DirectoryGeneration.current()
    return cache.get_or_set(f"territory:{generation}", _read)


def of_request(request):
    """The territory for a request, read once."""
    if not hasattr(request, "territory"):
        request.territory = current(generation_of(request))
    return request.territory


def last_known():
    """The territory as last read from the database, or None if the cache lost it too."""
    return cache.get(LAST_KNOWN)


def _read():
    # The logo's file is read by its own view only (ccas/views.py).
    territory = Territory.objects.defer("logo").get(pk=Territory.SINGLE_ROW)
    cache.set(LAST_KNOWN, territory, None)
    return territory
