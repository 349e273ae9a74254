"""Full-text search of the directory, insensitive to accents and case.

What an association is found by (its name, network, types of aid, the names of its services and
places, descriptions, quartiers and addresses) is stored on the association itself, so that a
search reads one row per association instead of gathering its services and places at every
request:
- `search_document`: those words folded (lower case, no accents), which SQLite searches word by
  word as substrings, with a crude plural stemmer, and PostgreSQL by trigram word similarity for
  a word found nowhere as typed (a misspelling);
- `search_vector` on PostgreSQL: the same text as a weighted full-text vector (the name first,
  then the network, types of aid and names of services, then the rest) in the `french_unaccent`
  configuration (French stemming after removing accents, created by migration 0004), with a GIN
  index.

Both are rewritten by `index()`, which associations/edits.py calls at the end of every edit of
an association and after a rename of a network, quartier or type of aid. What the search box
reads besides free words (types of aid, publics, languages, conditions, quartiers) is the
vocabulary's (associations/vocabulary.py).
"""

import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Replace

from .models import Association, Place, Public, Referent, Service, ServicePublic

SEARCH_CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200
INDEX_BATCH = 500
# What a phone number is written with besides its digits: « 03 20 00 00 00 », « 03.20.00.00.00 ».
PHONE_SEPARATORS = (" ", ".", "-")
# A search of this many digits or more is read as a phone number, or a piece of one, too.
PHONE_MIN_DIGITS = 4


def fold(text):
    """Lower case without accents or ligatures: 'Restos du Cœur' -> 'restos du coeur'."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The searchable words of a query, folded, without plural endings."""
    found = re.findall(r"\w+", fold(text[:MAX_QUERY_LENGTH]))
    return [word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in found]


class FoldedName(Func):
    """The name folded like `fold()`, by the IMMUTABLE SQL function of migration 0011, so that a
    trigram index (pg_trgm) finds the names containing a piece of a word without a scan."""

    function = "roubaix_fold"
    output_field = CharField()


def matching(queryset, text):
    """Associations of `queryset` whose stored text holds the words of `text` (all of them).

    On PostgreSQL, when no published association's text holds them, those whose text holds a
    word close to each (pg_trgm's word similarity, by a trigram index on the stored text):
    « veileurs » finds « Les Veilleurs ». SQLite has no such index and does not: there, only
    the words of the vocabulary are read through spelling mistakes (associations/vocabulary.py).
    """
    if not words(text):
        return queryset
    text = text[:MAX_QUERY_LENGTH]
    if connection.vendor != "postgresql":
        for term in words(text):
            queryset = queryset.filter(search_document__contains=term)
        return queryset
    # Whether the words are anywhere is asked in a query of its own: PostgreSQL plans the
    # similarity operator slowly, its selectivity computed on the long texts of the column's
    # statistics.
    if _published(_exact(text)).exists():
        return queryset.alias(folded_name=FoldedName("name")).filter(_exact(text))
    return queryset.filter(_close(text))


def matching_pks(text):
    """The pks of the published associations `matching` `text`, read in one query when its words
    are found as typed."""
    if connection.vendor != "postgresql" or not words(text):
        return list(matching(Association.objects.published(), text).values_list("pk", flat=True))
    text = text[:MAX_QUERY_LENGTH]
    return list(_published(_exact(text)).values_list("pk", flat=True)) or list(
        _published(_close(text)).values_list("pk", flat=True)
    )


