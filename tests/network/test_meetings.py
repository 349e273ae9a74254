"""Meetings: the host suggested in the admin, the members' pages, attendance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Meeting, MeetingAttendance, suggested_host

from .conftest import paris

pytestmark = pytest.mark.django_db


def test_suggested_host_is_one_that_never_hosted_then_by_name(own, make_association, make_meeting):
    alma = make_association("Alma Solidaire")
    bazar = make_association("Bazar du Cœur")
    make_association("Zèbre Solidaire")
    make_association("Aaa Cachée", is_published=False)
    make_meeting(paris(2026, 1, 10), host=alma)
    make_meeting(paris(2026, 3, 10), host=bazar)
    # Never hosted: "Les Paniers du Pile" and "Zèbre Solidaire", first by name; the unpublished
    # association is never suggested.
    assert suggested_host() == own
    make_meeting(paris(2026, 5, 10), host=own)
    assert suggested_host().name == "Zèbre Solidaire"


def test_suggested_host_is_the_one_that_hosted_least_recently(make_association, make_meeting):
    alma = make_association("Alma Solidaire")
    bazar = make_association("Bazar du Cœur")
    make_meeting(paris(2026, 2, 10))
    make_meeting(paris(2025, 11, 10), host=alma)
    make_meeting(paris(2026, 1, 10), host=bazar)
    make_meeting(paris(2026, 3, 10), host=alma)
    assert suggested_host() == bazar


def test_admin_add_form_offers_the_suggested_host(ccas_client, make_association, make_meeting):
    alma = make_association("Alma Solidaire")
    bazar = make_association("Bazar du Cœur")
    make_meeting(paris(2025, 11, 10))
    make_meeting(paris(2026, 1, 10), host=alma)
    response = ccas_client.get(reverse("admin:network_meeting_add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["host"] == bazar.pk


def test_agent_creates_a_meeting_in_the_admin(ccas_client, make_association):
    host = make_association("Alma Solidaire")
    response = ccas_client.post(
        reverse("admin:network_meeting_add"),
        {
            "starts_at_0": "2026-12-10",
            "starts_at_1": "14:00",
            "ends_at_0": "2026-12-10",
            "ends_at_1": "16:00",
            "host": host.pk,
            "address": "Mairie de Roubaix",
            "agenda": "Tour de table",
            "minutes": "",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 14
    assert meeting.host == host


def test_admin_refuses_a_meeting_ending_before_it_starts(ccas_client, make_association):
    host = make_association("Alma Solidaire")
    response = ccas_client.post(
        reverse("admin:network_meeting_add"),
        {
            "starts_at_0": "2026-12-10",
            "starts_at_1": "14:00",
            "ends_at_0": "2026-12-10",
            "ends_at_1": "13:00",
            "host": host.pk,
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "La fin doit être après le début." in response.content.decode()
    assert not Meeting.objects.exists()


def test_members_see_upcoming_and_past_meetings(
    volunteer_client, make_meeting, other, django_assert_max_num_queries
):
    now = timezone.now()
    coming = make_meeting(now + datetime.timedelta(days=10), agenda="Collecte")
    past = make_meeting(now - datetime.timedelta(days=50), host=other)
    for _ in range(5):
        make_meeting(now - datetime.timedelta(days=100))
    # 11 with the territory, read once per generation of the directory.
    with django_assert_max_num_queries(11):
        response = volunteer_client.get(reverse("network:meetings"))
    page = response.content.decode()
    assert response.context["upcoming"][0] == coming
    assert past in response.context["past"]
    assert page.index("Prochaines réunions") < page.index(coming.get_absolute_url())
    assert page.index("Réunions passées") < page.index(past.get_absolute_url())
    # Only agents are offered to plan a meeting.
    assert reverse("admin:network_meeting_add") not in page


def test_minutes_keep_line_breaks_and_escape_markup(volunteer_client, make_meeting):
    meeting = make_meeting(minutes="Présents : 12\n<script>alert(1)</script>")
    page = volunteer_client.get(meeting.get_absolute_url()).content.decode()
    assert "Présents : 12<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_volunteer_confirms_then_withdraws_attendance(volunteer_client, own, make_meeting):
    meeting = make_meeting()
    url = reverse("network:attendance", args=[meeting.pk, own.slug])
    response = volunteer_client.post(url, {"present": "1"}, follow=True)
    attendance = MeetingAttendance.objects.get(meeting=meeting)
    assert attendance.association == own
    assert attendance.confirmed_by.username == "marie"
    assert "présence confirmée" in response.content.decode()
    volunteer_client.post(url, {"present": "1"})
    assert MeetingAttendance.objects.count() == 1
    volunteer_client.post(url, {"present": "0"})
    assert not MeetingAttendance.objects.exists()


def test_volunteer_cannot_confirm_attendance_for_another_association(
    volunteer_client, other, make_meeting
):
    meeting = make_meeting()
    url = reverse("network:attendance", args=[meeting.pk, other.slug])
    assert volunteer_client.post(url, {"present": "1"}).status_code == 404
    assert not MeetingAttendance.objects.exists()


def test_attendance_is_a_post_only_action(volunteer_client, own, make_meeting):
    url = reverse("network:attendance", args=[make_meeting().pk, own.slug])
    assert volunteer_client.get(url).status_code == 405


def test_unknown_meeting_is_not_found(volunteer_client, own):
    assert volunteer_client.get(reverse("network:meeting", args=[999])).status_code == 404
    url = reverse("network:attendance", args=[999, own.slug])
    assert volunteer_client.post(url, {"present": "1"}).status_code == 404


def test_space_dashboard_links_to_the_network(volunteer_client, own):
    page = volunteer_client.get(reverse("space:dashboard")).content.decode()
    assert reverse("network:meetings") in page
    assert reverse("network:board") in page
    assert reverse("network:figures", args=[own.slug]) in page
    assert reverse("network:diagnostic") not in page


def test_meeting_page_queries_are_bounded(
    volunteer_client, make_meeting, make_association, django_assert_max_num_queries
):
    meeting = make_meeting()
    for index in range(6):
        association = make_association(f"Association {index}")
        MeetingAttendance.objects.create(meeting=meeting, association=association)
    # 11 with the territory, read once per generation of the directory.
    with django_assert_max_num_queries(11):
        response = volunteer_client.get(meeting.get_absolute_url())
    assert response.content.decode().count("Association ") >= 6


def test_admin_place_choices_name_their_association(ccas_client, own):
    response = ccas_client.get(reverse("admin:network_meeting_add"))
    assert (
        "Les Paniers du Pile – Salle principale (12 rue de l&#x27;Alma)"
        in response.content.decode()
    )


def test_agents_find_the_edit_link_on_the_meeting_page(ccas_client, volunteer_client, make_meeting):
    meeting = make_meeting()
    edit = reverse("admin:network_meeting_change", args=[meeting.pk])
    assert edit in ccas_client.get(meeting.get_absolute_url()).content.decode()
    assert edit not in volunteer_client.get(meeting.get_absolute_url()).content.decode()
