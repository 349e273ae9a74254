"""Two people editing one association at once: their saves merge field by field.

Each test loads the page in two browsers (two sessions), as people do, saves in one then the other.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from associations.models import Referent

from ..associations.test_admin import change_url
from ..pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea(own, make_member):
    client = Client()
    client.force_login(make_member(own, "lea"))
    return client


@pytest.fixture
def named_agent(agent):
    agent.first_name, agent.last_name = "Claire", "Dufresne"
    agent.save()
    return agent


def test_a_phone_changed_meanwhile_is_kept_when_another_field_is_saved(volunteer_client, lea, own):
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))

    lea_page["phone"] = "03 20 99 99 99"
    assert lea.post(url, lea_page).status_code == 302
    marie_page["description"] = "Colis le mardi"
    response = volunteer_client.post(url, marie_page)

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.phone, own.description) == ("03 20 99 99 99", "Colis le mardi")
    assert own.version == 2


def test_the_same_field_changed_by_both_asks_which_value_to_keep(volunteer_client, lea, own):
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["description"] = "Version de Léa"
    lea_page["phone"] = "03 20 99 99 99"
    lea.post(url, lea_page)

    marie_page["description"] = "Version de Marie"
    response = volunteer_client.post(url, marie_page)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Modifié aussi entre-temps par un autre bénévole" in content
    assert "votre valeur : « Version de Marie »" in content
    assert "valeur enregistrée entre-temps : « Version de Léa »" in content
    # Léa's other change is already in the form shown again.
    assert 'value="03 20 99 99 99"' in content
    own.refresh_from_db()
    assert own.description == "Version de Léa"


def test_keeping_ones_own_value_never_undoes_the_other_persons_other_changes(
    volunteer_client, lea, own
):
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["description"] = "Version de Léa"
    lea_page["phone"] = "03 20 99 99 99"
    lea.post(url, lea_page)
    marie_page["description"] = "Version de Marie"
    shown_again = form_data(volunteer_client.post(url, marie_page))

    shown_again["choose-description"] = "mine"
    response = volunteer_client.post(url, shown_again)

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.description, own.phone) == ("Version de Marie", "03 20 99 99 99")


def test_taking_the_value_saved_meanwhile_keeps_it(volunteer_client, lea, own):
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["summary"] = "Par Léa"
    lea.post(url, lea_page)
    marie_page["summary"] = "Par Marie"
    marie_page["website"] = "https://paniers.example.org"
    shown_again = form_data(volunteer_client.post(url, marie_page))

    shown_again["choose-summary"] = "theirs"
    assert volunteer_client.post(url, shown_again).status_code == 302

    own.refresh_from_db()
    assert (own.summary, own.website) == ("Par Léa", "https://paniers.example.org")


def test_a_third_save_in_between_asks_again(volunteer_client, lea, own):
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["summary"] = "Par Léa"
    lea.post(url, lea_page)
    marie_page["summary"] = "Par Marie"
    shown_again = form_data(volunteer_client.post(url, marie_page))
    lea_again = form_data(lea.get(url))
    lea_again["summary"] = "Encore Léa"
    lea.post(url, lea_again)

    shown_again["choose-summary"] = "mine"
    response = volunteer_client.post(url, shown_again)

    assert "valeur enregistrée entre-temps : « Encore Léa »" in response.content.decode()
    own.refresh_from_db()
    assert own.summary == "Encore Léa"


def test_a_volunteer_never_reads_the_agents_name_nor_ccas_fields_in_a_conflict(
    volunteer_client, own, named_agent
):
    agent = Client()
    agent.force_login(named_agent)
    url = reverse("space:edit_association", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    admin_page = form_data(agent.get(change_url(own)))
    admin_page["summary"] = "Par le CCAS"
    admin_page["internal_notes"] = "Note du CCAS"
    assert agent.post(change_url(own), admin_page).status_code == 302

    marie_page["summary"] = "Par Marie"
    content = volunteer_client.post(url, marie_page).content.decode()

    assert "Modifié aussi entre-temps par un agent du CCAS" in content
    assert "Dufresne" not in content and "Note du CCAS" not in content


def test_an_agent_and_a_volunteer_changing_the_same_field_in_the_admin(
    volunteer_client, own, ccas_client
):
    url = reverse("space:edit_association", args=[own.slug])
    admin_page = form_data(ccas_client.get(change_url(own)))
    marie_page = form_data(volunteer_client.get(url))
    marie_page["summary"] = "Par Marie"
    marie_page["phone"] = "03 20 12 12 12"
    volunteer_client.post(url, marie_page)

    admin_page["summary"] = "Par le CCAS"
    response = ccas_client.post(change_url(own), admin_page)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Modifié aussi entre-temps par marie" in content
    shown_again = form_data(response)
    shown_again["choose-summary"] = "theirs"
    assert ccas_client.post(change_url(own), shown_again).status_code == 302
    own.refresh_from_db()
    assert (own.summary, own.phone) == ("Par Marie", "03 20 12 12 12")


def test_ccas_notes_and_referents_saved_meanwhile_never_conflict(
    volunteer_client, own, ccas_client
):
    referents_url = reverse("space:edit_referents", args=[own.slug])
    admin_page = form_data(ccas_client.get(change_url(own)))
    referents_page = form_data(volunteer_client.get(referents_url))
    referents_page["form-0-name"] = "Paul Lemaire"
    referents_page["form-0-phone"] = "06 00 00 00 01"
    assert volunteer_client.post(referents_url, referents_page).status_code == 302

    admin_page["internal_notes"] = "Rappeler en mars"
    assert ccas_client.post(change_url(own), admin_page).status_code == 302

    own.refresh_from_db()
    assert own.internal_notes == "Rappeler en mars"
    assert own.referents.get().name == "Paul Lemaire"


def test_referents_saved_after_ccas_notes_never_conflict(volunteer_client, own, ccas_client):
    Referent.objects.create(association=own, name="Paul", phone="06 00 00 00 00")
    referents_url = reverse("space:edit_referents", args=[own.slug])
    referents_page = form_data(volunteer_client.get(referents_url))
    admin_page = form_data(ccas_client.get(change_url(own)))
    admin_page["internal_notes"] = "Rappeler en mars"
    assert ccas_client.post(change_url(own), admin_page).status_code == 302

    referents_page["form-0-phone"] = "06 11 11 11 11"
    assert volunteer_client.post(referents_url, referents_page).status_code == 302

    own.refresh_from_db()
    assert own.internal_notes == "Rappeler en mars"
    assert own.referents.get().phone == "06 11 11 11 11"


def test_tout_est_a_jour_never_conflicts_with_an_hours_edit_in_progress(volunteer_client, lea, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    hours_page = form_data(volunteer_client.get(url))
    checked = reverse("space:mark_checked", args=[own.slug])
    assert lea.post(checked, {"version": own.version}).status_code == 302

    hours_page["slots-0-opens_at"] = "08:30"
    assert volunteer_client.post(url, hours_page).status_code == 302

    own.refresh_from_db()
    assert own.last_checked_on == timezone.localdate()
    assert service.slots.get().opens_at == datetime.time(8, 30)


def test_hours_changed_by_both_ask_which_to_keep_and_the_rest_is_merged(volunteer_client, lea, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["slots-0-opens_at"] = "10:00"
    lea_page["zone"] = "Habitants de Roubaix"
    assert lea.post(url, lea_page).status_code == 302

    marie_page["slots-0-opens_at"] = "08:00"
    content = volunteer_client.post(url, marie_page).content.decode()

    assert "votre valeur : « 08:00 »" in content
    assert "valeur enregistrée entre-temps : « 10:00 »" in content
    assert service.slots.get().opens_at == datetime.time(10)


def test_a_row_deleted_meanwhile_and_untouched_here_stays_deleted(volunteer_client, lea, own):
    Referent.objects.create(association=own, name="Paul")
    kept = Referent.objects.create(association=own, name="Zoé")
    url = reverse("space:edit_referents", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["form-0-DELETE"] = "on"
    assert lea.post(url, lea_page).status_code == 302

    marie_page["form-1-phone"] = "06 22 22 22 22"
    assert volunteer_client.post(url, marie_page).status_code == 302

    assert list(own.referents.values_list("name", "phone")) == [("Zoé", "06 22 22 22 22")]
    assert kept.pk == own.referents.get().pk


def test_a_row_deleted_meanwhile_and_changed_here_is_a_conflict_on_that_row(
    volunteer_client, lea, own
):
    Referent.objects.create(association=own, name="Paul")
    url = reverse("space:edit_referents", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["form-0-DELETE"] = "on"
    lea.post(url, lea_page)

    marie_page["form-0-phone"] = "06 22 22 22 22"
    response = volunteer_client.post(url, marie_page)

    assert "Supprimé entre-temps par un autre bénévole" in response.content.decode()
    assert not own.referents.exists()
    shown_again = form_data(response)
    shown_again["choose-form-0"] = "recreate"
    assert volunteer_client.post(url, shown_again).status_code == 302
    assert list(own.referents.values_list("name", "phone")) == [("Paul", "06 22 22 22 22")]


def test_a_row_deleted_here_but_changed_meanwhile_asks_before_deleting(volunteer_client, lea, own):
    Referent.objects.create(association=own, name="Paul")
    url = reverse("space:edit_referents", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["form-0-phone"] = "06 33 33 33 33"
    lea.post(url, lea_page)

    marie_page["form-0-DELETE"] = "on"
    response = volunteer_client.post(url, marie_page)

    assert "Modifié entre-temps par un autre bénévole" in response.content.decode()
    assert own.referents.get().phone == "06 33 33 33 33"
    shown_again = form_data(response)
    shown_again["choose-form-0"] = "delete"
    assert volunteer_client.post(url, shown_again).status_code == 302
    assert not own.referents.exists()


def test_places_changed_in_different_fields_merge(volunteer_client, lea, own):
    url = reverse("space:edit_places", args=[own.slug])
    marie_page = form_data(volunteer_client.get(url))
    lea_page = form_data(lea.get(url))
    lea_page["form-0-directions"] = "Bus 25"
    lea.post(url, lea_page)

    marie_page["form-0-name"] = "Salle Watremez"
    assert volunteer_client.post(url, marie_page).status_code == 302

    place = own.places.get()
    assert (place.name, place.directions) == ("Salle Watremez", "Bus 25")


def test_an_admin_save_keeps_a_slot_changed_meanwhile_in_the_space(
    volunteer_client, own, ccas_client
):
    service = own.services.get()
    admin_page = form_data(ccas_client.get(change_url(own)))
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    hours_page = form_data(volunteer_client.get(url))
    hours_page["slots-0-closes_at"] = "12:30"
    assert volunteer_client.post(url, hours_page).status_code == 302

    admin_page["summary"] = "Colis le mardi"
    assert ccas_client.post(change_url(own), admin_page).status_code == 302

    own.refresh_from_db()
    assert own.summary == "Colis le mardi"
    assert service.slots.get().closes_at == datetime.time(12, 30)
