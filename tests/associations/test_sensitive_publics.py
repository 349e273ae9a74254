"""Sensitive publics (sans papiers, demandeurs d'asile): the CCAS's to know, never public unless an
agent makes one public for one service."""

import pytest
from django.test import Client
from django.urls import reverse

from associations import edits
from associations.models import Public, ServicePublic

pytestmark = pytest.mark.django_db

WITHOUT_PAPERS = "Personnes sans papiers"
SENSITIVE_SLUG = "sans-papiers"
PUBLIC_PAGES = [
    reverse("associations:home"),
    reverse("associations:list"),
    reverse("associations:list") + "?public=sans-papiers",
    reverse("associations:list") + "?q=sans+papiers",
    reverse("associations:map"),
    reverse("associations:questions") + "?papiers=non",
    reverse("sitemap"),
]
EXPORTS = [
    ("opendata:di-structures-json", []),
    ("opendata:di-services-json", []),
    ("opendata:di-structures-csv", []),
    ("opendata:di-services-csv", []),
    ("opendata:hsds-organizations", []),
    ("opendata:hsds-organization", ["le-relais"]),
    ("opendata:services-csv", []),
]


@pytest.fixture
def relais(make_association):
    """An association welcoming people without papers, with the box "affiché publiquement" left
    ticked as it comes."""
    association = make_association("Le Relais")
    ServicePublic.objects.create(
        service=association.services.get(), public=Public.objects.get(slug=SENSITIVE_SLUG)
    )
    edits.bulk_written()
    return association


def text_of(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def made_public(association):
    ServicePublic.objects.filter(service__association=association).update(
        sensitive_made_public=True
    )
    edits.bulk_written()


def test_the_migration_flags_people_without_papers_and_asylum_seekers():
    sensitive = set(Public.objects.filter(is_sensitive=True).values_list("slug", flat=True))
    assert sensitive == {"sans-papiers", "demandeurs-asile"}


def test_a_sensitive_public_is_not_on_the_detail_page_nor_its_structured_data(client, relais):
    content = text_of(client.get(relais.get_absolute_url()))
    assert "Le Relais" in content
    assert WITHOUT_PAPERS not in content


def test_a_sensitive_public_is_not_on_the_public_liaison_sheet(client, relais):
    content = text_of(client.get(reverse("associations:liaison_sheet", args=[relais.slug])))
    assert "Le Relais" in content
    assert WITHOUT_PAPERS not in content


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_sensitive_public_is_on_no_list_filter_search_or_sitemap(client, relais, url):
    assert WITHOUT_PAPERS not in text_of(client.get(url, follow=True))


@pytest.mark.parametrize("criteria", [{"public": SENSITIVE_SLUG}, {"q": "sans papiers"}])
def test_the_list_does_not_single_a_service_out_by_its_sensitive_public(
    client, relais, make_association, criteria
):
    make_association("L'Autre Adresse")
    content = text_of(client.get(reverse("associations:list"), criteria))
    assert ("Le Relais" in content) == ("L&#x27;Autre Adresse" in content)


def test_the_quick_questions_do_not_lead_to_a_sensitive_public(client, relais):
    response = client.get(reverse("associations:questions"), {"papiers": "non"})
    assert response.status_code == 302
    assert SENSITIVE_SLUG not in response.url


@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_a_sensitive_public_is_in_no_export(client, relais, name, args):
    text = text_of(client.get(reverse(name, args=args)))
    assert "Le Relais" in text or "le-relais" in text
    assert "sans papiers" not in text.lower()


def test_agents_see_it_in_the_orientation_search_marked_ccas_only(agent_client, relais):
    response = agent_client.get(reverse("orientation:search"), {"public": SENSITIVE_SLUG})
    content = text_of(response)
    assert "Le Relais" in content
    assert "(réservé CCAS)" in content


def test_agents_see_it_on_their_liaison_sheet_marked_ccas_only(agent_client, relais):
    content = text_of(agent_client.get(reverse("orientation:liaison_sheet", args=[relais.slug])))
    assert f'{WITHOUT_PAPERS} <span class="ccas-label">Réservé CCAS</span>' in content


def test_made_public_for_a_service_it_shows_on_the_page_the_filter_and_the_exports(client, relais):
    made_public(relais)
    assert WITHOUT_PAPERS in text_of(client.get(relais.get_absolute_url()))
    response = client.get(reverse("associations:list"), {"public": SENSITIVE_SLUG})
    assert "Le Relais" in text_of(response)
    text = text_of(client.get(reverse("opendata:services-csv")))
    assert WITHOUT_PAPERS in text


def test_made_public_but_unticked_stays_ccas_only(client, relais):
    made_public(relais)
    ServicePublic.objects.update(is_public=False)
    edits.bulk_written()
    assert WITHOUT_PAPERS not in text_of(client.get(relais.get_absolute_url()))


def test_a_public_that_an_agent_flags_sensitive_leaves_the_public_pages(
    agent_client, make_association
):
    visitor = Client()
    association = make_association("Le Relais")
    families = Public.objects.get(slug="familles")
    ServicePublic.objects.create(service=association.services.get(), public=families)
    edits.bulk_written()
    assert "Familles" in text_of(visitor.get(association.get_absolute_url()))
    response = agent_client.post(
        reverse("admin:associations_public_change", args=[families.pk]),
        {
            "name": families.name,
            "slug": families.slug,
            "di_code": families.di_code,
            "position": families.position,
            "is_sensitive": "on",
        },
    )
    assert response.status_code == 302
    assert "Familles" not in text_of(visitor.get(association.get_absolute_url()))


def test_the_admin_says_what_making_a_sensitive_public_public_risks(agent_client, relais):
    url = reverse("admin:associations_association_change", args=[relais.pk])
    content = text_of(agent_client.get(url))
    assert "public sensible rendu public" in content.lower()
    assert "en connaissance du risque" in content
