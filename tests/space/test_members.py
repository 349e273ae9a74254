"""A manager changes roles and removes members; the association always keeps a manager."""

import pytest
from django.urls import reverse

from accounts.models import Membership

pytestmark = pytest.mark.django_db


def membership_of(user):
    return Membership.objects.get(user=user)


def role_url(association, user):
    return reverse("space:change_role", args=[association.slug, membership_of(user).pk])


def remove_url(association, user):
    return reverse("space:remove_member", args=[association.slug, membership_of(user).pk])


def test_members_page_lists_members_with_their_role(
    manager_client, own, volunteer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        page = manager_client.get(reverse("space:members", args=[own.slug])).content.decode()
    assert "marie@example.org" in page
    assert 'value="volunteer" selected' in page
    assert role_url(own, volunteer) in page
    assert remove_url(own, volunteer) in page


def test_manager_makes_a_volunteer_manager(manager_client, own, volunteer):
    response = manager_client.post(role_url(own, volunteer), {"role": "manager"}, follow=True)
    assert "marie@example.org est maintenant responsable" in response.content.decode()
    assert membership_of(volunteer).role == "manager"
    assert membership_of(volunteer).history.first().history_type == "~"


def test_manager_steps_down_when_another_manager_remains(manager_client, own, manager, make_member):
    make_member(own, "luc", Membership.Role.MANAGER)
    manager_client.post(role_url(own, manager), {"role": "volunteer"})
    assert membership_of(manager).role == "volunteer"


def test_the_last_manager_cannot_step_down(manager_client, own, manager):
    response = manager_client.post(role_url(own, manager), {"role": "volunteer"}, follow=True)
    assert "doit garder au moins un responsable" in response.content.decode()
    assert membership_of(manager).role == "manager"


def test_the_last_manager_cannot_be_removed(ccas_client, own, manager):
    response = ccas_client.post(remove_url(own, manager), follow=True)
    assert "doit garder au moins un responsable" in response.content.decode()
    assert Membership.objects.filter(user=manager).exists()


def test_an_unknown_role_is_a_bad_request(manager_client, own, volunteer):
    assert manager_client.post(role_url(own, volunteer), {"role": "admin"}).status_code == 400
    assert membership_of(volunteer).role == "volunteer"


def test_removal_asks_for_confirmation_on_its_own_page(manager_client, own, volunteer):
    response = manager_client.get(remove_url(own, volunteer))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Retirer marie@example.org ?" in page
    assert "Oui, retirer ce membre" in page
    assert Membership.objects.filter(user=volunteer).exists()

    response = manager_client.post(remove_url(own, volunteer), follow=True)
    assert "marie@example.org ne peut plus modifier la fiche" in response.content.decode()
    assert not Membership.objects.filter(user=volunteer).exists()


def test_members_page_links_to_the_confirmation_not_a_direct_removal(
    manager_client, own, volunteer
):
    page = manager_client.get(reverse("space:members", args=[own.slug])).content.decode()
    assert f'href="{remove_url(own, volunteer)}"' in page
    assert f'action="{remove_url(own, volunteer)}"' not in page


def test_manager_cannot_remove_themselves(manager_client, own, manager, make_member):
    make_member(own, "luc", Membership.Role.MANAGER)
    response = manager_client.post(remove_url(own, manager), follow=True)
    assert "Vous ne pouvez pas vous retirer vous-même" in response.content.decode()
    assert Membership.objects.filter(user=manager).exists()


def test_manager_cannot_touch_a_member_of_another_association(
    manager_client, own, other, make_member
):
    luc = make_member(other, "luc")
    pk = membership_of(luc).pk
    assert manager_client.get(reverse("space:remove_member", args=[own.slug, pk])).status_code == (
        404
    )
    assert manager_client.post(reverse("space:remove_member", args=[own.slug, pk])).status_code == (
        404
    )
    url = reverse("space:change_role", args=[own.slug, pk])
    assert manager_client.post(url, {"role": "manager"}).status_code == 404
    assert membership_of(luc).role == "volunteer"


def test_volunteer_cannot_change_roles_nor_remove(volunteer_client, own, volunteer, manager):
    assert volunteer_client.post(role_url(own, volunteer), {"role": "manager"}).status_code == 403
    assert volunteer_client.get(remove_url(own, manager)).status_code == 403
    assert volunteer_client.post(remove_url(own, manager)).status_code == 403
    assert membership_of(volunteer).role == "volunteer"
    assert Membership.objects.filter(user=manager).exists()
