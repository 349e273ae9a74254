"""Time the open-data exports over a synthetic directory, built and served, and their memory.

    python bench/exports.py [--associations 10000]

Builds the directory in a fresh database: a temporary SQLite file, or the PostgreSQL database
named by BENCH_DATABASE_URL (its associations deleted first). For each export:
- cold: the first request after a change, the export built while written to its file (the same
  generator the view streams), and the peak of Python memory that build allocates (tracemalloc);
- warm: the following requests, the file served through the view by Django's test client
  (median of a few), and the peak memory of one.
The files are written in a temporary EXPORTS_DIR.
"""

import argparse
import functools
import os
import statistics
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
    os.environ["EXPORTS_DIR"] = f"{workdir}/exports"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per request
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


# The URL name of each export (opendata/urls.py), to request it as a visitor does.
URL_NAMES = {
    "data-inclusion-structures-json": "opendata:di-structures-json",
    "data-inclusion-services-json": "opendata:di-services-json",
    "data-inclusion-structures-csv": "opendata:di-structures-csv",
    "data-inclusion-services-csv": "opendata:di-services-csv",
    "hsds-organizations": "opendata:hsds-organizations",
    "services-spreadsheet": "opendata:services-csv",
}
WARM_REQUESTS = 5


def consume(chunks):
    return sum(len(chunk) for chunk in chunks)


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def peak_memory(function):
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--associations", type=int, default=10_000)
    count = parser.parse_args().associations
    setup_django()
    from django.db import connection
    from django.http import FileResponse
    from django.test import Client
    from django.urls import reverse

    from opendata.exports.files import EXPORTS, build_while_streaming, current_version

    started = time.perf_counter()
    build_directory(count)
    print(
        f"{count} associations ({connection.vendor}) built in {time.perf_counter() - started:.1f} s"
    )
    client = Client(HTTP_HOST="127.0.0.1")

    def serve(path):
        response = client.get(path)
        if not isinstance(response, FileResponse):
            raise RuntimeError(f"{path} was not served from its file")
        return consume(response.streaming_content)

    print(f"{'export':32} {'cold':>7} {'warm':>8} {'size':>8} {'peak memory cold':>17} {'warm':>7}")
    for name, export in EXPORTS.items():
        build = functools.partial(build_while_streaming, export, *current_version())
        cold, size = timed(lambda: consume(build()))  # noqa: B023 (called at once)
        cold_peak = peak_memory(lambda: consume(build()))  # noqa: B023
        get = functools.partial(serve, reverse(URL_NAMES[name]))
        get()  # the first request of the client: imports, connection
        warm = statistics.median(timed(get)[0] for _ in range(WARM_REQUESTS))
        warm_peak = peak_memory(get)
        print(
            f"{name:32} {cold:6.2f}s {warm * 1000:6.1f}ms {size / 1e6:6.1f}MB "
            f"{cold_peak / 1e6:15.1f}MB {warm_peak / 1e6:5.2f}MB"
        )


if __name__ == "__main__":
    main()
