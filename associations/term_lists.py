"""The short lists every public page reads, kept in memory for the directory's generation.

Types of aid, quartiers, languages and publics fill the list pages' filter form, name the types
of aid and quartiers of every card, and are shared by the rows of an export; whether the demo is
loaded decides every page's banner. Reading them took
eight queries a list page, a third of its database time. They change only through writes that
raise the directory's generation (`DirectoryGeneration`, see associations/caching.py), so each
process keeps the lists of one generation and reads them again as soon as it changes: an edit
shows at once, on every app server.

Two guards:
- lists read inside a transaction are not kept: the transaction may raise the generation and
  then roll back, and another write would raise it to the same number with other lists;
- kept lists are read again after `MAX_AGE_SECONDS` whatever the generation, in case the
  lists are written without raising it (a script's bulk update). No number comes back with
  other data (see `DirectoryGeneration.advance`), even after a restore from a backup, and no
  lists are kept for generation 0, a directory never edited since it was migrated or emptied.
The instances are shared by every request of the process: read them, never change them.
"""

import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property

from .models import (
    AidType,
    Association,
    DirectoryGeneration,
    Language,
    Place,
    Public,
    Quartier,
    ServicePublic,
)

MAX_AGE_SECONDS = 60

_kept = None


@dataclass(frozen=True)
class TermLists:
    """Each list by primary key, in display order (position, then name)."""

    generation: int
    loaded_at: float
    aid_types: dict
    quartiers: dict
    languages: dict
    publics: dict
    # The publics some published association shows publicly: the public filter's choices.
    shown_publics: dict
    # The quartiers where some published association has a place: the home page's choices.
    quartiers_with_places: dict
    # Whether the demo associations are loaded: every page then says so in a banner.
    demo_loaded: bool


def current(generation=None):
    """The lists as of the directory's current generation (one query when they are kept), or
    as of `generation` just read. A request reads them once: `request.directory.lists`."""
    global _kept
    if generation is None:
        generation = DirectoryGeneration.current()
    kept = _kept
    if (
        kept is not None
        and kept.generation == generation
        and time.monotonic() - kept.loaded_at < MAX_AGE_SECONDS
    ):
        return kept
    lists = _read(generation)
    # Generation 0: a directory just migrated or emptied, never edited since (its lists may be
    # written without raising the generation, as the migrations seed them).
    if generation and not connection.in_atomic_block:
        _kept = lists
    return lists


def _read(generation):
    publics = _by_pk(Public.objects.all())
    quartiers = _by_pk(Quartier.objects.all())
    published = Association.objects.published()
    shown = set(
        ServicePublic.objects.filter(is_public=True, service__association__in=published)
        .values_list("public", flat=True)
        .distinct()
    )
    published_place = Place.objects.filter(quartier=OuterRef("pk"), association__in=published)
    with_places = set(Quartier.objects.filter(Exists(published_place)).values_list("pk", flat=True))
    return TermLists(
        generation=generation,
        loaded_at=time.monotonic(),
        aid_types=_by_pk(AidType.objects.all()),
        quartiers=quartiers,
        languages=_by_pk(Language.objects.all()),
        publics=publics,
        shown_publics={pk: public for pk, public in publics.items() if pk in shown},
        quartiers_with_places={pk: q for pk, q in quartiers.items() if pk in with_places},
        demo_loaded=Association.objects.filter(is_demo=True).exists(),
    )


def _by_pk(queryset):
    return {term.pk: term for term in queryset}


class RequestDirectory:
    """What a request reads of the directory's state, each at its first use: the generation
    (the public pages' cache key), the lists of that generation, whether the demo is loaded."""

    @cached_property
    def generation(self):
        return DirectoryGeneration.current()

    @cached_property
    def lists(self):
        return current(self.generation)

    @cached_property
    def demo_loaded(self):
        # From the lists when the page has read them (the public pages), otherwise by one
        # query rather than the lists' seven.
        if "lists" in self.__dict__:
            return self.lists.demo_loaded
        return Association.objects.filter(is_demo=True).exists()


class TermListsMiddleware:
    """`request.directory` (a RequestDirectory): a public page reads the generation once, for
    its cache key, its filters, its cards and the demo banner."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.directory = RequestDirectory()
        return self.get_response(request)
