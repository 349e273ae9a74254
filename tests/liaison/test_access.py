"""Who reaches an orientation: the agent who sent it, supervisors, the target association's
members; every other id is forged."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from liaison.models import Outcome

from .conftest import logged_in, view_all_permission

pytestmark = pytest.mark.django_db


def space_url(name, association, orientation=None):
    args = [association.slug] + ([orientation.pk] if orientation else [])
    return reverse(f"liaison_space:{name}", args=args)


def agent_urls(orientation):
    return [
        reverse("liaison:sent"),
        reverse("liaison:send", args=[orientation.service_id]),
        reverse("liaison:detail", args=[orientation.pk]),
    ]


def test_anonymous_visitors_log_in_first(client, orientation):
    for url in [
        *agent_urls(orientation),
        space_url("received", orientation.association, orientation),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_volunteer_never_reaches_the_agents_pages(member_client, orientation):
    for url in agent_urls(orientation):
        assert member_client.get(url).status_code == 403
    assert member_client.post(agent_urls(orientation)[1], {}).status_code == 403


@pytest.mark.parametrize("name", ["received", "accept", "refuse", "attendance"])
def test_a_volunteer_of_b_never_reaches_a_orientation(
    outsider_client, orientation, elsewhere, name
):
    target = orientation.association
    method = outsider_client.get if name == "received" else outsider_client.post
    data = {} if name == "received" else {"reason": "full", "came": "1"}
    # A's slug, then B's own slug with A's orientation id.
    assert method(space_url(name, target, orientation), data).status_code == 404
    assert method(space_url(name, elsewhere, orientation), data).status_code == 404
    orientation.refresh_from_db()
    assert orientation.status == Outcome.SENT
    assert not orientation.openings.exists()


def test_a_volunteer_of_b_does_not_see_a_inbox(outsider_client, orientation, elsewhere):
    assert outsider_client.get(space_url("inbox", orientation.association)).status_code == 404
    own = outsider_client.get(space_url("inbox", elsewhere)).content.decode()
    assert "Samia" not in own


def test_an_agent_who_edits_every_association_does_not_read_its_inbox(ccas_client, orientation):
    assert ccas_client.get(space_url("inbox", orientation.association)).status_code == 404
    url = space_url("received", orientation.association, orientation)
    assert ccas_client.get(url).status_code == 404


def test_an_agent_without_the_permission_never_reaches_a_colleague_orientation(
    colleague, orientation
):
    client = logged_in(colleague)
    assert client.get(reverse("liaison:detail", args=[orientation.pk])).status_code == 404
    assert "Samia" not in client.get(reverse("liaison:sent")).content.decode()
    sheet = reverse("orientation:person_sheet")
    orientation.status = Outcome.ACCEPTED
    orientation.save()
    forged = client.get(f"{sheet}?a={orientation.association.slug}&rdv={orientation.pk}")
    assert forged.status_code == 400
    assert not orientation.openings.exists()


def test_a_supervisor_sees_every_agent_orientation(supervisor, orientation):
    client = logged_in(supervisor)
    assert client.get(reverse("liaison:detail", args=[orientation.pk])).status_code == 200
    page = client.get(reverse("liaison:sent")).content.decode()
    assert "Samia" in page and "Orientations envoyées par les agents" in page


def test_the_permission_can_be_given_to_one_agent(colleague, orientation):
    colleague.user_permissions.add(view_all_permission())
    client = logged_in(colleague)
    assert client.get(reverse("liaison:detail", args=[orientation.pk])).status_code == 200


def test_a_supervisor_who_is_no_member_does_not_answer(supervisor, orientation):
    client = logged_in(supervisor)
    url = space_url("accept", orientation.association, orientation)
    assert client.post(url, {}).status_code == 404


def test_a_member_of_both_associations_reaches_each(
    member, orientation, elsewhere, make_orientation
):
    Membership.objects.create(user=member, association=elsewhere)
    other = make_orientation(elsewhere.services.get(), person="Yanis R.")
    client = logged_in(member)
    assert client.get(space_url("received", elsewhere, other)).status_code == 200
    assert client.get(space_url("received", elsewhere, orientation)).status_code == 404
