"""Full-text search of the directory, insensitive to accents and case.

PostgreSQL uses its full-text search with French stemming after removing accents (the
`french_unaccent` configuration, created by migration 0004). SQLite has neither: it gets a
registered UNACCENT function and a word-by-word substring match with a crude plural stemmer,
which is enough for a local run of a directory of a few dozen associations.
"""

import re
import unicodedata

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Lower

SEARCH_CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200


def fold(text):
    """Lower case without accents or ligatures: 'Restos du Cœur' -> 'restos du coeur'."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The searchable words of a query, folded, without plural endings."""
    found = re.findall(r"\w+", fold(text[:MAX_QUERY_LENGTH]))
    return [word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in found]


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "UNACCENT", 1, lambda text: fold(text) if text is not None else None, deterministic=True
        )


class Unaccent(Func):
    function = "UNACCENT"
    output_field = CharField()


def search(queryset, text):
    """Associations of `queryset` matching `text`, best first on PostgreSQL."""
    if not words(text):
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text[:MAX_QUERY_LENGTH])
    return _search_fallback(queryset, words(text))


def _related_names(model, path):
    return Subquery(
        model.objects.filter(association=OuterRef("pk"))
        .values("association")
        .annotate(names=StringAgg(path, " ", distinct=True))
        .values("names"),
        output_field=CharField(),
    )


def _search_postgresql(queryset, text):
    from .models import Place, Service

    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce("network__name", Value("")),
            Coalesce(_related_names(Service, "aid_type__name"), Value("")),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector(
            "summary",
            "description",
            Coalesce(_related_names(Service, "description"), Value("")),
            Coalesce(_related_names(Place, "quartier__name"), Value("")),
            Coalesce(_related_names(Place, "address"), Value("")),
            weight="C",
            config=SEARCH_CONFIG,
        )
    )
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.annotate(search_vector=vector, folded_name=Lower(Unaccent("name")))
        .filter(Q(search_vector=query) | Q(folded_name__contains=fold(text.strip())))
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by(F("search_rank").desc(), "name")
    )


def _search_fallback(queryset, terms):
    from .models import Place, Service

    queryset = queryset.annotate(
        search_document=Unaccent(
            Concat(
                "name",
                Value(" "),
                "summary",
                Value(" "),
                "description",
                Value(" "),
                Coalesce("network__name", Value("")),
                output_field=CharField(),
            )
        )
    )
    for term in terms:
        services = Service.objects.filter(association=OuterRef("pk")).annotate(
            text=Unaccent(Concat("aid_type__name", Value(" "), "description"))
        )
        places = Place.objects.filter(association=OuterRef("pk")).annotate(
            text=Unaccent(
                Concat(
                    Coalesce("quartier__name", Value("")),
                    Value(" "),
                    "address",
                    output_field=CharField(),
                )
            )
        )
        queryset = queryset.filter(
            Q(search_document__contains=term)
            | Exists(services.filter(text__contains=term))
            | Exists(places.filter(text__contains=term))
        )
    return queryset
