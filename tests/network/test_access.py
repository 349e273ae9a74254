"""Every network page: anonymous users log in, users outside the network get a 403."""

import pytest
from django.urls import reverse

from network.models import CalendarToken, YearlyFigures

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(own, make_meeting, make_post):
    meeting = make_meeting()
    post = make_post()
    YearlyFigures.objects.create(association=own, year=2024, registrations=10)
    return [
        ("get", reverse("network:meetings")),
        ("get", meeting.get_absolute_url()),
        ("post", reverse("network:attendance", args=[meeting.pk, own.slug])),
        ("get", reverse("network:calendar")),
        ("get", reverse("network:board")),
        ("get", reverse("network:board_archive")),
        ("get", reverse("network:new_post")),
        ("get", post.get_absolute_url()),
        ("post", reverse("network:close_post", args=[post.pk])),
        ("post", reverse("network:relay_post", args=[post.pk])),
        ("get", reverse("network:figures", args=[own.slug])),
        ("get", reverse("network:edit_figures", args=[own.slug, 2024])),
        ("get", reverse("network:diagnostic")),
        ("get", reverse("network:diagnostic_csv")),
    ]


def visit(client, method, url):
    return client.post(url) if method == "post" else client.get(url)


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages):
    for method, url in pages:
        response = visit(client, method, url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_users_outside_the_network_are_refused(outsider_client, pages):
    for method, url in pages:
        assert visit(outsider_client, method, url).status_code == 403, url


def test_agents_reach_every_page(ccas_client, pages):
    for method, url in pages:
        assert visit(ccas_client, method, url).status_code in (200, 302), url


AGENT_ONLY = ["network:board_archive", "network:diagnostic", "network:diagnostic_csv"]


@pytest.mark.parametrize("name", AGENT_ONLY)
def test_members_are_refused_the_agents_pages(volunteer_client, name):
    assert volunteer_client.get(reverse(name)).status_code == 403


def test_calendar_feed_needs_no_login_but_the_secret(client, volunteer):
    token = CalendarToken.objects.issue(volunteer)
    assert client.get(token.feed_path()).status_code == 200


@pytest.mark.parametrize("model", ["meeting", "boardpost", "yearlyfigures", "calendartoken"])
def test_agents_manage_the_network_in_the_back_office(ccas_client, pages, model):
    assert ccas_client.get(reverse(f"admin:network_{model}_changelist")).status_code == 200
    add = ccas_client.get(reverse(f"admin:network_{model}_add")).status_code
    # Calendar addresses are made by their owners only.
    assert add == (403 if model == "calendartoken" else 200)


def test_agents_change_pages_open(ccas_client, own, make_meeting, make_post):
    meeting = make_meeting()
    post = make_post()
    assert (
        ccas_client.get(reverse("admin:network_meeting_change", args=[meeting.pk])).status_code
        == 200
    )
    assert (
        ccas_client.get(reverse("admin:network_boardpost_change", args=[post.pk])).status_code
        == 200
    )


def test_agent_group_holds_the_network_permissions(agent):
    for permission in (
        "network.add_meeting",
        "network.change_meeting",
        "network.change_meetingattendance",
        "network.change_boardpost",
        "network.view_boardanswer",
        "network.change_yearlyfigures",
        "network.change_calendartoken",
    ):
        assert agent.has_perm(permission), permission
