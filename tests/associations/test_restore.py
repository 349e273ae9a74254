"""Deleting an association asks for confirmation, and the deletion can be undone."""

import datetime

import pytest
from django.core import serializers
from django.urls import reverse

from accounts.models import Membership
from associations.models import (
    Association,
    Closure,
    Language,
    OpeningSlot,
    Public,
    Referent,
    Service,
    ServicePublic,
)

from ..directory import ASSOCIATION_MODELS

pytestmark = pytest.mark.django_db

IGNORED = {"version", "updated_at"}


def snapshot():
    rows = []
    for model in ASSOCIATION_MODELS:
        for row in serializers.serialize("python", model.objects.order_by("pk")):
            fields = {k: v for k, v in row["fields"].items() if k not in IGNORED}
            rows.append((row["model"], row["pk"], fields))
    return rows


@pytest.fixture
def full_association(agent_client, make_association, make_member):
    association = make_association("Les Paniers", internal_notes="Note")
    service = association.services.get()
    # Edited through the admin's recorded path, like a real agent would.
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
    return association


def delete_in_admin(agent_client, association):
    url = reverse("admin:associations_association_delete", args=[association.pk])
    confirmation = agent_client.get(url)
    assert "Voulez-vous vraiment supprimer" in confirmation.content.decode()
    assert Association.objects.filter(pk=association.pk).exists()
    agent_client.post(url, {"post": "yes"})
    assert not Association.objects.filter(pk=association.pk).exists()


def test_a_deleted_association_comes_back_whole(agent_client, full_association):
    before = snapshot()
    delete_in_admin(agent_client, full_association)
    assert Service.objects.count() == 0
    assert Membership.objects.count() == 0

    listing = agent_client.get(reverse("admin:associations_association_deleted"))
    assert "Les Paniers" in listing.content.decode()
    response = agent_client.post(
        reverse("admin:associations_association_restore", args=[full_association.pk]),
        follow=True,
    )
    assert "est rétablie" in response.content.decode()
    assert snapshot() == before
    service = Service.objects.get()
    assert sorted(service.languages.values_list("slug", flat=True)) == ["anglais", "arabe"]
    assert (
        "Les Paniers"
        not in agent_client.get(reverse("admin:associations_association_deleted")).content.decode()
    )


def test_restoring_an_existing_association_does_nothing(agent_client, full_association):
    response = agent_client.post(
        reverse("admin:associations_association_restore", args=[full_association.pk]),
        follow=True,
    )
    assert "n&#x27;est pas supprimée" in response.content.decode()
    assert Association.objects.count() == 1


def test_a_volunteer_cannot_list_or_restore_deletions(client, make_association, make_member):
    association = make_association("Les Paniers")
    client.force_login(make_member(association))
    response = client.get(reverse("admin:associations_association_deleted"))
    assert response.status_code == 302
