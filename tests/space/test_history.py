import pytest
from django.urls import reverse

from associations.models import AssociationChange, OpeningSlot

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


def test_agent_sees_the_history_and_reverts_a_volunteer_change(ccas_client, volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    volunteer_client.post(url, association_data(own, summary="Erreur"))
    first = own.history.earliest()
    history_url = reverse("admin:associations_association_history", args=[own.pk])
    assert "marie" in ccas_client.get(history_url).content.decode()
    revert_url = reverse(
        "admin:associations_association_simple_history", args=[own.pk, first.history_id]
    )
    form = ccas_client.get(revert_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    own.refresh_from_db()
    data.update(is_published="on", slug=own.slug, loaded_version=own.version)
    assert form.fields["loaded_version"].initial == own.version  # the current one, not 0
    response = ccas_client.post(revert_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.summary == ""
    assert own.version == 2


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
