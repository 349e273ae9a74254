"""The association's members answer: accept (with an appointment or not), refuse, came or not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from liaison.models import Opening, Outcome

pytestmark = pytest.mark.django_db


def url(name, orientation, lang=None):
    with translation.override(lang or "fr"):
        return reverse(f"liaison_space:{name}", args=[orientation.association.slug, orientation.pk])


def test_the_space_card_says_an_orientation_waits(member_client, orientation):
    page = member_client.get(reverse("space:dashboard")).content.decode()
    assert reverse("liaison_space:inbox", args=[orientation.association.slug]) in page
    assert "1 en attente de réponse" in page


def test_the_inbox_lists_the_waiting_orientations(
    member_client, orientation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = member_client.get(
            reverse("liaison_space:inbox", args=[orientation.association.slug])
        )
    assert "Samia B." in response.content.decode()


def test_accept_in_two_taps_open_then_accepter(member_client, member, orientation):
    page = member_client.get(url("received", orientation))
    assert page.status_code == 200
    assert f'action="{url("accept", orientation)}"' in page.content.decode()
    response = member_client.post(url("accept", orientation), {})
    assert response.status_code == 302
    orientation.refresh_from_db()
    assert orientation.status == Outcome.ACCEPTED
    assert orientation.appointment_at is None
    assert orientation.answered_by == member
    assert orientation.closed_at is None


def test_accept_with_an_appointment(member_client, orientation):
    day = timezone.localdate() + datetime.timedelta(days=3)
    member_client.post(
        url("accept", orientation),
        {"day": day.isoformat(), "time": "14:30", "place": "Salle paroissiale"},
    )
    orientation.refresh_from_db()
    local = timezone.localtime(orientation.appointment_at)
    assert (local.date(), local.time()) == (day, datetime.time(14, 30))
    assert orientation.appointment_place == "Salle paroissiale"


def test_an_appointment_without_its_time_is_refused_with_a_message(member_client, orientation):
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = member_client.post(url("accept", orientation), {"day": day.isoformat()})
    assert response.status_code == 400
    assert "heure du rendez-vous." in response.content.decode()
    orientation.refresh_from_db()
    assert orientation.status == Outcome.SENT


def test_a_past_appointment_is_refused(member_client, orientation):
    response = member_client.post(
        url("accept", orientation), {"day": "2020-01-02", "time": "10:00"}
    )
    assert "Cette date est passée." in response.content.decode()


def test_refuse_with_a_reason_and_text(member_client, orientation):
    member_client.post(url("refuse", orientation), {"reason": "zone", "details": "Hors Roubaix"})
    orientation.refresh_from_db()
    assert orientation.status == Outcome.REFUSED
    assert orientation.refusal_reason == "zone"
    assert orientation.refusal_details == "Hors Roubaix"
    assert orientation.closed_at is not None


def test_refuse_for_another_reason_needs_text(member_client, orientation):
    response = member_client.post(url("refuse", orientation), {"reason": "other"})
    assert response.status_code == 400
    assert "Précisez la raison du refus." in response.content.decode()


def test_a_forged_reason_is_a_form_error(member_client, orientation):
    response = member_client.post(url("refuse", orientation), {"reason": "pas-une-raison"})
    assert response.status_code == 400
    orientation.refresh_from_db()
    assert orientation.status == Outcome.SENT


@pytest.mark.parametrize(("came", "outcome"), [("1", Outcome.CAME), ("0", Outcome.NOT_CAME)])
def test_the_person_came_or_not(member_client, orientation, came, outcome):
    member_client.post(url("accept", orientation), {})
    member_client.post(url("attendance", orientation), {"came": came})
    orientation.refresh_from_db()
    assert orientation.status == outcome
    assert orientation.closed_at is not None


def test_attendance_before_acceptance_is_refused(member_client, orientation):
    response = member_client.post(url("attendance", orientation), {"came": "1"}, follow=True)
    assert "déjà reçu une autre réponse" in response.content.decode()
    orientation.refresh_from_db()
    assert orientation.status == Outcome.SENT


def test_a_forged_attendance_value_is_a_400(member_client, orientation):
    member_client.post(url("accept", orientation), {})
    assert member_client.post(url("attendance", orientation), {"came": "2"}).status_code == 400


def test_a_refused_orientation_cannot_be_accepted_by_a_second_tap(member_client, orientation):
    member_client.post(url("refuse", orientation), {"reason": "full"})
    response = member_client.post(url("accept", orientation), {}, follow=True)
    assert "déjà reçu une autre réponse" in response.content.decode()
    orientation.refresh_from_db()
    assert orientation.status == Outcome.REFUSED


def test_answer_pages_only_accept_post(member_client, orientation):
    assert member_client.get(url("accept", orientation)).status_code == 405


def test_every_opening_is_recorded(member_client, member, ccas_client, agent, orientation):
    member_client.get(url("received", orientation))
    ccas_client.get(reverse("liaison:detail", args=[orientation.pk]))
    assert [o.user for o in Opening.objects.order_by("pk")] == [member, agent]
    page = ccas_client.get(reverse("liaison:detail", args=[orientation.pk])).content.decode()
    assert "marie" in page


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_association_answers_in_its_language(member_client, orientation, lang):
    page = member_client.get(url("received", orientation, lang)).content.decode()
    expected = {"en": "Accept", "ar": "قبول"}[lang]
    assert expected in page
    assert member_client.post(url("accept", orientation, lang), {}).status_code == 302


def test_the_agent_sees_the_answer(ccas_client, member_client, orientation):
    member_client.post(url("refuse", orientation), {"reason": "zone", "details": "Hors secteur"})
    page = ccas_client.get(reverse("liaison:detail", args=[orientation.pk])).content.decode()
    assert "Refusée" in page and "Hors de notre zone" in page and "Hors secteur" in page


def test_the_answer_page_query_count_is_bounded(
    member_client, orientation, django_assert_max_num_queries
):
    # 11 with the territory, read once per generation of the directory (ccas/territory.py).
    with django_assert_max_num_queries(11):
        assert member_client.get(url("received", orientation)).status_code == 200


def test_the_agent_detail_query_count_is_bounded(
    ccas_client, orientation, django_assert_max_num_queries
):
    # 13 with the territory, read once per generation of the directory (ccas/territory.py).
    with django_assert_max_num_queries(13):
        assert ccas_client.get(reverse("liaison:detail", args=[orientation.pk])).status_code == 200
