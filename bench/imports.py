"""Time the CSV import, as the back office runs it: rows per second, steps and transactions.

    python bench/imports.py [--rows 2000]

Imports a synthetic spreadsheet of ROWS associations (one service and one place each) into a
fresh database: a temporary SQLite file, or the PostgreSQL database named by BENCH_DATABASE_URL
(its associations deleted first). Three runs, each a job driven step by step as the agent's
progress page drives it (import_jobs.advance, STEP_SECONDS of batches a visit):
- a dry run of new rows (the file checked, nothing written);
- the import of the same rows (checked, then written);
- a dry run of the same file again, every row unchanged (an export edited and imported back).
For each: the time, rows per second, the number of steps and the longest, and the longest
batch, which is the longest transaction: what another request may wait for.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "id_association;association;id_service;type_aide;horaires;lieu_nom;lieu_adresse;publics"


def setup_django():
    workdir = tempfile.mkdtemp(prefix="roubaix-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roubaix_aide.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def spreadsheet(rows):
    """ROWS lines of the CCAS spreadsheet, about 100 bytes each (5 MB at 50,000: the page's
    limit for one file)."""
    lines = [
        f"a{n};Association {n};s{n};Colis alimentaire;Tu 09:00-12:00;Salle;{n} rue de l'Alma;"
        "Familles"
        for n in range(rows)
    ]
    return "\n".join([HEADER, *lines]) + "\n"


def timed_batches(import_jobs):
    """Record how long each batch lasts."""
    durations = []
    batch = import_jobs._batch

    def timed(*args):
        started = time.perf_counter()
        batch(*args)
        durations.append(time.perf_counter() - started)

    import_jobs._batch = timed
    return durations


def run(name, text, rows, dry_run, import_jobs, batches):
    batches.clear()
    job = import_jobs.start("csv", [("bench.csv", text)], dry_run)
    steps = []
    started = time.perf_counter()
    while not job.finished:
        step_started = time.perf_counter()
        import_jobs.advance(job)
        steps.append(time.perf_counter() - step_started)
    took = time.perf_counter() - started
    problems = len(job.problems)
    print(
        f"{name:28} {took:7.1f} s {rows / took:8.1f} {len(steps):6} {max(steps):7.2f} s "
        f"{max(batches):9.2f} s" + (f"  ({problems} problems)" if problems else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000)
    rows = parser.parse_args().rows
    setup_django()
    from django.db import connection

    from associations.models import Association
    from opendata import import_jobs
    from opendata.models import ImportedRecord

    Association.all_objects.all().delete()
    ImportedRecord.objects.all().delete()
    text = spreadsheet(rows)
    batches = timed_batches(import_jobs)
    print(
        f"CSV import of {rows} rows ({connection.vendor}, {len(text) / 1e6:.1f} MB), "
        f"steps of {import_jobs.STEP_SECONDS} s, batches of {import_jobs.BATCH_SECONDS} s"
    )
    print(f"{'run':28} {'time':>9} {'rows/s':>8} {'steps':>6} {'longest':>9} {'longest tx':>11}")
    run("dry run, new rows", text, rows, True, import_jobs, batches)
    run("import (check, then write)", text, rows, False, import_jobs, batches)
    run("dry run, unchanged rows", text, rows, True, import_jobs, batches)


if __name__ == "__main__":
    main()
