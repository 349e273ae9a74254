"""An agent sends an orientation from the search; the association's members are told by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from associations.models import AidType, Public, Service
from liaison.models import Orientation, Outcome

pytestmark = pytest.mark.django_db


def send_data(**changes):
    data = {
        "person": "Samia B.",
        "contact": "06 00 00 00 00",
        "aid_types": [AidType.objects.get(slug="colis").pk],
        "publics": [Public.objects.get(slug="familles").pk],
        "message": "Trois enfants, arrivée récente.",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_search_links_each_service_to_its_orientation_form(ccas_client, service):
    response = ccas_client.get(reverse("orientation:search"))
    assert reverse("liaison:send", args=[service.pk]) in response.content.decode()


def test_the_search_shows_a_full_service_before_the_agent_sends(ccas_client, service):
    service.intake = Service.Intake.FULL
    service.save()
    page = ccas_client.get(reverse("orientation:search")).content.decode()
    assert "Complet" in page
    form_page = ccas_client.get(reverse("liaison:send", args=[service.pk])).content.decode()
    assert "Complet" in form_page


def test_consent_wording_says_what_goes_to_whom(ccas_client, service):
    page = ccas_client.get(reverse("liaison:send", args=[service.pk])).content.decode()
    assert "soient envoyés à « Les Paniers du Pile »" in page


def test_agent_sends_an_orientation_and_members_get_a_mail_without_the_person(
    ccas_client, agent, service, member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(24):
        response = ccas_client.post(reverse("liaison:send", args=[service.pk]), send_data())
    orientation = Orientation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("liaison:detail", args=[orientation.pk])
    assert orientation.sent_by == agent
    assert orientation.service == service
    assert orientation.association == service.association
    assert orientation.status == Outcome.SENT
    assert [t.slug for t in orientation.aid_types.all()] == ["colis"]
    assert [m.to for m in mail.outbox] == [[member.email]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert "Les Paniers du Pile" in text
    for personal in ("Samia", "06 00", "Trois enfants", "Familles"):
        assert personal not in text
    assert "/espace/les-paniers-du-pile/orientations/" in mail.outbox[0].body


def test_nothing_is_sent_without_consent(ccas_client, service, member):
    response = ccas_client.post(reverse("liaison:send", args=[service.pk]), send_data(consent=None))
    assert response.status_code == 200
    assert "accord de la personne avant" in response.content.decode()
    assert not Orientation.objects.exists()
    assert not mail.outbox


def test_a_name_over_two_lines_is_refused(ccas_client, service):
    response = ccas_client.post(
        reverse("liaison:send", args=[service.pk]), send_data(person="Samia\nB.")
    )
    assert "une seule ligne" in response.content.decode()
    assert not Orientation.objects.exists()


def test_a_service_of_an_unpublished_association_cannot_be_sent_to(ccas_client, service):
    service.association.is_published = False
    service.association.save()
    assert ccas_client.get(reverse("liaison:send", args=[service.pk])).status_code == 404


def test_a_forged_service_id_is_a_404(ccas_client):
    assert ccas_client.get(reverse("liaison:send", args=[999999])).status_code == 404


def test_agent_follows_the_status_of_what_they_sent(
    ccas_client, make_orientation, service, django_assert_max_num_queries
):
    make_orientation(service, person="Karim T.", status=Outcome.REFUSED, refusal_reason="zone")
    make_orientation(service, person="Lina M.")
    with django_assert_max_num_queries(12):
        page = ccas_client.get(reverse("liaison:sent")).content.decode()
    assert "Karim T." in page and "Refusée" in page
    assert "Lina M." in page and "En attente de réponse" in page
