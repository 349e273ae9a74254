"""Time the open-data exports over a synthetic directory, and their peak memory.

    python bench/exports.py [--associations 10000]

Builds the directory in a fresh database: a temporary SQLite file, or the PostgreSQL database
named by BENCH_DATABASE_URL (its associations deleted first). Each export is consumed as the web response
would be (the same generators and serialisers), once for its time and once under tracemalloc
for the peak of Python memory it allocates.
"""

import argparse
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
    from associations.models import Association
    from bench.directory import build

    Association.objects.all().delete()
    build(count)


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
