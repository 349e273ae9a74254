"""Three quick questions (/questions/): optional answers that lead to the list's criteria."""

import pytest
from django.urls import reverse
from django.utils import translation

from associations import edits
from associations.models import Public

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("associations:questions")
LIST = reverse("associations:list")


@pytest.mark.parametrize(
    ("answers", "criteria"),
    [
        ({"papiers": "non"}, "public=sans-papiers"),
        ({"enfants": "oui"}, "public=familles"),
        ({"habitant": "non"}, "sans_zone=on"),
        (
            {"papiers": "non", "habitant": "non", "enfants": "oui"},
            "public=sans-papiers&public=familles&sans_zone=on",
        ),
        ({"papiers": "non", "habitant": "oui", "enfants": "non"}, "public=sans-papiers"),
    ],
)
def test_answers_lead_to_the_list_with_the_matching_criteria(client, answers, criteria):
    response = client.get(QUESTIONS, answers)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?{criteria}"


@pytest.mark.parametrize(
    "answers",
    [
        {"papiers": "", "habitant": "", "enfants": ""},
        {"papiers": "oui", "habitant": "oui", "enfants": "non"},
        {"enfants": ""},
    ],
)
def test_no_answer_or_answers_that_restrict_nothing_lead_to_the_whole_list(client, answers):
    response = client.get(QUESTIONS, answers)
    assert response.status_code == 302
    assert response["Location"] == LIST


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_answers_lead_to_the_list_in_the_pages_language(client, prefix):
    response = client.get(f"{prefix}{QUESTIONS}", {"papiers": "non", "enfants": "oui"})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}{LIST}?public=sans-papiers&public=familles"


def test_a_public_the_ccas_deleted_is_skipped(client):
    edits.delete_terms(Public.objects.filter(slug="familles"))
    response = client.get(QUESTIONS, {"papiers": "non", "enfants": "oui"})
    assert response["Location"] == f"{LIST}?public=sans-papiers"
    response = client.get(QUESTIONS, {"enfants": "oui"})
    assert response["Location"] == LIST


@pytest.mark.parametrize(
    ("prefix", "error"),
    [
        ("", "Choisissez une des réponses proposées."),
        ("/en", "Choose one of the answers offered."),
        ("/ar", "اختر إحدى الإجابات المقترحة."),
    ],
)
@pytest.mark.parametrize("answer", ["peut-être", "x" * 5000, "non\x00", "<script>"])
def test_an_invalid_answer_shows_the_forms_error_never_a_500(client, prefix, error, answer):
    response = client.get(f"{prefix}{QUESTIONS}", {"papiers": answer, "enfants": "oui"})
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    assert 'aria-describedby="id_papiers_aide id_papiers_erreurs"' in content
    assert "<script>" not in content
    # The valid answer is kept.
    assert 'name="enfants" value="oui" id="id_enfants_0" checked' in content


def test_the_form_asks_three_optional_questions_and_says_nothing_is_stored(client):
    response = client.get(QUESTIONS)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<form class="questions" method="get" action="/questions/">' in content
    for question in ("Avez-vous des papiers ?", "Habitez-vous à Roubaix ?", "Vivez-vous avec"):
        assert f"<legend>{question}" in content
    assert content.count("Je préfère ne pas répondre") == 3
    # Not answering is the answer given by default.
    assert content.count('value="" id="id_') == 3
    assert content.count("checked") == 3
    assert "rien n'est enregistré à votre sujet" in content
    assert "<script" not in content


@pytest.mark.parametrize(
    ("prefix", "title", "nothing_stored"),
    [
        ("/en", "Three questions to find help", "nothing is stored about you"),
        ("/ar", "ثلاثة أسئلة لإيجاد مساعدة", "لا يُحفظ أي شيء عنك"),
    ],
)
def test_the_questions_in_english_and_arabic(client, prefix, title, nothing_stored):
    content = client.get(prefix + QUESTIONS).content.decode()
    assert f"<h1>{title}</h1>" in content
    assert nothing_stored in content
    assert f'action="{prefix}{QUESTIONS}"' in content


def test_other_parameters_alone_show_the_form(client):
    response = client.get(QUESTIONS, {"utm_source": "affiche"})
    assert response.status_code == 200
    assert "<legend>Avez-vous des papiers ?" in response.content.decode()


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_the_home_page_links_to_the_questions(client, prefix):
    content = client.get(prefix + "/").content.decode()
    with translation.override(prefix.strip("/") or "fr"):
        url = reverse("associations:questions")
    assert f'<p class="questions-link"><a href="{url}">' in content


def test_the_questions_cost_one_query_once_the_lists_are_cached(
    client, make_desk, django_assert_num_queries
):
    make_desk()
    client.get(QUESTIONS)
    client.get(QUESTIONS, {"papiers": "non"})
    # The generation: the lists and the help box's desks are cached under it.
    with django_assert_num_queries(1):
        assert client.get(QUESTIONS, {"papiers": "non"}).status_code == 302
    with django_assert_num_queries(1):
        assert client.get(QUESTIONS).status_code == 200
