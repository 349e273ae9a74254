"""`make bench-ab REF=<commit>`: the public pages of REF's code against the working tree's,
interleaved in one run, so that both see the same machine at the same moments.

    python -m bench.ab REF

REF is checked out in a temporary git worktree, removed at the end. Each side is one
long-lived process (bench/ab_worker.py) running its own tree's code on its own database, which
it migrates and fills with its own bench.directory.build(size); the sizes are built one on top
of the other, as in bench/run.py. At each size both sides request each public page of
bench/measure.py once and freeze what they hold, as bench/measure.py does, then take turns:
AB_ROUNDS rounds in which each side makes AB_BATCH requests of each page with Django's test
client, page cache off, the side that goes first alternating from one page to the next. The
medians of the two sides are compared; the target is that no public page is more than 15 %
slower on the working tree than on REF.

Environment: AB_SIZES (default 15,1000), AB_DATABASES (default postgresql; sqlite as well or
instead), AB_ROUNDS (default 40), AB_BATCH (default 5), AB_POSTGRES_SERVER (default
postgres://postgres@127.0.0.1:5432: its databases roubaix_aide_ab_ref and roubaix_aide_ab_head
are dropped, created again, and dropped at the end), BENCH_OUTPUT (default BENCHMARKS.md: its
A/B section is replaced, the rest kept).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import load, report
from .measure import reference_ms
from .run import drop_postgres, env_list, machine, recreate_postgres

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().with_name("ab_worker.py")
SIDES = ("ref", "head")
SLOWER_LIMIT = 0.15
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


class Side:
    """One side's worker: its tree's code, on its own database."""

    def __init__(self, name, tree, database_url, workdir):
        self.name = name
        env = {
            **load.environment(database_url, workdir),
            "PUBLIC_PAGE_CACHE_SECONDS": "0",
            "BENCH_STATIC_ROOT": str(workdir / f"static-{name}"),
            "LOG_LEVEL": "WARNING",
            # With -P, the worker's own folder is left off sys.path: the side's tree is first.
            "PYTHONPATH": str(tree),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-P", str(WORKER)],
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def wait_ready(self, tree):
        """Its database's version, once migrated; and a check that it runs its tree's code."""
        info = self._answer()
        if Path(info["root"]) != tree:
            raise RuntimeError(f"the {self.name} side runs the code of {info['root']}, not {tree}")
        return info["version"]

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} side stopped (its error is above)")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def compare(database, trees, sizes, rounds, batch, workdir):
    """{"version", "sizes": {size: {"built", "reference_ms", "pages"}}} for one database."""
    if database == "postgresql":
        server = os.environ.get("AB_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
        urls = {name: f"{server}/roubaix_aide_ab_{name}" for name in SIDES}
        for url in urls.values():
            recreate_postgres(url)
    elif database == "sqlite":
        urls = {name: f"sqlite:///{workdir / f'ab-{name}.sqlite3'}" for name in SIDES}
    else:
        raise SystemExit(f"AB_DATABASES: unknown database {database!r}")
    print(f"{database}:", flush=True)
    sides = {}
    try:
        # Both sides migrate their databases and collect their static files at the same time.
        for name in SIDES:
            sides[name] = Side(name, trees[name], urls[name], workdir)
        versions = {name: side.wait_ready(trees[name]) for name, side in sides.items()}
        result = {"version": versions["head"], "sizes": {}}
        for size in sizes:
            built = {name: side.ask(build=size)["seconds"] for name, side in sides.items()}
            pages = sides["head"].ask(pages=True)["pages"]
            for _, path in pages:
                for side in sides.values():
                    side.ask(warm=path)
            reference_before = reference_ms()
            samples = {page: {name: [] for name in SIDES} for page, _ in pages}
            for round_number in range(rounds):
                for index, (page, path) in enumerate(pages):
                    order = SIDES if (round_number + index) % 2 == 0 else SIDES[::-1]
                    for name in order:
                        samples[page][name] += sides[name].ask(time=path, count=batch)["ms"]
            result["sizes"][size] = {
                "built": built,
                "reference_ms": [reference_before, reference_ms()],
                "pages": {
                    page: {
                        "path": path,
                        **{name: statistics.median(samples[page][name]) for name in SIDES},
                    }
                    for page, path in pages
                },
            }
            for page, medians in result["sizes"][size]["pages"].items():
                print(
                    f"  {size:>6,} {page:20} REF {medians['ref']:6.1f} ms  "
                    f"HEAD {medians['head']:6.1f} ms  {_difference(medians):+.1%}",
                    flush=True,
                )
    finally:
        for side in sides.values():
            side.close()
        if database == "postgresql":
            for url in urls.values():
                drop_postgres(url)
    return result


def _difference(medians):
    return medians["head"] / medians["ref"] - 1


def markdown(info, commits, rounds, batch, results):
    sizes = next(iter(results.values()))["sizes"]
    lines = [
        report.AB_BEGIN,
        "",
        f"## A/B: the working tree against `{commits['ref']}`",
        "",
        "Generated by `make bench-ab REF=…` (`bench/ab.py`), a run of its own, independent of "
        "the rest of this file; do not edit by hand.",
        "",
        f"- Date: {info['date']}; REF `{commits['ref']}`; HEAD the working tree at "
        f"`{commits['head']}`{commits['changes']}",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM; Python "
        f"{info['python']}, Django {info['django']}, "
        + ", ".join(f"{NAMES[db]} {result['version']}" for db, result in results.items()),
        "- Each side is a process of its own running its tree's code on its own database, "
        "filled by its tree's `bench.directory.build`. Server time of one request with Django's "
        "test client, page cache off, after one request of each page and a freeze of what the "
        f"process holds, as in `bench/measure.py`: {rounds} rounds of {batch} requests of each "
        "page per side, the sides taking turns and the first alternating, "
        f"{rounds * batch} requests per page and side; **median ms** of those.",
        "- **reference ms**: the reference loop of `bench/measure.py` (the best of five runs "
        "of a million multiply-adds), run just before and just after that size's rounds.",
        "",
    ]
    for database, result in results.items():
        lines += [
            f"### {NAMES[database]}",
            "",
            "| page | associations | REF median ms | HEAD median ms | HEAD vs REF |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for page in next(iter(result["sizes"].values()))["pages"]:
            for size, data in result["sizes"].items():
                medians = data["pages"][page]
                lines.append(
                    f"| {page} | {size:,} | {medians['ref']:.1f} | {medians['head']:.1f} "
                    f"| {_difference(medians):+.0%} |"
                )
        lines += [
            "",
            "| associations | built in, REF | built in, HEAD | reference ms, before / after |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for size, data in result["sizes"].items():
            before, after = data["reference_ms"]
            lines.append(
                f"| {size:,} | {data['built']['ref']:.1f} s | {data['built']['head']:.1f} s "
                f"| {before:.0f} / {after:.0f} |"
            )
        lines.append("")
    slower = [
        f"{page} {_difference(medians):+.0%} at {size:,} ({NAMES[database]})"
        for database, result in results.items()
        for size, data in result["sizes"].items()
        for page, medians in data["pages"].items()
        if _difference(medians) > SLOWER_LIMIT
    ]
    verdict = "**met**" if not slower else "**missed**: " + "; ".join(slower)
    lines += [
        f"No public page more than {SLOWER_LIMIT:.0%} slower on HEAD than on REF at "
        f"{' and '.join(f'{size:,}' for size in sizes)} associations: {verdict}",
        "",
        report.AB_END,
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare the working tree with")
    ref = parser.parse_args().ref
    sizes = [int(size) for size in env_list("AB_SIZES", "15,1000")]
    databases = env_list("AB_DATABASES", "postgresql")
    rounds = int(os.environ.get("AB_ROUNDS", "40"))
    batch = int(os.environ.get("AB_BATCH", "5"))
    output = ROOT / os.environ.get("BENCH_OUTPUT", "BENCHMARKS.md")
    commits = {
        "ref": git("rev-parse", "--short", f"{ref}^{{commit}}"),
        "head": git("rev-parse", "--short", "HEAD"),
        # The benchmark's own output, rewritten by make bench, is not a change of the code.
        "changes": " with uncommitted changes"
        if git("status", "--porcelain", "--untracked-files=no", "--", ".", f":!{output.name}")
        else "",
    }
    with tempfile.TemporaryDirectory(prefix="roubaix-ab-") as folder:
        workdir = Path(folder).resolve()
        ref_tree = workdir / "ref"
        print(f"REF {commits['ref']} in {ref_tree}, HEAD the working tree {ROOT}", flush=True)
        git("worktree", "add", "--detach", str(ref_tree), commits["ref"])
        try:
            trees = {"ref": ref_tree, "head": ROOT}
            results = {
                database: compare(database, trees, sizes, rounds, batch, workdir)
                for database in databases
            }
        finally:
            git("worktree", "remove", "--force", str(ref_tree))
    section = markdown(machine(), commits, rounds, batch, results)
    previous = output.read_text() if output.exists() else ""
    output.write_text(report.with_ab_section(previous, section))
    print(f"Wrote the A/B section of {output}", flush=True)


if __name__ == "__main__":
    main()
