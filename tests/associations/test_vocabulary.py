"""What the search box understands (associations/vocabulary.py): the lists' names in three
languages and the synonyms, read in a query; the rest is free text."""

import pytest
from django.utils import translation

from associations import term_lists
from associations.models import AidType, Language
from associations.vocabulary import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def read():
    vocabulary = term_lists.current().vocabulary

    def read(text):
        reading = vocabulary.read(text)
        concepts = [
            (found.concept.criterion, getattr(found.concept.value, "slug", found.concept.value))
            for found in reading.found
        ]
        return concepts, reading.free_words

    return read


@pytest.mark.parametrize(
    "query, concept",
    [
        ("sans papiers", ("public", "sans-papiers")),
        ("Sans-Papiers", ("public", "sans-papiers")),
        ("gratuit", ("gratuit", True)),
        ("arabe", ("langue", "arabe")),
        ("demandeurs d'asile", ("public", "demandeurs-asile")),
        ("demandeur d’asile", ("public", "demandeurs-asile")),
        ("réfugiés", ("public", "demandeurs-asile")),
        ("وجبة", ("type", "repas")),
        ("وجبات", ("type", "repas")),
        ("students", ("public", "etudiants")),
        ("free", ("gratuit", True)),
        ("مجاني", ("gratuit", True)),
        ("resto", ("type", "repas")),
        ("épicerie sociale", ("type", "epicerie")),
        ("Social grocery", ("type", "epicerie")),
        ("sans rendez-vous", ("sans_rendez_vous", True)),
        ("no referral", ("sans_orientation", True)),
        ("Alma", ("quartier", "alma")),
        ("trois ponts", ("quartier", "trois-ponts")),
    ],
)
def test_a_query_names_a_concept(read, query, concept):
    assert read(query) == ([concept], [])


@pytest.mark.parametrize(
    "query, concept",
    [
        ("epicrie", ("type", "epicerie")),
        ("almaa", ("quartier", "alma")),
        ("hommlet", ("quartier", "hommelet")),
        ("studens", ("public", "etudiants")),
        ("grautit", ("gratuit", True)),
        ("demandeur d'azile", ("public", "demandeurs-asile")),
        ("epiceri solidair", ("type", "epicerie")),
    ],
)
def test_one_or_two_letters_wrong_still_name_the_concept(read, query, concept):
    assert read(query) == ([concept], [])


@pytest.mark.parametrize("query", ["Paniers", "veileurs", "gare", "rpas"])
def test_a_word_is_not_corrected_into_another_unless_it_makes_a_phrase(read, query):
    assert read(query) == ([], [query])


def test_the_longest_phrase_is_read_first(read):
    assert read("épicerie solidaire") == ([("type", "epicerie")], [])
    assert read("repas sans rendez-vous") == ([("type", "repas"), ("sans_rendez_vous", True)], [])


def test_concepts_and_free_words_are_read_in_one_query(read):
    assert read("colis arabe pour les Veilleurs") == (
        [("type", "colis"), ("langue", "arabe")],
        ["Veilleurs"],
    )


def test_words_that_say_nothing_alone_are_not_free_text(read):
    assert read("food for students near the gare") == (
        [("type", "repas"), ("public", "etudiants")],
        ["gare"],
    )


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_every_language_is_read_whatever_the_pages_language(read, language):
    with translation.override(language):
        assert read("students طلاب étudiants") == ([("public", "etudiants")] * 3, [])
        assert read("free مجاني gratuit") == ([("gratuit", True)] * 3, [])


def test_the_arabic_article_and_letter_forms_do_not_matter(read):
    assert read("الطلاب") == read("طلاب") == ([("public", "etudiants")], [])
    assert read("اكل") == read("أكل") == ([("type", "repas")], [])


def test_a_name_in_brackets_is_read_alone_too(read):
    assert read("tamazight") == ([("langue", "berbere")], [])
    assert read("berbère") == ([("langue", "berbere")], [])


def test_keys_fold_case_accents_plurals_and_the_arabic_article():
    assert keys("Épiceries SOLIDAIRES الطلاب") == ["epicerie", "solidaire", "طلاب"]


@pytest.fixture
def applied():
    lists = term_lists.current()

    def applied(text, **criteria):
        return lists.vocabulary.read(text).applied_to(criteria, several=["type", "public"])

    return applied


def test_concepts_become_the_criteria_they_stand_for(applied):
    search = applied("colis gratuit arabe alma", type=[], gratuit=None)
    assert [t.slug for t in search.criteria["type"]] == ["colis"]
    assert search.criteria["gratuit"] is True
    assert search.criteria["langue"].slug == "arabe"
    assert [q.slug for q in search.quartiers] == ["alma"]
    assert [found.typed for found in search.named] == ["colis", "alma"]


def test_types_of_aid_add_up_with_the_forms(applied):
    colis = AidType.objects.get(slug="colis")
    search = applied("repas", type=[colis])
    assert [t.slug for t in search.criteria["type"]] == ["colis", "repas"]


def test_a_second_language_stays_free_text(applied):
    turkish = Language.objects.get(slug="turc")
    search = applied("arabe", langue=turkish)
    assert search.criteria["langue"] == turkish
    assert search.applied == []
    assert search.free_words == ["arabe"]
