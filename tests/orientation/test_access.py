"""Orientation pages: agents and superusers only; anonymous users log in, volunteers get a 403."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["search", "liaison_sheet", "person_sheet", "booklet"])
def url(request, make_association):
    association = make_association("Les Paniers du Pile")
    if request.param == "liaison_sheet":
        return reverse("orientation:liaison_sheet", args=[association.slug])
    if request.param == "person_sheet":
        return reverse("orientation:person_sheet") + f"?a={association.slug}"
    return reverse(f"orientation:{request.param}")


def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=/orientation/")


def test_volunteer_is_refused(volunteer_client, url):
    assert volunteer_client.get(url).status_code == 403


def test_association_manager_is_refused(manager_client, url):
    assert manager_client.get(url).status_code == 403


def test_agent_gets_the_page(agent_client, url):
    assert agent_client.get(url).status_code == 200


def test_superuser_gets_the_page(superuser_client, url):
    assert superuser_client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["space:dashboard", "associations:home"])
def test_agents_get_a_link_to_orientation(agent_client, page):
    assert (
        f'href="{reverse("orientation:search")}"'
        in agent_client.get(reverse(page)).content.decode()
    )


@pytest.mark.parametrize("page", ["space:dashboard", "associations:home"])
def test_volunteers_get_no_link_to_orientation(volunteer_client, page):
    content = volunteer_client.get(reverse(page)).content.decode()
    assert f'href="{reverse("orientation:search")}"' not in content


def test_admin_index_links_agents_to_orientation(agent_client):
    content = agent_client.get(f"/{settings.ADMIN_URL}").content.decode()
    assert f'href="{reverse("orientation:search")}"' in content
    assert f'href="{reverse("orientation:booklet")}"' in content
