"""Once accepted, the person's sheet and its SMS carry the appointment."""

import datetime
import html
import zoneinfo

import pytest
from django.urls import reverse

from liaison.models import Outcome

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def accepted(orientation):
    orientation.status = Outcome.ACCEPTED
    orientation.appointment_at = datetime.datetime(2030, 12, 10, 14, 30, tzinfo=PARIS)
    orientation.appointment_place = "Salle paroissiale"
    orientation.save()
    return orientation


def sheet(client, orientation):
    url = reverse("orientation:person_sheet")
    return client.get(url, {"a": orientation.association.slug, "rdv": orientation.pk})


def test_the_agent_detail_links_to_the_sheet_with_the_appointment(ccas_client, accepted):
    page = ccas_client.get(reverse("liaison:detail", args=[accepted.pk])).content.decode()
    assert f"rdv={accepted.pk}" in page


def test_the_sheet_and_its_sms_carry_the_appointment(ccas_client, accepted):
    response = sheet(ccas_client, accepted)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Votre rendez-vous :" in page and "mardi 10 décembre 2030, 14:30" in page
    sms = page.split("readonly>", 1)[1].split("</textarea>", 1)[0]
    assert sms.startswith("Les Paniers du Pile. RDV le mar 10/12 à 14h30, Salle paroissiale.")


def test_a_waiting_orientation_gives_no_appointment(ccas_client, orientation):
    assert sheet(ccas_client, orientation).status_code == 400


def test_the_appointment_must_be_for_a_picked_association(ccas_client, accepted, elsewhere):
    url = reverse("orientation:person_sheet")
    response = ccas_client.get(url, {"a": elsewhere.slug, "rdv": accepted.pk})
    assert response.status_code == 400
    assert "association non cochée" in html.unescape(response.content.decode())
