import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from associations.models import AssociationChange, OpeningSlot, Quartier, Referent

from ..associations.test_admin import change_url
from ..pages import form_data
from .test_editing import association_data, existing_slot, service_data

pytestmark = pytest.mark.django_db


def test_space_edit_is_recorded_in_the_history_with_its_author(volunteer_client, own, volunteer):
    url = reverse("space:edit_association", args=[own.slug])
    volunteer_client.post(url, association_data(own, summary="Colis le mardi"))
    record = own.history.first()
    assert record.history_user == volunteer
    assert record.summary == "Colis le mardi"
    assert record.diff_against(record.prev_record).changed_fields == ["summary"]


def test_slot_change_is_recorded_in_the_history_with_its_author(volunteer_client, own, volunteer):
    service = own.services.get()
    slot = service.slots.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    volunteer_client.post(url, service_data(own, service, [existing_slot(slot, opens_at="08:00")]))
    record = OpeningSlot.history.filter(id=slot.pk).first()
    assert record.history_user == volunteer
    assert record.history_type == "~"


def history_url(association):
    return reverse("admin:associations_association_history", args=[association.pk])


def revert_url(association, key, record):
    return reverse(
        "admin:associations_association_revert", args=[association.pk, key, record.history_id]
    )


def links(content):
    return re.findall(r'<a [^>]*href="(/[^"]*)"', content)


def test_agent_reverts_a_services_hours_from_the_history(ccas_client, volunteer_client, own):
    slot = own.services.get().slots.get()
    url = reverse("space:edit_service", args=[own.slug, slot.service_id])
    page = form_data(volunteer_client.get(url))
    page["slots-0-opens_at"] = "08:00"
    assert volunteer_client.post(url, page).status_code == 302

    content = ccas_client.get(history_url(own)).content.decode()
    assert "Créneau d&#x27;ouverture « mardi 08:00–12:00 – Colis alimentaire »" in content
    assert "<strong>Ouvre à</strong> : 09:00 → 08:00" in content
    record = OpeningSlot.history.get(id=slot.pk, history_type="~")
    response = ccas_client.post(revert_url(own, "slot", record), follow=True)

    assert "La modification est annulée" in response.content.decode()
    slot.refresh_from_db()
    assert slot.opens_at == datetime.time(9)
    own.refresh_from_db()
    assert own.version == 2
    revert = own.changes.get(version=2)
    assert (revert.source, revert.sections) == (AssociationChange.Source.ADMIN, ["hours"])
    assert OpeningSlot.history.filter(id=slot.pk).count() == 3


def test_a_revert_sets_back_only_the_fields_that_change_changed(ccas_client, volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    page = form_data(volunteer_client.get(url))
    page["summary"] = "Erreur"
    volunteer_client.post(url, page)
    page = form_data(volunteer_client.get(url))
    page["phone"] = "03 20 00 00 02"
    volunteer_client.post(url, page)

    mistake = own.history.filter(summary="Erreur").order_by("history_id").first()
    ccas_client.post(revert_url(own, "association", mistake))

    own.refresh_from_db()
    assert (own.summary, own.phone) == ("", "03 20 00 00 02")
    assert own.changes.get(version=3).sections == ["description"]


def test_a_deleted_referent_comes_back_from_the_history(ccas_client, volunteer_client, own):
    referent = Referent.objects.create(association=own, name="Paul", phone="06 00 00 00 00")
    url = reverse("space:edit_referents", args=[own.slug])
    page = form_data(volunteer_client.get(url))
    page["form-0-DELETE"] = "on"
    volunteer_client.post(url, page)
    deletion = Referent.history.get(id=referent.pk, history_type="-")

    ccas_client.post(revert_url(own, "referent", deletion))

    assert own.referents.get().phone == "06 00 00 00 00"


def test_history_reads_in_french_and_no_link_gives_an_agent_a_403(
    ccas_client, volunteer_client, own, django_assert_max_num_queries
):
    url = reverse("space:edit_association", args=[own.slug])
    page = form_data(volunteer_client.get(url))
    page["holiday_policy"] = "closed"
    page["phone"] = "03 20 00 00 01"
    volunteer_client.post(url, page)
    url = reverse("space:edit_places", args=[own.slug])
    page = form_data(volunteer_client.get(url))
    page["form-0-quartier"] = Quartier.objects.get(slug="epeule").pk
    volunteer_client.post(url, page)

    with django_assert_max_num_queries(25):
        response = ccas_client.get(history_url(own))

    content = response.content.decode()
    assert "None" not in content
    assert "<strong>Jours fériés</strong> : Non précisé → Fermée les jours fériés" in content
    assert "<strong>Téléphone</strong> : — → 03 20 00 00 01" in content
    assert "<strong>Quartier</strong> : Alma → Épeule" in content
    assert "Lieu « Salle principale »" in content
    for link in links(content):
        assert ccas_client.get(link).status_code not in (403, 404, 500), link


def test_volunteer_reads_the_history_without_ccas_fields_nor_agents_names(
    volunteer_client, own, agent
):
    agent.first_name, agent.last_name = "Claire", "Dufresne"
    agent.save()
    agent_client = Client()
    agent_client.force_login(agent)
    page = form_data(agent_client.get(change_url(own)))
    page["summary"] = "Colis le mardi"
    page["internal_notes"] = "Note du CCAS"
    assert agent_client.post(change_url(own), page).status_code == 302

    content = volunteer_client.get(reverse("space:history", args=[own.slug])).content.decode()

    assert "par un agent du CCAS" in content
    assert "<strong>En une phrase</strong> : — → Colis le mardi" in content
    assert "Dufresne" not in content and "Note du CCAS" not in content
    assert "Notes internes" not in content


def test_a_volunteer_cannot_revert_from_the_admin(volunteer_client, own):
    record = own.history.first()
    response = volunteer_client.post(revert_url(own, "association", record))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_recent_changes_lists_association_changes_and_marks_them_seen(
    ccas_client, volunteer_client, own
):
    volunteer_client.post(reverse("space:mark_checked", args=[own.slug]), {"version": own.version})
    url = reverse("admin:associations_associationchange_changelist")
    content = ccas_client.get(url, {"vu": "non"}).content.decode()
    assert "vérification des informations" in content
    change = own.changes.get()
    response = ccas_client.post(
        url, {"action": "mark_seen", "_selected_action": [change.pk]}, follow=True
    )
    assert "1 modification marquée comme vue." in response.content.decode()
    change.refresh_from_db()
    assert change.seen_at is not None


def test_recent_changes_leave_out_the_ccas_own_changes(ccas_client, own, agent):
    AssociationChange.objects.create(
        association=own, version=1, user=agent, source="admin", sections=["ccas"]
    )
    content = ccas_client.get(
        reverse("admin:associations_associationchange_changelist")
    ).content.decode()
    assert "informations réservées au CCAS" not in content


def test_the_members_changes_are_in_the_agents_history_only(
    ccas_client, volunteer_client, own, volunteer
):
    # The members are tracked from their own app (accounts/models.py registers them).
    role = own.memberships.get(user=volunteer).get_role_display()
    agents_view = ccas_client.get(history_url(own)).content.decode()
    volunteers_view = volunteer_client.get(reverse("space:history", args=[own.slug]))
    assert f"<strong>Rôle</strong> : — → {role}" in agents_view
    assert "Rôle" not in volunteers_view.content.decode()
