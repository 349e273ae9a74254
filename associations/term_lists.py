"""The short lists the public pages read, in one cache entry per generation of the directory.

Types of aid, quartiers, towns, languages and publics fill the list pages' filter form and the home
page's links, and with the synonyms make what the search box understands (`vocabulary`); whether
the demo is loaded decides every page's banner. They change only through
associations/edits.py, which advances the directory's generation (`DirectoryGeneration`): the
next request reads them under a new key, on every app server. A generation never comes back
(`DirectoryGeneration.advance`), so an entry written in a transaction that rolled back is never
read. The entry expires after the cache's default timeout, in case a script writes the lists
without saying so.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from .caching import generation_of
from .models import (
    AidType,
    Association,
    DirectoryGeneration,
    Language,
    Place,
    Public,
    Quartier,
    ServicePublic,
    Synonym,
    Town,
)
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class TermLists:
    """Each list by primary key, in display order (position, then name)."""

    aid_types: dict
    quartiers: dict
    # The towns of the territory: a filter of the list when there are several.
    towns: dict
    languages: dict
    publics: dict
    # The public filter's choices: every public but those only CCAS-only links use (sensitive ones
    # included, until an agent makes one public for a service), whose very name is the CCAS's to
    # know.
    offered_publics: dict
    # The quartiers where some published association has a place: the home page's links.
    quartiers_with_places: dict
    # Whether the demo associations are loaded: every page then says so in a banner.
    demo_loaded: bool
    # What the search box understands: the names of these lists and the synonyms.
    vocabulary: Vocabulary


def current(generation=None):
    """The lists as of the directory's current generation (or of `generation`, just read)."""
    if generation is None:
        generation = DirectoryGeneration.current()
    return cache.get_or_set(f"term-lists:{generation}", _read)


def of_request(request):
    """The lists for a request, read once: its filter form, its links and its banner."""
    if not hasattr(request, "term_lists"):
        request.term_lists = current(generation_of(request))
    return request.term_lists


def _read():
    aid_types = _by_pk(AidType.objects.all())
    publics = _by_pk(Public.objects.all())
    quartiers = _by_pk(Quartier.objects.all())
    towns = _by_pk(Town.objects.all())
    languages = _by_pk(Language.objects.all())
    published = Association.objects.published()
    links = ServicePublic.objects.order_by().values_list("public", flat=True)
    hidden = set(links.exclude(public__in=links.shown_publicly()).distinct())
    published_place = Place.objects.filter(quartier=OuterRef("pk"), association__in=published)
    with_places = set(Quartier.objects.filter(Exists(published_place)).values_list("pk", flat=True))
    return TermLists(
        aid_types=aid_types,
        quartiers=quartiers,
        towns=towns,
        languages=languages,
        publics=publics,
        offered_publics={pk: public for pk, public in publics.items() if pk not in hidden},
        quartiers_with_places={pk: q for pk, q in quartiers.items() if pk in with_places},
        demo_loaded=Association.objects.filter(is_demo=True).exists(),
        vocabulary=Vocabulary.of(
            aid_types=aid_types,
            publics=publics,
            languages=languages,
            quartiers=quartiers,
            synonyms=Synonym.objects.all(),
        ),
    )


def _by_pk(queryset):
    return {term.pk: term for term in queryset}
