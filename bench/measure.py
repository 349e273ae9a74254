"""Measure one database at every size: `python -m bench.measure OUT.json SIZE [SIZE…]`.

Started by bench/run.py with the environment of bench.load.environment(); writes its results
as JSON. For each size, after building the directory up to it:
- queries per page and server time with Django's test client, page cache off
  (PUBLIC_PAGE_CACHE_SECONDS=0; the short lists stay cached, as in production):
  the worst case, what a visitor waits for on a page no one asked for in the last minute;
  after one request of the page and gc.freeze(), as in a production worker (gunicorn.conf.py);
- server time again with the default local-memory page cache (cached);
- requests per second under gunicorn, with the page cache (the default) and without.
The /donnees/ exports are built by their first request and served from their files after it
(opendata/exports/files.py), whatever the page cache: these figures are those of serving the
files; bench/exports.py times their build.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

MAX_SAMPLES = int(os.environ.get("BENCH_REQUESTS", "50"))
# BENCH_MIN_REQUESTS: fewer samples of the slowest pages (the 10,000-association exports) for a
# shorter run; their p95 is then rough.
MIN_SAMPLES = int(os.environ.get("BENCH_MIN_REQUESTS", "10"))
# A page slower than this gets MIN_SAMPLES samples only: the run must stay short.
SAMPLE_BUDGET_SECONDS = 10
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = 1


def public_pages():
    """(name, path) of the public pages measured, also by bench/ab.py; the same at every size."""
    from associations.models import Association

    detail = Association.objects.published().order_by("pk").first()
    return [
        ("home", "/"),
        ("list, filtered", "/associations/?type=colis&quartier=alma&gratuit=on"),
        ("list, open today", "/associations/?type=colis&ouvert=aujourdhui"),
        ("search", "/associations/?q=%C3%A9picerie+alma"),
        ("detail", detail.get_absolute_url()),
    ]


def pages():
    """(name, path) of the pages measured: the public pages, then the exports."""
    from django.urls import reverse

    measured = public_pages()
    measured += [
        ("export data·inclusion structures.json", reverse("opendata:di-structures-json")),
        ("export data·inclusion services.csv", reverse("opendata:di-services-csv")),
        ("export HSDS organizations.json", reverse("opendata:hsds-organizations")),
        ("export services.csv (tableur)", reverse("opendata:services-csv")),
    ]
    return measured


def fetch(client, path):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def server_times(client, path):
    """Milliseconds per request, as many samples as the budget allows."""
    samples = []
    started = time.perf_counter()
    while len(samples) < MAX_SAMPLES and (
        len(samples) < MIN_SAMPLES or time.perf_counter() - started < SAMPLE_BUDGET_SECONDS
    ):
        begin = time.perf_counter()
        fetch(client, path)
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def reference_ms():
    """The best of five runs of a fixed pure-Python loop: how fast the machine runs Python
    while the pages are timed (a shared virtual machine can be twice slower at times)."""
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number
        runs.append((time.perf_counter() - started) * 1000)
    return min(runs)


def p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def measure_test_client(page_list):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from operations import memory

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, path in page_list:
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            fetch(client, path)  # templates compiled, connection open
            # As a production worker after its first requests (gunicorn.conf.py).
            memory.freeze()
            with CaptureQueriesContext(connection) as queries:
                fetch(client, path)
            # Read now: every request clears the connection's query log.
            query_count = len(queries)
            uncached = server_times(client, path)
        fetch(client, path)  # into the page cache
        cached = server_times(client, path)
        results[name] = {
            "path": path,
            "queries": query_count,
            "median_ms": statistics.median(uncached),
            "p95_ms": p95(uncached),
            "samples": len(uncached),
            "cached_median_ms": statistics.median(cached),
        }
        print(
            f"    {name:40} {query_count:3} queries  median {statistics.median(uncached):7.1f} ms"
            f"  p95 {p95(uncached):7.1f} ms  cached {statistics.median(cached):5.1f} ms",
            flush=True,
        )
    return results


def measure_gunicorn(page_list, cache, log_path):
    from .load import Gunicorn, requests_per_second

    env = {**os.environ, "LOG_LEVEL": "INFO"}
    if cache == "dummy":
        env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    else:
        env.pop("PUBLIC_PAGE_CACHE_SECONDS", None)
    results = {}
    with Gunicorn(env, log_path) as server:
        bare = []
        for name, path in [("bare", "/bench/bare/"), *page_list, ("bare", "/bench/bare/")]:
            if server.status(path) != 200:
                raise RuntimeError(f"{path} did not answer 200 under gunicorn")
            # Every worker compiles its templates and opens its connection before the count.
            requests_per_second(server.url(path), WARMUP_SECONDS)
            rate, failed = requests_per_second(server.url(path), SECONDS)
            if name == "bare":
                bare.append(rate)
            results.setdefault(name, {}).update(
                rps=rate, failed=failed, rss_mb=server.max_worker_rss_mb()
            )
            print(
                f"    gunicorn ({cache}) {name:40} {rate:8.1f} req/s  failed {failed}", flush=True
            )
        results["bare"]["rps"] = statistics.mean(bare)
        results["bare"]["rps_each"] = bare
        results["workers"] = len(server.workers())
    return results


def main():
    out = Path(sys.argv[1])
    sizes = [int(size) for size in sys.argv[2:]]
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from . import directory

    call_command("migrate", verbosity=0)
    results = {"vendor": connection.vendor, "sizes": {}}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        results["version"] = cursor.fetchone()[0]
    for size in sizes:
        started = time.perf_counter()
        directory.build(size)
        built = time.perf_counter() - started
        print(f"  {connection.vendor}, {size} associations built in {built:.1f} s", flush=True)
        page_list = pages()
        size_results = {
            "public_pages": [name for name, _ in public_pages()],
            "build_seconds": built,
            "counts": counts(),
            "reference_ms": reference_ms(),
            "client": measure_test_client(page_list),
            "pages": [name for name, _ in page_list],
        }
        connection.close()
        for cache in ("locmem", "dummy"):
            size_results[f"gunicorn_{cache}"] = measure_gunicorn(
                page_list, cache, out.with_suffix(".gunicorn.log")
            )
        results["sizes"][size] = size_results
        out.write_text(json.dumps(results, indent=1))
    connection.close()


def counts():
    from associations.models import Association, OpeningSlot, Place, Service

    return {
        "associations": Association.objects.count(),
        "published": Association.objects.published().count(),
        "places": Place.objects.count(),
        "services": Service.objects.count(),
        "slots": OpeningSlot.objects.count(),
    }


if __name__ == "__main__":
    main()