def for_agents(queryset, text):
    """The back office's search: associations of `queryset` found by their stored text as the
    public search finds them (`matching`: names, services, places, quartiers, addresses), by a
    public of one of their services (CCAS-only ones included: agents know them), or by a phone
    number, theirs or a referent's, whatever separates its digits. Insensitive to accents and
    case; any of the three ways finds an association."""
    if not words(text):
        return queryset
    found = Q(pk__in=matching(queryset, text).values("pk"))
    publics = [public.pk for public in Public.objects.all() if _names(public, text)]
    if publics:
        links = ServicePublic.objects.filter(public__in=publics)
        found |= Q(pk__in=links.values("service__association"))
    digits = re.sub(r"\D", "", text)
    if len(digits) >= PHONE_MIN_DIGITS and not re.search(r"[^\d\s.+-]", text):
        referents = Referent.objects.alias(digits=_digits("phone")).filter(digits__contains=digits)
        found |= Q(digits__contains=digits) | Q(pk__in=referents.values("association"))
        queryset = queryset.alias(digits=_digits("phone"))
    return queryset.filter(found)


def _names(public, text):
    """Whether a name of `public`, in any language, holds the words of `text`."""
    names = fold(" ".join((public.name, public.name_en, public.name_ar)))
    return all(word in names for word in words(text))


def _digits(field):
    """The digits of a phone number field."""
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def _published(condition):
    return (
        Association.objects.published()
        .alias(folded_name=FoldedName("name"))
        .filter(condition)
        .order_by()
    )


def _exact(text):
    return Q(search_vector=_query(text)) | Q(folded_name__contains=fold(text.strip()))


def _close(text):
    folded = re.findall(r"\w+", fold(text))
    return Q(*(TrigramWordSimilar(F("search_document"), word) for word in folded))


def rank(text):
    """How well an association's text matches `text`, from 0 to 1 excluded: on PostgreSQL, more
    for the words of the name than for those of the types of aid, than for the rest; 0 on SQLite
    and without words."""
    if connection.vendor != "postgresql" or not words(text):
        return Value(0.0)
    # Normalization 32: rank / (rank + 1).
    return SearchRank(F("search_vector"), _query(text[:MAX_QUERY_LENGTH]), normalization=32)


def _query(text):
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def index(associations):
    """Rewrite the stored search text of `associations` (a queryset) from their current data."""
    rows = list(
        associations.order_by("pk").values_list(
            "pk", "name", *_translated("network__name", "summary", "description")
        )
    )
    languages = len(settings.LANGUAGES)
    fields = ["search_document"]
    if connection.vendor == "postgresql":
        fields.append("search_vector")
    for start in range(0, len(rows), INDEX_BATCH):
        # The words of each association by weight: name; network, types of aid and the names of
        # its services; the rest (in every language: a reader of the English or Arabic pages
        # searches in theirs).
        parts = {
            pk: ({name}, set(texts[:languages]), set(texts[languages:]))
            for pk, name, *texts in rows[start : start + INDEX_BATCH]
        }
        services = (
            Service.objects.filter(association__in=parts)
            .order_by()
            .values_list("association", "name", *_translated("aid_type__name", "description"))
        )
        for pk, name, *texts in services:
            parts[pk][1].update((name, *texts[:languages]))
            parts[pk][2].update(texts[languages:])
        places = (
            Place.objects.filter(association__in=parts)
            .order_by()
            .values_list("association", "name", "quartier__name", "address")
        )
        for pk, *texts in places:
            parts[pk][2].update(texts)
        Association.all_objects.bulk_update(
            [Association(pk=pk, **_stored(*map(_joined, texts))) for pk, texts in parts.items()],
            fields,
        )


def _translated(*fields):
    """Each field in French and in the other languages: `name`, `name_en`, `name_ar`…"""
    codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return [f"{field}{suffix}" for field in fields for suffix in ("", *(f"_{c}" for c in codes))]


def _joined(texts):
    return " ".join(sorted(text for text in texts if text))


def _stored(name, main, rest):
    stored = {"search_document": fold(" ".join(text for text in (name, main, rest) if text))}
    if connection.vendor == "postgresql":
        stored["search_vector"] = (
            SearchVector(Value(name), weight="A", config=SEARCH_CONFIG)
            + SearchVector(Value(main), weight="B", config=SEARCH_CONFIG)
            + SearchVector(Value(rest), weight="C", config=SEARCH_CONFIG)
        )
    return stored
