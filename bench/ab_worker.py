"""One side of bench/ab.py: one tree's pages, timed when asked.

bench/ab.py starts it from the working tree with the side's tree as its folder and first on
sys.path (`python -P`, PYTHONPATH), so that the project, bench.settings and bench.directory it
imports are that tree's. It therefore relies only on what every tree of the A/B has: Django,
bench.settings (BENCH_STATIC_ROOT; PUBLIC_PAGE_CACHE_SECONDS=0 turns the page cache off),
bench.directory.build(size) and operations.memory.freeze(). Once ready (translations compiled, database migrated, static files
collected) it answers each JSON line read on standard input with one JSON line on standard
output:

- {"build": SIZE}: associations added up to SIZE by the tree's own bench.directory.build;
- {"pages": true}: the public pages of bench/measure.py, asked of the working tree's side only;
- {"warm": PATH}: one request of the page, then what the process holds frozen out of the
  garbage collector's sight, as bench/measure.py does before it times a page;
- {"time": PATH, "count": N}: the milliseconds of each of N requests of the page.
"""

import json
import sys
import time

import django

# Whatever the project prints (the console e-mail backend, for one) goes to standard error, not
# into the answers.
answers = sys.stdout
sys.stdout = sys.stderr


def answer(**values):
    answers.write(json.dumps(values) + "\n")
    answers.flush()


def fetch(client, path):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def main():
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import directory
    from operations import memory

    # The translations are not committed: each side compiles its own, as `make install` does.
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    answer(root=str(settings.BASE_DIR), vendor=connection.vendor, version=version)

    client = Client(HTTP_HOST="127.0.0.1")
    for line in sys.stdin:
        command = json.loads(line)
        if "build" in command:
            started = time.perf_counter()
            directory.build(command["build"])
            answer(seconds=time.perf_counter() - started)
        elif "pages" in command:
            from bench.measure import public_pages

            answer(pages=public_pages())
        elif "warm" in command:
            fetch(client, command["warm"])
            memory.freeze()
            answer(done=True)
        else:
            samples = []
            for _ in range(command["count"]):
                begin = time.perf_counter()
                fetch(client, command["time"])
                samples.append((time.perf_counter() - begin) * 1000)
            answer(ms=samples)


if __name__ == "__main__":
    main()
