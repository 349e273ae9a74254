"""Two people editing the same association at once: the later save is refused, not lost."""

import pytest
from django.test import Client
from django.urls import reverse

from associations.models import AssociationChange

from ..associations.test_admin import change_url, invalid_slot_post_data
from .test_editing import association_data, place_data

pytestmark = pytest.mark.django_db


def test_second_volunteer_save_is_refused_with_what_changed(own, volunteer, make_member):
    other_volunteer = make_member(own, "lea")
    first, second = Client(), Client()
    first.force_login(volunteer)
    second.force_login(other_volunteer)
    url = reverse("space:edit_association", args=[own.slug])
    stale = association_data(own, description="Version de Léa")

    assert first.post(url, association_data(own, description="Version de Marie")).status_code == 302
    response = second.post(url, stale)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un a modifié cette fiche pendant que vous la modifiiez" in content
    assert "description et contacts (marie" in content
    own.refresh_from_db()
    assert own.description == "Version de Marie"


def test_refused_page_keeps_the_old_version_so_saving_again_is_refused(
    volunteer_client, own, agent
):
    stale_version = own.version
    AssociationChange.objects.create(
        association=own, version=1, user=agent, source="admin", sections=["hours"]
    )
    own.version = 1
    own.save()
    url = reverse("space:edit_places", args=[own.slug])
    data = place_data(own, own.places.get(), version=stale_version)
    response = volunteer_client.post(url, data)
    assert f'name="version" value="{stale_version}"' in response.content.decode()
    assert own.places.get().name == "Salle principale"


def test_refused_page_keeps_the_typed_text_and_offers_to_save_it_anyway(
    volunteer_client, own, make_member
):
    other = Client()
    other.force_login(make_member(own, "lea"))
    url = reverse("space:edit_association", args=[own.slug])
    stale = association_data(own, description="Version de Marie")
    assert other.post(url, association_data(own, description="Version de Léa")).status_code == 302
    own.refresh_from_db()

    refused = volunteer_client.post(url, stale).content.decode()

    assert "Version de Marie</textarea>" in refused
    assert "Enregistrer ma version à la place" in refused
    assert f'name="confirmed_version" value="{own.version}"' in refused
    assert "Rechargez la page" not in refused

    response = volunteer_client.post(url, {**stale, "confirmed_version": own.version})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.description == "Version de Marie"


def test_saving_anyway_is_refused_again_if_a_third_edit_came_in_between(
    volunteer_client, own, make_member
):
    other = Client()
    other.force_login(make_member(own, "lea"))
    url = reverse("space:edit_association", args=[own.slug])
    stale = association_data(own, description="Version de Marie")
    other.post(url, association_data(own, description="Version de Léa"))
    own.refresh_from_db()
    warned_version = own.version
    other.post(url, association_data(own, description="Deuxième version de Léa"))

    response = volunteer_client.post(url, {**stale, "confirmed_version": warned_version})

    assert "pendant que vous la modifiiez" in response.content.decode()
    own.refresh_from_db()
    assert own.description == "Deuxième version de Léa"


def test_volunteer_save_after_an_agent_admin_save_is_refused(volunteer_client, own, ccas_client):
    stale = association_data(own, summary="Par le bénévole")
    admin_data = invalid_slot_post_data(own)
    admin_data["services-0-slots-0-closes_at"] = "17:00"
    assert ccas_client.post(change_url(own), admin_data).status_code == 302

    response = volunteer_client.post(reverse("space:edit_association", args=[own.slug]), stale)

    content = response.content.decode()
    assert "pendant que vous la modifiiez" in content
    assert "lieux" in content and "horaires" in content
    own.refresh_from_db()
    assert own.summary == ""


def test_agent_admin_save_after_a_volunteer_save_is_refused(volunteer_client, own, ccas_client):
    admin_data = invalid_slot_post_data(own)
    admin_data["services-0-slots-0-closes_at"] = "17:00"
    url = reverse("space:edit_association", args=[own.slug])
    volunteer_client.post(url, association_data(own, summary="Par le bénévole"))

    response = ccas_client.post(change_url(own), admin_data)

    assert response.status_code == 200
    assert "pendant que vous la modifiiez" in response.content.decode()
    own.refresh_from_db()
    assert own.summary == "Par le bénévole"
    assert own.places.get().name == "Salle principale"


def test_admin_save_raises_the_version_and_logs_the_parts(ccas_client, own):
    data = invalid_slot_post_data(own)
    data["services-0-slots-0-closes_at"] = "17:00"
    ccas_client.post(change_url(own), data)
    own.refresh_from_db()
    change = own.changes.get()
    assert own.version == change.version == 1
    assert change.source == AssociationChange.Source.ADMIN
    assert set(change.sections) == {"places", "hours"}
