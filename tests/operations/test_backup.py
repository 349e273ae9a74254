"""A backup restores everything it saved."""

import datetime
import gzip
import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.utils.dateparse import parse_datetime

from associations.models import (
    Association,
    Closure,
    Language,
    OpeningSlot,
    Place,
    Public,
    Referent,
    Service,
    ServicePublic,
)

from ..directory import ASSOCIATION_MODELS

pytestmark = pytest.mark.django_db


def history_rows():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def snapshot():
    return {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in ASSOCIATION_MODELS
    }


@pytest.fixture
def filled_directory(make_association, make_member):
    association = make_association("Les Paniers", internal_notes="Note interne")
    service = association.services.get()
    service.languages.add(*Language.objects.all()[:2])
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
    make_member(association)
    return association


def test_json_backup_round_trip_loses_nothing(filled_directory, tmp_path):
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


GENERATION = "associations.directorygeneration"


def rows_of(backup):
    """The backup's rows, sorted, each time written as the instant it is: dumpdata keeps
    milliseconds, so a time of 1 to 999 µs is written "…:03.000Z" and, once restored, "…:03Z"."""
    with gzip.open(backup, "rt") as file:
        rows = sorted(json.load(file), key=lambda row: (row["model"], str(row["pk"])))
    for row in rows:
        row["fields"] = {name: same_instant(value) for name, value in row["fields"].items()}
    return rows


def same_instant(value):
    instant = parse_datetime(value) if isinstance(value, str) and "T" in value else None
    return instant.isoformat() if instant else value


def test_json_backup_restored_into_a_fresh_database_gives_the_same_backup(
    filled_directory, tmp_path
):
    # As the README says: migrate an empty database, restore, here SQLite in a file.
    backup, again = tmp_path / "backup.json.gz", tmp_path / "again.json.gz"
    # A time that dumpdata writes with its milliseconds at zero (one in a thousand, by chance).
    Place.history.update(history_date=datetime.datetime(2026, 11, 2, 9, 30, 1, 500, datetime.UTC))
    call_command("backup", output=str(backup), format="json")
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    for command in (
        ["migrate", "--verbosity=0"],
        ["restore", str(backup), "--verbosity=0"],
        ["backup", "--format=json", f"--output={again}"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            check=True,
            timeout=300,
        )
    rows, restored = rows_of(backup), rows_of(again)
    assert {"associations.association", "accounts.membership"} <= {row["model"] for row in rows}
    # The restore advances the generation, so that no page cached before it is served after.
    generation, restored_generation = (
        [row for row in backup_rows if row["model"] == GENERATION]
        for backup_rows in (rows, restored)
    )
    assert restored_generation[0]["fields"]["value"] > generation[0]["fields"]["value"]
    assert [row for row in restored if row["model"] != GENERATION] == [
        row for row in rows if row["model"] != GENERATION
    ]


def table_contents(cursor):
    """{table: digest of its rows} of every table of the database's public schema."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    contents = {}
    for (table,) in cursor.fetchall():
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f"FROM {quoted} t"
        )
        contents[table] = cursor.fetchone()
    return contents


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database beside the test one, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_pg_dump_backup_restores_every_row_into_an_empty_database(
    committing_db, make_association, make_member, scratch_database, tmp_path
):
    # Committed (committing_db), for pg_dump to see the rows.
    association = make_association("Les Paniers", internal_notes="Note interne")
    association.services.get().languages.set(Language.objects.all()[:2])
    make_member(association)
    backup = tmp_path / "backup.dump"
    call_command("backup", output=str(backup))
    database = connection.settings_dict
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            f"--host={database['HOST'] or 'localhost'}",
            f"--port={database['PORT'] or 5432}",
            f"--username={database['USER']}",
            f"--dbname={scratch_database}",
            str(backup),
        ],
        env={**os.environ, "PGPASSWORD": database["PASSWORD"] or ""},
        capture_output=True,
        check=True,
    )
    with connection.cursor() as cursor:
        original = table_contents(cursor)
    restored_connection = psycopg.connect(
        host=database["HOST"] or "localhost",
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=scratch_database,
    )
    with restored_connection, restored_connection.cursor() as cursor:
        restored = table_contents(cursor)
    assert original["associations_association"][0] == 1
    assert original["accounts_membership"][0] == 1
    assert restored == original
