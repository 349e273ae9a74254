"""A backup restores everything it saved."""

import datetime
import subprocess

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from associations.models import (
    Association,
    Closure,
    OpeningSlot,
    Place,
    Public,
    Referent,
    Service,
    ServicePublic,
)

pytestmark = pytest.mark.django_db

DIRECTORY = [Association, Place, Service, ServicePublic, OpeningSlot, Closure, Referent]


def history_rows():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def snapshot():
    return {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in DIRECTORY
    }


def test_json_backup_round_trip_loses_nothing(make_association, tmp_path):
    association = make_association("Les Paniers", internal_notes="Note interne")
    service = association.services.get()
    service.languages.add(*association.services.get().languages.model.objects.all()[:2])
    ServicePublic.objects.create(
        service=service, public=Public.objects.get(slug="sans-papiers"), is_public=False
    )
    OpeningSlot.objects.create(
        service=service,
        weekday=3,
        opens_at=datetime.time(14),
        closes_at=datetime.time(17),
        weeks_of_month=[1, -1],
        valid_from=datetime.date(2026, 11, 24),
    )
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 26),
        message="Fêtes",
    )
    Referent.objects.create(association=association, name="Mme Dupont", phone="0320000000")
    before = snapshot()
    backup = tmp_path / "backup.json.gz"
    call_command("backup", output=str(backup), format="json")

    Association.objects.all().delete()
    assert Service.objects.count() == 0
    history = history_rows()
    call_command("restore", str(backup), verbosity=0)

    assert snapshot() == before
    # The history saved comes back, and the restore writes none of its own.
    assert history_rows() == history


@pytest.mark.postgres
def test_pg_dump_backup_is_a_readable_archive(tmp_path):
    backup = tmp_path / "backup.dump"
    call_command("backup", output=str(backup))
    listing = subprocess.run(
        ["pg_restore", "--list", str(backup)], capture_output=True, text=True, check=True
    )
    assert "associations_association" in listing.stdout
