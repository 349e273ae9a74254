"""`make bench`: the public pages at three sizes of directory, on SQLite and PostgreSQL.

    python -m bench.run

Environment: BENCH_SIZES (default 15,1000,10000), BENCH_DATABASES (default sqlite,postgresql),
BENCH_SECONDS of load per URL (default 5), BENCH_REQUESTS test-client samples per page (default
50; at least BENCH_MIN_REQUESTS, default 10, for slow pages), BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/
roubaix_aide_pagebench: that database is dropped and created again), BENCH_OUTPUT (default
BENCHMARKS.md; its Soak and A/B sections, written by bench/soak.py and bench/ab.py, are kept).
Each database is measured in its own process (bench/measure.py).
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from . import load, report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/roubaix_aide_pagebench"


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def recreate_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def collect_static(workdir):
    """The static files and their manifest into the run's folder: with DEBUG off, a page whose
    static file is missing from the manifest is a server error."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=load.environment(f"sqlite:///{workdir / 'collectstatic.sqlite3'}", workdir),
        check=True,
    )


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    import django

    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def main():
    sizes = [int(size) for size in env_list("BENCH_SIZES", "15,1000,10000")]
    databases = env_list("BENCH_DATABASES", "sqlite,postgresql")
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    output = ROOT / os.environ.get("BENCH_OUTPUT", "BENCHMARKS.md")
    workdir = Path(tempfile.mkdtemp(prefix="roubaix-bench-"))
    print(f"Working in {workdir}", flush=True)

    collect_static(workdir)
    results = {}
    skipped = {}
    for database in databases:
        if database == "sqlite":
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        elif database == "postgresql":
            url = postgres_url
            try:
                recreate_postgres(url)
            except Exception as error:  # noqa: BLE001
                skipped[database] = f"PostgreSQL unreachable at {url}: {error}"
                print(skipped[database], flush=True)
                continue
        else:
            raise SystemExit(f"BENCH_DATABASES: unknown database {database!r}")
        print(f"{database}:", flush=True)
        out = workdir / f"{database}.json"
        subprocess.run(
            [sys.executable, "-m", "bench.measure", str(out), *map(str, sizes)],
            cwd=ROOT,
            env={**load.environment(url, workdir), "LOG_LEVEL": "WARNING"},
            check=True,
        )
        results[database] = json.loads(out.read_text())
        if database == "postgresql":
            drop_postgres(url)

    info = machine()
    info["load_tool"] = load.describe_load_tool(int(os.environ.get("BENCH_SECONDS", "5")))
    # The soak of bench/soak.py and the A/B of bench/ab.py are runs of their own: they stay as
    # they were.
    previous = output.read_text() if output.exists() else ""
    ab, soak = report.ab_section(previous), report.soak_section(previous)
    output.write_text(report.markdown(info, sizes, results, skipped, ab, soak))
    print(f"Wrote {output}; raw results in {workdir}", flush=True)


if __name__ == "__main__":
    main()
