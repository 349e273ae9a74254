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
