"""The public search, on SQLite (fallback) and PostgreSQL (full-text) alike."""

import pytest
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db.models import F

from associations import edits
from associations.models import AidType, Association, Network
from associations.search import fold, matching, rank, words

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(matching(Association.objects.all(), text).values_list("name", flat=True))


@pytest.fixture
def directory(make_association):
    restos = make_association(
        "Les Restos du Cœur de Roubaix", network=Network.objects.get(slug="restos-du-coeur")
    )
    epicerie = make_association("L'Épicerie Solidaire du Pile", summary="Produits à petit prix.")
    with edits.edit(epicerie, source=edits.Source.SCRIPT, sections=[edits.Section.SERVICES]):
        epicerie.services.update(aid_type=AidType.objects.get(slug="epicerie"))
    make_association("Le Frigo de l'Hommelet", description="Un frigo partagé, on donne, on prend.")
    return restos, epicerie


def test_fold_removes_accents_case_and_ligatures():
    assert fold("Restos du CŒUR à l'Épeule") == "restos du coeur a l'epeule"


def test_words_drop_plural_endings_and_punctuation():
    assert words("Épiceries, repas!") == ["epicerie", "repa"]


def test_search_ignores_accents(directory):
    assert found("epicerie") == ["L'Épicerie Solidaire du Pile"]


def test_search_ignores_case(directory):
    assert found("FRIGO") == ["Le Frigo de l'Hommelet"]


def test_search_finds_a_network_by_a_short_name(directory):
    assert found("restos") == ["Les Restos du Cœur de Roubaix"]


def test_search_matches_the_ligature_typed_without_it(directory):
    assert found("coeur") == ["Les Restos du Cœur de Roubaix"]


def test_search_finds_plural_forms(directory):
    assert found("épiceries") == ["L'Épicerie Solidaire du Pile"]


def test_search_looks_into_the_type_of_aid_and_quartier(directory):
    assert "L'Épicerie Solidaire du Pile" in found("épicerie sociale")
    assert len(found("alma")) == 3


def test_search_needs_every_word(directory):
    assert found("frigo restos") == []


def test_search_with_no_word_returns_everything(directory):
    assert len(found("  !? ")) == 3


def test_search_survives_hostile_text(directory):
    assert found("'; DROP TABLE associations_association; --") == []
    assert found("%_\\") == []
    assert found("x" * 5000) == []


@pytest.mark.postgres
def test_postgresql_ranks_a_name_match_first(make_association):
    make_association("Le Panier", description="Nous proposons aussi un repas le jeudi.")
    make_association("Le Repas du Cœur")
    ranked = matching(Association.objects.all(), "repas").annotate(relevance=rank("repas"))
    assert [a.name for a in ranked.order_by("-relevance")] == [
        "Le Repas du Cœur",
        "Le Panier",
    ]


@pytest.mark.postgres
def test_postgresql_stems_french_words(make_association):
    make_association("Le Panier", description="Distribution de colis alimentaires.")
    assert found("alimentaire") == ["Le Panier"]
    assert found("distributions") == ["Le Panier"]


@pytest.mark.postgres
def test_postgresql_finds_a_piece_of_a_word_of_the_name(directory):
    assert found("ÉPIC") == ["L'Épicerie Solidaire du Pile"]
    assert found("hommel") == ["Le Frigo de l'Hommelet"]


def plan(queryset):
    """The plan PostgreSQL would follow if it could not scan whole tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


@pytest.mark.postgres
def test_postgresql_search_by_name_can_use_the_trigram_index(directory):
    assert "association_name_trigram" in plan(matching(Association.objects.all(), "epi"))


@pytest.mark.postgres
def test_postgresql_lists_published_associations_from_the_name_index(directory):
    published = Association.objects.published().order_by("name").values("pk")
    assert "association_published_card" in plan(published)


@pytest.mark.postgres
def test_postgresql_finds_a_misspelt_word_found_nowhere(make_association):
    make_association("Les Veilleurs de la Gare")
    make_association("Le Frigo", description="Ouvert aux étudiants.")
    assert found("veileurs") == ["Les Veilleurs de la Gare"]
    assert found("etudiamts") == ["Le Frigo"]


@pytest.mark.postgres
def test_postgresql_reads_a_word_found_somewhere_as_typed(make_association):
    make_association("La Gare")
    make_association("Le Garde-Manger")
    assert found("gare") == ["La Gare"]


@pytest.mark.postgres
def test_postgresql_finds_misspellings_through_the_trigram_index(directory):
    assert "association_search_document_trigram" in plan(
        Association.objects.filter(TrigramWordSimilar(F("search_document"), "epicrie"))
    )
