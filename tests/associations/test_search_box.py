"""The public list's search box reads what people type: types of aid, publics, languages,
conditions and quartiers in French, English and Arabic, the synonyms CCAS agents keep, spelling
mistakes; each result says why it matches. As residents see it, on the three languages' pages."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from associations import edits
from associations.models import (
    AidType,
    Association,
    DirectoryGeneration,
    Language,
    Place,
    Public,
    Quartier,
    Service,
    ServicePublic,
)
from operations.demo import load_demo
from tests.associations.test_public_views import build_directory

LANGUAGES = ["fr", "en", "ar"]


def list_url(language):
    with translation.override(language):
        return reverse("associations:list")


def names(response):
    assert response.status_code == 200
    return [card.association.name for card in response.context["page"].object_list]


def reasons(response):
    return {card.association.name: card.reasons for card in response.context["page"].object_list}


def searched(client, text, language="fr"):
    return names(client.get(list_url(language), {"q": text}))


@pytest.fixture
def demo(db):
    return load_demo()


# Each failing query of the issue, and the filter that answers the same question.
STRICT = [
    ("sans papiers", {"public": "sans-papiers"}),
    ("Sans-papiers", {"public": "sans-papiers"}),
    ("gratuit", {"gratuit": "on"}),
    ("free", {"gratuit": "on"}),
    ("مجاني", {"gratuit": "on"}),
    ("arabe", {"langue": "arabe"}),
    ("demandeurs d'asile", {"public": "demandeurs-asile"}),
    ("students", {"public": "etudiants"}),
    ("sans rendez-vous", {"sans_rendez_vous": "on"}),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query, criteria", STRICT)
def test_a_public_language_or_condition_typed_finds_what_its_filter_finds(
    client, demo, query, criteria, language
):
    expected = names(client.get(list_url(language), criteria))
    assert expected
    assert sorted(searched(client, query, language)) == sorted(expected)


# Types of aid and quartiers also name places: what the filter finds comes first, then the
# places whose text names them.
NAMED = [
    ("وجبة", {"type": "repas"}),
    ("وجبات", {"type": "repas"}),
    ("meals", {"type": "repas"}),
    ("epicrie", {"type": "epicerie"}),
    ("épicerie sociale", {"type": "epicerie"}),
    ("colis", {"type": "colis"}),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query, criteria", NAMED)
def test_a_type_of_aid_typed_finds_what_its_filter_finds_first(
    client, demo, query, criteria, language
):
    expected = names(client.get(list_url(language), criteria))
    found = searched(client, query, language)
    assert expected
    assert sorted(found[: len(expected)]) == sorted(expected)


@pytest.mark.parametrize("query", ["alma", "almaa", "Alma"])
def test_a_quartier_typed_finds_the_associations_with_a_place_in_it_first(client, demo, query):
    alma = Quartier.objects.get(slug="alma")
    in_alma = set(
        Association.objects.published().filter(places__quartier=alma).values_list("name", flat=True)
    )
    found = searched(client, query)
    assert in_alma
    assert set(found[: len(in_alma)]) == in_alma


def test_the_issues_queries_all_find_something(client, demo):
    for query in ["sans papiers", "gratuit", "arabe", "demandeurs d'asile", "epicrie", "almaa"]:
        assert searched(client, query), query
    for query in ["وجبة", "students", "free"]:
        assert searched(client, query, "en"), query


def test_papiers_alone_does_not_read_as_without_papers(client, demo):
    # « papiers » is in the text of an association asking for papers: free text, not a public.
    assert not set(searched(client, "papiers")) & set(searched(client, "sans papiers"))


@pytest.mark.postgres
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_misspelt_name_finds_on_postgresql(client, make_association, language):
    make_association("Les Veilleurs de la Gare")
    make_association("Le Frigo")
    assert searched(client, "veileurs", language) == ["Les Veilleurs de la Gare"]
    assert searched(client, "colis veileurs", language) == ["Les Veilleurs de la Gare"]


@pytest.fixture
def colis_and_meals(make_association):
    """A colis where Arabic is spoken; a colis in French only, and meals in Arabic, elsewhere."""
    arabic = Language.objects.get(slug="arabe")
    both = make_association("Colis en arabe")
    both.services.get().languages.add(arabic)
    apart = make_association("Colis et repas")
    meals = Service.objects.create(association=apart, aid_type=AidType.objects.get(slug="repas"))
    meals.languages.add(arabic)
    edits.bulk_written(Association.objects.all())


@pytest.mark.parametrize("language", LANGUAGES)
def test_concepts_of_one_query_hold_for_one_same_service(client, colis_and_meals, language):
    assert searched(client, "colis arabe", language) == ["Colis en arabe"]
    assert searched(client, "parcel arabic", language) == ["Colis en arabe"]
    assert names(client.get(list_url(language), {"type": "colis", "langue": "arabe"})) == [
        "Colis en arabe"
    ]


def test_free_words_still_match_names_and_texts(client, make_association):
    make_association("Les Paniers du Pile", description="Distribution le jeudi.")
    make_association("L'Escale")
    assert searched(client, "jeudi") == ["Les Paniers du Pile"]
    assert searched(client, "colis jeudi") == ["Les Paniers du Pile"]
    assert searched(client, "colis escale") == ["L'Escale"]


def welcome(association, slug, *, is_public=True):
    """Link the association's service to the public `slug`, shown publicly or CCAS-only (a
    sensitive public then made public by an agent)."""
    ServicePublic.objects.create(
        service=association.services.get(),
        public=Public.objects.get(slug=slug),
        is_public=is_public,
        sensitive_made_public=is_public,
    )
    edits.bulk_written()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["sans papiers", "undocumented", "بدون أوراق"])
def test_a_ccas_only_public_is_never_found(client, make_association, query, language):
    welcome(make_association("Le Relais Discret"), "sans-papiers", is_public=False)
    welcome(make_association("La Porte Ouverte"), "sans-papiers")
    assert searched(client, query, language) == ["La Porte Ouverte"]


def test_agents_find_the_ccas_only_public_in_the_orientation(agent_client, make_association):
    welcome(make_association("Le Relais Discret"), "sans-papiers", is_public=False)
    response = agent_client.get(reverse("orientation:search"), {"q": "sans papiers"})
    assert "Le Relais Discret" in html.unescape(response.content.decode())


@pytest.fixture
def restos(make_association):
    """A place called after meals that gives colis, and a place giving meals."""
    make_association("Le Resto du Coin")
    table = make_association("La Table")
    table.services.update(aid_type=AidType.objects.get(slug="repas"))
    edits.bulk_written(Association.objects.all())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_concept_match_ranks_above_a_text_only_match(client, restos, language):
    assert searched(client, "resto", language) == ["La Table", "Le Resto du Coin"]


def test_results_carry_their_relevance(restos):
    from django.http import QueryDict

    from associations.filters import AssociationFilter

    filterset = AssociationFilter(
        QueryDict("q=resto"), queryset=Association.objects.published().order_by("name")
    )
    relevance = dict(filterset.qs.values_list("name", "relevance"))
    assert relevance["La Table"] > relevance["Le Resto du Coin"]


def test_a_synonym_added_in_the_admin_takes_effect(client, agent_client, make_association):
    table = make_association("La Table")
    table.services.update(aid_type=AidType.objects.get(slug="repas"))
    edits.bulk_written(Association.objects.all())
    assert searched(client, "casse-croûte") == []
    before = DirectoryGeneration.current()

    response = agent_client.post(
        reverse("admin:associations_synonym_add"),
        {"text": "casse-croûte", "aid_type": AidType.objects.get(slug="repas").pk},
    )

    assert response.status_code == 302
    assert DirectoryGeneration.current() > before
    assert searched(client, "casse-croûte") == ["La Table"]
    assert searched(client, "casse croute", "ar") == ["La Table"]


@pytest.fixture
def paniers(make_association):
    """A free colis in Alma where Arabic is spoken and people without papers are welcome."""
    association = make_association("Les Paniers", description="Produits frais")
    association.services.get().languages.add(Language.objects.get(slug="arabe"))
    welcome(association, "sans-papiers")
    return association


REASONS = {
    "fr": (
        "colis sans papiers arabe gratuit alma frais",
        [
            "Mots trouvés : frais",
            "Colis alimentaire",
            "Accueille : personnes sans papiers",
            "On y parle arabe",
            "Gratuit",
            "Quartier : Alma",
        ],
    ),
    "en": (
        "parcel undocumented arabic free alma frais",
        [
            "Words found: frais",
            "Food parcel",
            "Welcomes: undocumented people",
            "Arabic spoken",
            "Free",
            "Area: Alma",
        ],
    ),
    "ar": (
        "طرد بدون أوراق عربي مجاني alma frais",
        [
            "كلمات موجودة: frais",
            "طرد غذائي",
            "يستقبل: الأشخاص دون أوراق",
            "يتحدثون العربية",
            "مجاني",
            "الحي: Alma",
        ],
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_result_says_why_it_matches(client, paniers, language):
    query, expected = REASONS[language]
    response = client.get(list_url(language), {"q": query})
    assert reasons(response) == {"Les Paniers": expected}
    page = html.unescape(response.content.decode())
    assert all(f"<li>{line}</li>" in page for line in expected)


def test_a_text_only_match_says_which_words_its_text_holds(client, restos):
    response = client.get(list_url("fr"), {"q": "resto"})
    assert reasons(response) == {
        "La Table": ["Repas"],
        "Le Resto du Coin": ["Mots trouvés : resto"],
    }


def test_the_cards_of_a_list_without_search_say_nothing_more(client, paniers):
    assert reasons(client.get(list_url("fr"), {"gratuit": "on"})) == {"Les Paniers": ()}


def count_queries(client, url):
    client.get(url)  # the lists of this generation, read once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["colis gratuit", "association alma", "almaa", "colis association", "sans rendez-vous"]
)
def test_a_search_reads_as_many_queries_whatever_the_directorys_size(
    client, make_association, query
):
    url = f"{list_url('fr')}?q={query}"
    build_directory(make_association, 20)
    at_20 = count_queries(client, url)
    build_directory(make_association, 100, offset=20)
    assert count_queries(client, url) == at_20
    # The generation; the associations whose text names the types of aid and quartiers typed;
    # the results in their order and the openings that order them (closures, slots); with a
    # quartier, the associations in it; the page's cards (associations, places, services, slots,
    # closures); the services matching; the texts the words are found in; on PostgreSQL,
    # whether the free words are found as typed, before any look for a misspelling.
    assert at_20 <= 14


def test_a_place_named_in_the_search_is_found_by_its_place_name(client, make_association):
    association = make_association("Les Paniers")
    Place.objects.filter(association=association).update(name="Salle Watremez")
    edits.bulk_written(Association.objects.filter(pk=association.pk))
    assert searched(client, "watremez") == ["Les Paniers"]
