"""Deleting an association archives it: out of every page, export and count, and restorable whole."""

import datetime

import pytest
from django.core import serializers
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from associations.models import (
    Association,
    Closure,
    Language,
    OpeningSlot,
    Public,
    Referent,
    ServicePublic,
)
from network.models import YearlyFigures

from ..directory import ASSOCIATION_MODELS
from ..space.test_editing import association_data
from .test_admin import invalid_slot_post_data

pytestmark = pytest.mark.django_db

IGNORED = {"version", "updated_at"}


def snapshot():
    rows = []
    for model in ASSOCIATION_MODELS:
        for row in serializers.serialize("python", model._default_manager.order_by("pk")):
            fields = {k: v for k, v in row["fields"].items() if k not in IGNORED}
            rows.append((row["model"], row["pk"], fields))
    return rows


@pytest.fixture
def full_association(make_association, make_member):
    association = make_association("Les Paniers", internal_notes="Note")
    service = association.services.get()
    service.languages.set(Language.objects.filter(slug__in=["arabe", "anglais"]))
    ServicePublic.objects.create(
        service=service, public=Public.objects.get(slug="sans-papiers"), is_public=False
    )
    OpeningSlot.objects.create(
        service=service,
        weekday=4,
        opens_at=datetime.time(14),
        closes_at=datetime.time(16),
        weeks_of_month=[-1],
    )
    Closure.objects.create(
        association=association,
        service=service,
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 31),
        message="Fêtes",
    )
    Referent.objects.create(association=association, name="Mme Dupont", is_public=True)
    make_member(association, "marie", Membership.Role.MANAGER)
    make_member(association, "karim")
    YearlyFigures.objects.create(association=association, year=2013, registrations=1200)
    return association


def delete_in_admin(agent_client, association):
    url = reverse("admin:associations_association_delete", args=[association.pk])
    confirmation = agent_client.get(url).content.decode()
    assert "Supprimer « Les Paniers » ?" in confirmation
    # Nothing else is deleted, and the agent is told so.
    assert "Rien n'est effacé" in confirmation
    assert "Salle principale" not in confirmation
    agent_client.post(url, {"post": "yes"})


def test_a_deleted_association_leaves_every_page_export_and_count(
    agent_client, full_association, make_association
):
    make_association("Les Repas")
    delete_in_admin(agent_client, full_association)
    reader = Client()
    assert "Les Paniers" not in reader.get(reverse("associations:list")).content.decode()
    assert reader.get(full_association.get_absolute_url()).status_code == 404
    export = reader.get(reverse("opendata:services-csv"))
    assert "Les Paniers" not in b"".join(export.streaming_content).decode()
    changelist = agent_client.get(reverse("admin:associations_association_changelist"))
    assert [str(row) for row in changelist.context["cl"].result_list] == ["Les Repas"]
    diagnostic = agent_client.get(reverse("network:diagnostic")).content.decode()
    assert "Les Paniers" not in diagnostic
    assert "Inscriptions</dt><dd>1\xa0200<" not in diagnostic


def test_its_volunteers_can_no_longer_edit_it(agent_client, full_association):
    delete_in_admin(agent_client, full_association)
    volunteer = Client()
    volunteer.force_login(Membership.objects.get(user__username="marie").user)
    url = reverse("space:edit_association", args=[full_association.slug])
    assert volunteer.get(url).status_code == 404


def test_a_deleted_association_comes_back_whole(agent_client, full_association):
    before = snapshot()
    delete_in_admin(agent_client, full_association)
    listing = agent_client.get(reverse("admin:associations_association_deleted")).content.decode()
    assert "Les Paniers" in listing
    assert "agent" in listing  # who deleted it

    response = agent_client.post(
        reverse("admin:associations_association_restore", args=[full_association.pk]),
        follow=True,
    )

    assert "est rétablie" in response.content.decode()
    assert snapshot() == before
    assert (
        "Inscriptions</dt><dd>1\xa0200<"
        in agent_client.get(reverse("network:diagnostic")).content.decode()
    )
    assert "Les Paniers" in Client().get(reverse("associations:list")).content.decode()
    listing = agent_client.get(reverse("admin:associations_association_deleted")).content.decode()
    assert "Les Paniers" not in listing


def test_a_deletion_and_a_restore_are_recorded(agent_client, full_association):
    delete_in_admin(agent_client, full_association)
    agent_client.post(reverse("admin:associations_association_restore", args=[full_association.pk]))
    changes = list(full_association.changes.order_by("version"))
    assert [change.sections for change in changes] == [["archive"], ["archive"]]
    assert [change.user.username for change in changes] == ["agent", "agent"]


