"""Every page of the space: anonymous users log in, others' associations are 404, own pages work."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (url name, needs a service id, method)
PAGES = [
    ("space:mark_checked", False, "get"),
    ("space:association", False, "get"),
    ("space:edit_association", False, "get"),
    ("space:edit_places", False, "get"),
    ("space:services", False, "get"),
    ("space:add_service", False, "get"),
    ("space:edit_service", True, "get"),
    ("space:delete_service", True, "get"),
    ("space:edit_closures", False, "get"),
    ("space:edit_referents", False, "get"),
    ("space:members", False, "get"),
]
PAGE_IDS = [name for name, _, _ in PAGES]


def url_for(name, association, needs_service):
    args = [association.slug]
    if needs_service:
        args.append(association.services.get().pk)
    return reverse(name, args=args)


def request(client, method, url):
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "needs_service", "method"), PAGES, ids=PAGE_IDS)
def test_anonymous_is_sent_to_the_login_page(client, own, name, needs_service, method):
    response = request(client, method, url_for(name, own, needs_service))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "needs_service", "method"), PAGES, ids=PAGE_IDS)
def test_member_cannot_reach_another_associations_pages(
    manager_client, other, name, needs_service, method
):
    response = request(manager_client, method, url_for(name, other, needs_service))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "needs_service", "method"), PAGES, ids=PAGE_IDS)
def test_manager_reaches_every_page_of_their_association(
    manager_client, own, name, needs_service, method
):
    response = request(manager_client, method, url_for(name, own, needs_service))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url == reverse("space:dashboard")


def test_service_of_another_association_is_not_found_under_own_slug(volunteer_client, own, other):
    url = reverse("space:edit_service", args=[own.slug, other.services.get().pk])
    assert volunteer_client.get(url).status_code == 404


def test_volunteer_cannot_manage_members(volunteer_client, own):
    response = volunteer_client.get(reverse("space:members", args=[own.slug]))
    assert response.status_code == 403


def test_ccas_agent_may_use_the_space_for_any_association(agent_client, own):
    response = agent_client.get(reverse("space:edit_association", args=[own.slug]))
    assert response.status_code == 200


def test_dashboard_lists_only_the_users_associations(volunteer_client, own, other):
    content = volunteer_client.get(reverse("space:dashboard")).content.decode()
    assert own.name in content
    assert "Épicerie de l&#x27;Alma" not in content


def test_user_without_association_is_told_to_contact_the_ccas(client, django_user_model, own):
    client.force_login(django_user_model.objects.create_user("seul"))
    content = client.get(reverse("space:dashboard")).content.decode()
    assert "rattaché à aucune association" in content
