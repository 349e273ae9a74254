"""Time the open-data exports over a synthetic directory, and their peak memory.

    python bench/exports.py [--associations 10000]

Builds the directory in a fresh database: a temporary SQLite file, or the PostgreSQL database
named by BENCH_DATABASE_URL (its associations deleted first). Each export is consumed as the web response
would be (the same generators and serialisers), once for its time and once under tracemalloc
for the peak of Python memory it allocates.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    workdir = tempfile.mkdtemp(prefix="roubaix-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roubaix_aide.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_directory(count):
    from associations.models import (
        AidType,
        Association,
        Closure,
        OpeningSlot,
        Place,
        Public,
        Referent,
        Service,
        ServicePublic,
    )

    Association.objects.all().delete()
    today = datetime.date.today()
    aid_types = list(AidType.objects.all())
    publics = list(Public.objects.all())
    associations = Association.objects.bulk_create(
        Association(
            name=f"Association {number}",
            slug=f"association-{number}",
            summary="Colis alimentaires et repas pour les habitants du quartier.",
            phone="03 20 00 00 00",
            email=f"contact{number}@example.org",
            is_published=True,
            last_checked_on=today,
            holiday_policy="closed" if number % 2 else "unknown",
            internal_notes="CCAS seulement",
        )
        for number in range(count)
    )
    places = Place.objects.bulk_create(
        Place(association=association, name="Salle", address=f"{number} rue de l'Alma")
        for number, association in enumerate(associations)
    )
    services = Service.objects.bulk_create(
        Service(association=association, place=place, aid_type=aid_types[(number + k) % 8])
        for number, (association, place) in enumerate(zip(associations, places, strict=True))
        for k in range(2)
    )
    OpeningSlot.objects.bulk_create(
        OpeningSlot(
            service=service,
            weekday=(number + k) % 7,
            opens_at=datetime.time(9 + k * 3, 0),
            closes_at=datetime.time(11 + k * 3, 30),
            weeks_of_month=[1, 3] if k == 2 else [],
        )
        for number, service in enumerate(services)
        for k in range(3)
    )
    ServicePublic.objects.bulk_create(
        ServicePublic(
            service=service, public=publics[(number + k) % len(publics)], is_public=k == 0
        )
        for number, service in enumerate(services)
        for k in range(2)
    )
    Referent.objects.bulk_create(
        Referent(association=association, name="Référent", is_public=number % 2 == 0)
        for number, association in enumerate(associations)
    )
    Closure.objects.bulk_create(
        Closure(
            association=association,
            starts_on=today + datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=20),
        )
        for association in associations[::10]
    )


def exports():
    from opendata.exports import data_inclusion, hsds, spreadsheet
    from opendata.exports.streaming import csv_rows, json_array

    def di_csv(records, fields):
        return csv_rows(fields, (data_inclusion.csv_row(record, fields) for record in records))

    return {
        "data·inclusion structures.json": lambda: json_array(data_inclusion.structures()),
        "data·inclusion services.json": lambda: json_array(data_inclusion.services()),
        "data·inclusion structures.csv": lambda: di_csv(
            data_inclusion.structures(), data_inclusion.STRUCTURE_FIELDS
        ),
        "data·inclusion services.csv": lambda: di_csv(
            data_inclusion.services(), data_inclusion.SERVICE_FIELDS
        ),
        "HSDS organizations.json": lambda: json_array(hsds.organizations()),
        "services.csv (tableur)": lambda: csv_rows(
            spreadsheet.COLUMNS, spreadsheet.rows(), delimiter=";", bom=True
        ),
    }


def consume(chunks):
    return sum(len(chunk.encode()) for chunk in chunks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--associations", type=int, default=10_000)
    count = parser.parse_args().associations
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    build_directory(count)
    print(
        f"{count} associations ({connection.vendor}) built in {time.perf_counter() - started:.1f} s"
    )
    print(f"{'export':34} {'time':>8} {'size':>9} {'peak memory':>12}")
    for name, make in exports().items():
        started = time.perf_counter()
        size = consume(make())
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        consume(make())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name:34} {elapsed:7.2f}s {size / 1e6:7.1f}MB {peak / 1e6:10.1f}MB")


if __name__ == "__main__":
    main()