def test_the_address_of_a_deleted_association_stays_taken(agent_client, full_association):
    delete_in_admin(agent_client, full_association)
    response = agent_client.post(
        reverse("admin:associations_association_add"),
        {
            "name": "Les Paniers",
            "slug": full_association.slug,
            "habilitation": "none",
            "holiday_policy": "unknown",
            **{
                f"{prefix}-{count}": "0"
                for prefix in ("places", "services", "closures", "referents")
                for count in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    assert "Adresse de la page existe déjà" in response.content.decode()
    assert Association.all_objects.count() == 1


def test_restoring_an_existing_association_does_nothing(agent_client, full_association):
    response = agent_client.post(
        reverse("admin:associations_association_restore", args=[full_association.pk]),
        follow=True,
    )
    assert "n&#x27;est pas supprimée" in response.content.decode()
    assert Association.objects.count() == 1


def test_deleting_several_at_once_archives_each(agent_client, full_association, make_association):
    other = make_association("Les Repas")
    changelist = reverse("admin:associations_association_changelist")
    selected = {"action": "delete_selected", "_selected_action": [full_association.pk, other.pk]}
    confirmation = agent_client.post(changelist, selected).content.decode()
    assert "Rien n'est effacé" in confirmation
    agent_client.post(changelist, {**selected, "post": "yes"})
    assert not Association.objects.exists()
    assert Association.all_objects.filter(archived_at__isnull=False).count() == 2


def test_a_volunteer_cannot_list_or_restore_deletions(client, make_association, make_member):
    association = make_association("Les Paniers")
    client.force_login(make_member(association))
    response = client.get(reverse("admin:associations_association_deleted"))
    assert response.status_code == 302


@pytest.fixture
def network_2013(full_association, make_association):
    """The network's 2013 diagnostic: 26 184 registrations, 759 of them at Les Paniers."""
    full_association.yearly_figures.filter(year=2013).update(registrations=759)
    YearlyFigures.objects.create(association=full_association, year=2014, registrations=801)
    other = make_association("Les Repas")
    YearlyFigures.objects.create(association=other, year=2013, registrations=25_425)
    return other


def give_a_long_history(agent_client, association):
    """Edits from the back office's change form and actions and from the association space: each
    writes a change-log row and history rows, which once made a deletion impossible."""
    change_url = reverse("admin:associations_association_change", args=[association.pk])
    changelist = reverse("admin:associations_association_changelist")
    for name in ("Salle A", "Salle B", "Salle principale"):
        association.refresh_from_db()
        data = invalid_slot_post_data(association)
        data.update({"places-0-name": name, "services-0-slots-TOTAL_FORMS": "0"})
        assert agent_client.post(change_url, data).status_code == 302
    for action in ("unpublish", "publish", "mark_checked_today"):
        agent_client.post(changelist, {"action": action, "_selected_action": [association.pk]})
    volunteer = Client()
    volunteer.force_login(Membership.objects.get(user__username="marie").user)
    association.refresh_from_db()
    volunteer.post(
        reverse("space:edit_association", args=[association.slug]),
        association_data(association, summary="Colis le vendredi"),
    )
    association.refresh_from_db()
    volunteer.post(
        reverse("space:mark_checked", args=[association.slug]), {"version": association.version}
    )
    assert association.changes.count() == 8
    assert association.history.count() > 5


def diagnostic(agent_client):
    """What the CCAS reads: the 2013 page's totals per year, and the CSV of every figure."""
    page = agent_client.get(reverse("network:diagnostic"), {"annee": 2013})
    csv = agent_client.get(reverse("network:diagnostic_csv")).content.decode("utf-8-sig")
    return page.context["by_year"], page.content.decode(), csv


def test_an_agent_deletes_from_its_change_page_an_association_with_a_long_history(
    agent, agent_client, full_association, network_2013
):
    assert not agent.is_superuser
    give_a_long_history(agent_client, full_association)
    full_association.refresh_from_db()
    before, page, csv = diagnostic(agent_client)
    assert "Inscriptions</dt><dd>26\xa0184<" in page
    records = snapshot()

    delete_in_admin(agent_client, full_association)

    assert not Association.objects.filter(pk=full_association.pk).exists()
    deleted, page, _ = diagnostic(agent_client)
    assert "Inscriptions</dt><dd>25\xa0425<" in page
    assert [row["registrations"] for row in deleted] == [25_425]

    agent_client.post(reverse("admin:associations_association_restore", args=[full_association.pk]))

    assert snapshot() == records
    restored, page, restored_csv = diagnostic(agent_client)
    assert restored == before
    assert "Inscriptions</dt><dd>26\xa0184<" in page
    assert restored_csv == csv


def test_an_agent_deletes_associations_with_a_long_history_with_the_bulk_action(
    agent_client, full_association, network_2013
):
    give_a_long_history(agent_client, full_association)
    changelist = reverse("admin:associations_association_changelist")
    for action in ("unpublish", "publish"):
        agent_client.post(changelist, {"action": action, "_selected_action": [network_2013.pk]})
    assert network_2013.changes.count() == 2
    before, _, csv = diagnostic(agent_client)
    records = snapshot()
    selected = {
        "action": "delete_selected",
        "_selected_action": [full_association.pk, network_2013.pk],
    }

    confirmation = agent_client.post(changelist, selected)
    assert confirmation.status_code == 200
    assert "Rien n'est effacé" in confirmation.content.decode()
    response = agent_client.post(changelist, {**selected, "post": "yes"}, follow=True)

    assert "La suppression de 2 associations a réussi." in response.content.decode()
    assert not Association.objects.exists()
    assert agent_client.get(reverse("network:diagnostic")).context["year"] is None
    for association in (full_association, network_2013):
        agent_client.post(reverse("admin:associations_association_restore", args=[association.pk]))
    assert snapshot() == records
    restored, _, restored_csv = diagnostic(agent_client)
    assert restored == before
    assert restored_csv == csv
