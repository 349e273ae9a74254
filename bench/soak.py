"""The soak, last step of `make bench` or alone `make soak`: a minute of distinct searches and
filters against gunicorn, a graceful reload (SIGHUP) in the middle, workers recycled meanwhile.

    python -m bench.soak

A PostgreSQL database of its own (a name of its own, dropped at the end) holds the synthetic
directory of bench/directory.py, BENCH_SOAK_SIZE associations (default 1,000). gunicorn runs the
production gunicorn.conf.py with the bench settings (DEBUG off, one log line per request, the
page cache on as in production) and CONNECTIONS clients ask it for pages, each URL once, so that
none comes from the page cache: searches in French, English and Arabic, some misspelt, filter
combinations, association pages, and bad input that must answer 400, 404 or 414.

The load is made by Python threads rather than wrk: each request's start, duration and outcome
are kept, so that every failure is counted and dated against the reload. A failure is a
connection refused or reset, a timeout (TIMEOUT_SECONDS), a malformed answer, a status of 500 or
more, or an answer other than the one expected.

Timeline: gunicorn starts; WARMUP_SECONDS of load; the workers' memory is read, the load paused;
BENCH_SOAK_SECONDS (default 60) of load, SIGHUP to the master halfway, the second half prolonged
if need be until the workers the reload started have served as many requests as the warm-up; the
memory read again, the load stopped. The reload replaces every worker, so the workers after the
soak are not those of before: both are read after as many requests since all the workers were
started (gunicorn's start, the reload), of the same load (see `memory_verdict`).

Writes the Soak section of BENCHMARKS.md (BENCH_OUTPUT), keeping the rest of the file, and exits
with 1 when a request failed, the server logged an error or a worker's memory grew by more than
MEMORY_LIMIT.

Environment: BENCH_SOAK_SECONDS, BENCH_SOAK_SIZE, BENCH_SOAK_MAX_REQUESTS (see MAX_REQUESTS),
BENCH_SOAK_POSTGRES_SERVER (default postgres://postgres@127.0.0.1:5432), BENCH_OUTPUT.
"""

import datetime
import http.client
import json
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from . import load, report
from .run import collect_static, drop_postgres, machine, recreate_postgres

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "60"))
SIZE = int(os.environ.get("BENCH_SOAK_SIZE", "1000"))
CONNECTIONS = 32
# Before the workers' memory is read. The workers the reload starts are read after serving as
# many requests: the second half of the soak lasts until they have, up to LONGEST_HALF_SECONDS.
WARMUP_SECONDS = SECONDS / 2
LONGEST_HALF_SECONDS = 2 * SECONDS
# A browser, or a load balancer, gives up after as long.
TIMEOUT_SECONDS = 30
MEMORY_LIMIT = 0.10
# Production recycles a worker after 2,000 requests and up to 200 more (gunicorn.conf.py): at
# the few dozen uncached pages per second of a 2-CPU machine, minutes after a soak's end. After
# 150 to 350 (the file's jitter is 200), most workers started with gunicorn are recycled before
# the reload, on such a machine.
MAX_REQUESTS = int(os.environ.get("BENCH_SOAK_MAX_REQUESTS", "150"))
# The requests counted around the reload: started from this long before the SIGHUP to this long
# after the last old worker has left.
RELOAD_MARGIN_SECONDS = 5
MEMORY_SAMPLE_SECONDS = 1
SEED = 32

# Words residents type that are in no list and no name of the synthetic directory: a search
# that finds nothing shows the next openings and the places open to all instead.
OTHER_WORDS = ["vêtements", "douche", "logement", "coiffeur", "wifi", "laverie", "médecin"]
# French (no prefix) as often as English and Arabic together.
LANGUAGE_PREFIXES = ["", "", "/en", "/ar"]


@dataclass(frozen=True)
class Visit:
    kind: str
    path: str
    expected: tuple = (200,)
    host: str = ""


@dataclass(frozen=True)
class Outcome:
    kind: str
    # Seconds since the soak's origin.
    started: float
    seconds: float
    status: int
    error: str
    expected: tuple

    @property
    def failure(self):
        """What went wrong, or "" if nothing did."""
        if self.error:
            return self.error
        if self.status >= 500:
            return f"status {self.status}"
        if self.status not in self.expected:
            return f"unexpected status {self.status}"
        return ""


class Visits:
    """An endless stream of visits, each URL once, the same on every run (a seeded generator).

    Shared by the load's threads: next() takes a lock."""

    def __init__(self, words, terms, slugs):
        self.rng = random.Random(SEED)
        self.words = words
        self.terms = terms
        self.slugs = slugs
        self.seen = set()
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            while True:
                visit = self._draw()
                if (visit.path, visit.host) not in self.seen:
                    self.seen.add((visit.path, visit.host))
                    return visit

    def _draw(self):
        rng = self.rng
        roll = rng.random()
        prefix = rng.choice(LANGUAGE_PREFIXES)
        if roll < 0.40:
            criteria = {"q": self._query()}
            if rng.random() < 0.4:
                criteria.update(self._filters())
            return Visit("search", f"{prefix}/associations/?{urlencode(criteria, doseq=True)}")
        if roll < 0.75:
            # The home page and the map take the list's filters too.
            page = rng.choice(["/associations/"] * 6 + ["/"] * 2 + ["/carte/"])
            return Visit("filters", f"{prefix}{page}?{urlencode(self._filters(), doseq=True)}")
        if roll < 0.93:
            sheet = "fiche/" if rng.random() < 0.2 else ""
            return Visit("association", f"{prefix}/associations/{rng.choice(self.slugs)}/{sheet}")
        return self._bad_input(prefix)

    def _query(self):
        rng = self.rng
        words = [rng.choice(self.words) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        if rng.random() < 0.3:
            index = rng.randrange(len(words))
            words[index] = misspelt(words[index], rng)
        if rng.random() < 0.2:
            words = [folded(word) for word in words]
        return " ".join(words)

    def _filters(self):
        rng = self.rng
        terms = self.terms
        criteria = {}
        if rng.random() < 0.5:
            criteria["type"] = rng.sample(terms["aid_types"], rng.choice([1, 1, 2]))
        if rng.random() < 0.3:
            criteria["public"] = rng.sample(terms["publics"], rng.choice([1, 1, 2]))
        if rng.random() < 0.4:
            criteria["quartier"] = rng.choice(terms["quartiers"])
        if rng.random() < 0.2:
            criteria["langue"] = rng.choice(terms["languages"])
        when = rng.random()
        if when < 0.3:
            criteria["ouvert"] = rng.choice(["maintenant", "aujourdhui", "demain"])
        elif when < 0.45:
            day = datetime.date.today() + datetime.timedelta(days=rng.randint(-3, 60))
            criteria["jour"] = day.isoformat()
            if rng.random() < 0.5:
                criteria["heure"] = f"{rng.randint(7, 20):02d}:{rng.choice(['00', '30'])}"
        for condition in ("sans_rendez_vous", "sans_orientation", "sans_zone", "gratuit"):
            if rng.random() < 0.15:
                criteria[condition] = "on"
        if rng.random() < 0.1:
            criteria["accessible"] = "on"
        if rng.random() < 0.3:
            criteria["tri"] = rng.choice(["ouverture", "nom"])
        if rng.random() < 0.3:
            criteria["page"] = rng.randint(2, 6)
        return criteria

    def _bad_input(self, prefix):
        rng = self.rng
        # Makes each URL its own.
        n = len(self.seen)
        roll = rng.random()
        if roll < 0.25:
            return Visit("bad input", f"{prefix}/associations/n-existe-pas-{n}/", (404,))
        if roll < 0.4:
            return Visit("bad input", f"{prefix}/nulle-part-{n}/", (404,))
        if roll < 0.55:
            # gunicorn refuses a request line longer than 4,094 bytes.
            return Visit("bad input", f"/associations/?q={'x' * 4100}{n}", (414,))
        if roll < 0.7:
            return Visit("bad input", f"{prefix}/associations/?q=colis+{n}", (400,), "evil.example")
        # Criteria no filter can read: the list says which it ignored.
        hostile = {
            "q": f"' OR 1=1 -- {n}",
            "jour": rng.choice(["2026-02-31", "9999-12-31", "0001-01-01", "hier"]),
            "heure": rng.choice(["25:61", "midi", "23:59:59.999999"]),
            "page": rng.choice(["-1", "0", "999999999999999999999", "1e308", "abc"]),
            "type": rng.choice(["<script>alert(1)</script>", "../../etc/passwd", "\x00"]),
            "quartier": "\x01" * rng.randint(1, 3),
        }
        return Visit("bad input", f"{prefix}/associations/?{urlencode(hostile)}")


def misspelt(word, rng):
    """`word` with a letter wrong, missing, doubled or swapped with the next, but the first (the
    search reads a misspelling that starts right)."""
    if len(word) < 5 or " " in word:
        return word
    i = rng.randrange(1, len(word) - 1)
    change = rng.choice(["wrong", "missing", "doubled", "swapped"])
    if change == "wrong":
        return word[:i] + rng.choice("aeioumnrst") + word[i + 1 :]
    if change == "missing":
        return word[:i] + word[i + 1 :]
    if change == "doubled":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def folded(word):
    """Lower case without accents, as typed in a hurry on a phone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_directory():
    """(search words, filter values, published slugs) of the directory built: the names of
    the lists in the three languages, the search's synonyms, the words the synthetic names and
    addresses are made of."""
    from associations.models import AidType, Association, Language, Public, Quartier, Synonym

    from . import directory

    words = [*directory.KINDS, *directory.NAMED_AFTER, *OTHER_WORDS]
    words += [street.split(" ", 1)[1] for street in directory.STREETS]
    for model in (AidType, Public, Language):
        for names in model.objects.values_list("name", "name_en", "name_ar"):
            words += [name for name in names if name]
    words += Quartier.objects.values_list("name", flat=True)
    words += Synonym.objects.values_list("text", flat=True)
    terms = {
        name: list(model.objects.values_list("slug", flat=True))
        for name, model in [
            ("aid_types", AidType),
            ("publics", Public),
            ("quartiers", Quartier),
            ("languages", Language),
        ]
    }
    slugs = list(Association.objects.published().order_by("pk").values_list("slug", flat=True))
    return sorted(set(words)), terms, slugs


class Load:
    """CONNECTIONS threads, each asking for one visit at a time on a new connection (gunicorn's
    sync workers close it after each answer), until a deadline."""

    def __init__(self, port, visits, origin):
        self.port = port
        self.visits = visits
        self.origin = origin

    def start(self, seconds):
        self.deadline = time.monotonic() + seconds
        # One list per thread: appending needs no lock.
        self.outcomes = [[] for _ in range(CONNECTIONS)]
        self.threads = [threading.Thread(target=self._client, args=(o,)) for o in self.outcomes]
        for thread in self.threads:
            thread.start()

    def stop(self):
        """Each thread stops after its current request."""
        self.deadline = 0

    def answered_since(self, moment):
        """How many requests started from `moment` on (seconds since the origin) were answered."""
        return sum(
            1
            for outcomes in self.outcomes
            for outcome in list(outcomes)
            if outcome.started >= moment and not outcome.error
        )

    def join(self):
        """The outcomes, in the order the requests started."""
        for thread in self.threads:
            thread.join()
        return sorted(
            (outcome for outcomes in self.outcomes for outcome in outcomes),
            key=lambda outcome: outcome.started,
        )

    def _client(self, outcomes):
        while time.monotonic() < self.deadline:
            outcomes.append(self.fetch(next(self.visits)))

    def fetch(self, visit):
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        status, error = 0, ""
        try:
            connection.request(
                "GET", visit.path, headers={"Host": visit.host} if visit.host else {}
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except TimeoutError:
            error = "timeout"
        except ConnectionRefusedError:
            error = "connection refused"
        except (ConnectionResetError, BrokenPipeError):
            # Among them http.client.RemoteDisconnected: the connection closed without an answer.
            error = "connection reset"
        except http.client.HTTPException as exception:
            error = f"malformed answer ({type(exception).__name__})"
        except OSError as exception:
            error = f"connection error ({exception.strerror or exception})"
        finally:
            connection.close()
        return Outcome(
            kind=visit.kind,
            started=started - self.origin,
            seconds=time.monotonic() - started,
            status=status,
            error=error,
            expected=visit.expected,
        )


def memory_mb(pid):
    """{"rss", "pss", "private"} of a process in MB, from /proc/PID/smaps_rollup; None if it
    has gone. Private is what the process alone holds; RSS counts too what a worker shares with
    the master it was forked from."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    kb = {name: int(value) for name, value in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)}
    if "Rss" not in kb:
        # A worker that has exited and not been reaped yet maps nothing.
        return None
    return {
        "rss": kb["Rss"] / 1024,
        "pss": kb["Pss"] / 1024,
        "private": (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024,
    }


def workers_memory(server):
    """{pid: memory_mb} of the workers, read once they have answered their last requests."""
    time.sleep(2)
    memory = {pid: memory_mb(pid) for pid in server.workers()}
    return {pid: figures for pid, figures in memory.items() if figures}


class PeakMemory:
    """The largest RSS of a worker, read every MEMORY_SAMPLE_SECONDS while the load runs:
    the most a worker reached before it was recycled or replaced."""

    def __init__(self, server):
        self.server = server
        self.rss = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _sample(self):
        while not self.stop.wait(MEMORY_SAMPLE_SECONDS):
            for pid in self.server.workers():
                figures = memory_mb(pid)
                if figures:
                    self.rss = max(self.rss, figures["rss"])


def summary(outcomes):
    """Requests, failures by kind, visits by kind, answers by status and latency percentiles
    (of the requests answered) of `outcomes`."""
    answered = [outcome.seconds * 1000 for outcome in outcomes if not outcome.error]
    cuts = statistics.quantiles(answered, n=100, method="inclusive") if len(answered) > 1 else []
    return {
        "requests": len(outcomes),
        "failures": dict(Counter(o.failure for o in outcomes if o.failure).most_common()),
        "kinds": dict(Counter(o.kind for o in outcomes).most_common()),
        "bad_input_statuses": dict(
            sorted(Counter(o.status for o in outcomes if o.kind == "bad input").items())
        ),
        "p50_ms": cuts[49] if cuts else None,
        "p95_ms": cuts[94] if cuts else None,
        "p99_ms": cuts[98] if cuts else None,
        "max_ms": max(answered, default=None),
    }


def server_log(log_path, since):
    """What gunicorn's log says from byte `since` on: workers booted, recycled (max_requests) and
    timed out, and the errors logged, but the refused hosts (the bad input asks for them)."""
    with open(log_path, "rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    errors = [
        line
        for line in lines
        if re.search(r"\[(ERROR|CRITICAL)\]| (ERROR|CRITICAL) \[", line)
        and "django.security.DisallowedHost" not in line
    ]
    return {
        "booted": sum("Booting worker with pid" in line for line in lines),
        "recycled": sum("Autorestarting worker after current request" in line for line in lines),
        "timeouts": sum("WORKER TIMEOUT" in line for line in lines),
        "errors": errors[:20],
        "error_count": len(errors),
    }


def soak(server, visits):
    """The warm-up, the soak with its reload, and what they measured."""
    origin = time.monotonic()
    log_start = Path(server.log_path).stat().st_size
    master_before = memory_mb(server.process.pid)

    warmup = Load(server.port, visits, origin)
    warmup.start(WARMUP_SECONDS)
    warmup_outcomes = warmup.join()
    before = workers_memory(server)

    run = Load(server.port, visits, origin)
    with PeakMemory(server) as peak:
        started = time.monotonic() - origin
        run.start(LONGEST_HALF_SECONDS + SECONDS / 2)
        time.sleep(SECONDS / 2)
        old_workers = set(server.workers())
        hup = time.monotonic() - origin
        server.process.send_signal(signal.SIGHUP)
        # gunicorn kills the old workers still there after its graceful_timeout (30 s).
        deadline = time.monotonic() + 60
        while set(server.workers()) & old_workers and time.monotonic() < deadline:
            time.sleep(0.05)
        old_workers_gone = time.monotonic() - origin
        # The workers the reload started serve at least as many requests as those read before
        # had at the end of the warm-up: their memory is compared (`memory_verdict`).
        while time.monotonic() - origin < hup + SECONDS / 2 or (
            run.answered_since(hup) < len(warmup_outcomes)
            and time.monotonic() - origin < hup + LONGEST_HALF_SECONDS
        ):
            time.sleep(0.2)
        run.stop()
        stopped = time.monotonic() - origin
        outcomes = run.join()
        ended = time.monotonic() - origin
    after = workers_memory(server)

    window = (hup - RELOAD_MARGIN_SECONDS, old_workers_gone + RELOAD_MARGIN_SECONDS)
    return {
        "warmup": summary(warmup_outcomes),
        "soak": summary(outcomes),
        "seconds": ended - started,
        "second_half_seconds": stopped - hup,
        "second_half_requests": sum(1 for o in outcomes if o.started >= hup),
        "reload": {
            "sighup_at": hup - started,
            "old_workers_gone_after": old_workers_gone - hup,
            "window": [window[0] - started, window[1] - started],
            "in_flight": summary([o for o in outcomes if o.started < hup < o.started + o.seconds]),
            "around": summary([o for o in outcomes if window[0] <= o.started <= window[1]]),
        },
        "server_log": server_log(server.log_path, log_start),
        "memory": {
            "before": before,
            "after": after,
            "peak_rss": peak.rss,
            "master_before": master_before,
            "master_after": memory_mb(server.process.pid),
        },
        "distinct_urls": len(visits.seen),
        "requests": len(warmup_outcomes) + len(outcomes),
    }


def memory_verdict(memory):
    """The largest worker after the soak against the largest before, by RSS.

    Both sets of workers had served as many requests of the same load, or those after a few
    more, since all the workers were started: gunicorn's start for those before, the reload for
    those after. A worker grows in its first few hundred requests as the caches of its process
    fill (the local-memory cache keeps up to 300 pages per process): workers of different ages
    would differ by that, and a shared machine serves more or fewer requests in a given time. The ratio shows what a minute of load, the recycling and the reload
    leave to the workers that come after: a master that grew (every worker is forked from it),
    a state that grew across requests. Growth within one worker's life, which recycling bounds,
    shows in the largest RSS a worker reached during the soak (`PeakMemory`)."""
    before = max(figures["rss"] for figures in memory["before"].values())
    after = max(figures["rss"] for figures in memory["after"].values())
    return after / before


def markdown(info, results):
    soak_, reload_, memory = results["soak"], results["reload"], results["memory"]
    ratio = memory_verdict(memory)
    log = results["server_log"]
    failures = _failures(results["warmup"], soak_)
    rows = [
        ("the soak", soak_),
        (
            f"started {RELOAD_MARGIN_SECONDS} s before the SIGHUP to {RELOAD_MARGIN_SECONDS} s "
            "after the last old worker left",
            reload_["around"],
        ),
        ("in flight at the SIGHUP", reload_["in_flight"]),
        ("the warm-up", results["warmup"]),
    ]
    lines = [
        report.SOAK_BEGIN,
        "",
        "## Soak",
        "",
        "Generated by `make soak` (`bench/soak.py`), the last step of `make bench`, a run of its "
        "own; do not edit by hand.",
        "",
        f"- Date: {info['date']}, commit `{info['commit']}`",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, shared by "
        "the load, gunicorn and PostgreSQL; load average "
        f"{info['loadavg_before']} before the run (anything else running makes every figure "
        "worse); the reference loop of `bench/measure.py` took "
        f"{info['reference_ms'][0]:.0f} ms before and {info['reference_ms'][1]:.0f} ms after.",
        f"- Server: gunicorn with the production `gunicorn.conf.py` ({len(memory['before'])} sync "
        "workers, the app preloaded) and the production settings (DEBUG off, one log line per "
        f"request, the page cache on, {_page_cache()}); "
        f"PostgreSQL {results['postgresql']} on the same machine; {results['size']:,} synthetic "
        f"associations (`bench/directory.py`), {results['published']:,} published. "
        f"{_recycling()}",
        f"- Load: {CONNECTIONS} connections from Python threads (each request's outcome and "
        "time kept), one request at a time each, on a new connection (the sync workers close "
        f"it after each answer), timeout {TIMEOUT_SECONDS} s. {WARMUP_SECONDS:.0f} s of "
        f"warm-up, then {results['seconds']:.0f} s of soak with a `SIGHUP` to the master "
        f"after {reload_['sighup_at']:.0f} s ({_second_half(results)}). Every URL asked once "
        f"({results['distinct_urls']:,} URLs for {results['requests']:,} requests), so the page "
        "cache answers none: searches (words of the lists in French, English and Arabic, the "
        "synonyms, names and streets of the directory, words it lacks; 30 % with a letter "
        "wrong), the list, the home page and the map with combinations of filters, association "
        "pages and their fiches, in French, English and Arabic, and bad input (unknown "
        "association or page: 404; a host not allowed: 400; a request line over 4 KB: 414; "
        "criteria no filter reads: 200).",
        "- A **failure** is a connection refused or reset, a timeout, a malformed answer, a "
        "status of 500 or more, or another answer than expected (200 for a page, the status "
        "above for bad input). Latencies are those of the requests answered, from the "
        "connection to the last byte, queueing in the listen backlog included.",
        "",
        "| requests | count | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in rows:
        lines.append(
            f"| {name} | {figures['requests']:,} | {sum(figures['failures'].values())} "
            f"| {_ms(figures['p50_ms'])} | {_ms(figures['p95_ms'])} | {_ms(figures['p99_ms'])} "
            f"| {_ms(figures['max_ms'])} |"
        )
    kinds = soak_["kinds"]
    statuses = ", ".join(
        f"{status}: {count}" for status, count in soak_["bad_input_statuses"].items()
    )
    lines += [
        "",
        f"- Visits of the soak: {kinds.get('search', 0):,} searches, {kinds.get('filters', 0):,} "
        f"filtered lists, {kinds.get('association', 0):,} association pages, "
        f"{kinds.get('bad input', 0):,} bad input ({statuses}).",
        f"- Failures, the warm-up's included: {failures}.",
        f"- Reload: the `SIGHUP` came {reload_['sighup_at']:.1f} s into the soak, with "
        f"{reload_['in_flight']['requests']} requests in flight (being served or waiting in "
        "the listen backlog); gunicorn started new workers and the old ones finished their "
        f"request and left within {reload_['old_workers_gone_after']:.1f} s.",
        f"- Recycling: {log['recycled']} workers recycled after their max_requests during the "
        f"warm-up and the soak, {log['booted']} started in all (the reload's included); worker "
        f"timeouts: {log['timeouts']}; errors in the server's log: {log['error_count']} (the "
        "refused hosts of the bad input aside).",
        "",
        "| workers' memory, MB | workers | largest RSS | median RSS | largest private |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in [
        (
            f"before: after the warm-up, {results['warmup']['requests']:,} requests after "
            "gunicorn's start",
            "before",
        ),
        (
            f"after: after the soak, {results['second_half_requests']:,} requests after the reload",
            "after",
        ),
    ]:
        workers = memory[figures].values()
        lines.append(
            f"| {name} | {len(workers)} | {max(w['rss'] for w in workers):.1f} "
            f"| {statistics.median(w['rss'] for w in workers):.1f} "
            f"| {max(w['private'] for w in workers):.1f} |"
        )
    lines += [
        "",
        "- The reload replaces every worker: the workers after the soak are not those of "
        "before. Both were read with the load paused, after serving as many requests of the "
        "same load since all the workers were started (gunicorn's start, the reload): a worker "
        "grows in its first few hundred requests, as the caches of its process fill (compiled "
        "templates, the lists, and up to 300 pages with the local-memory cache), and both sets "
        "have filled them as far. What the ratio shows: the load, the recycling and the reload "
        "left nothing behind that the workers after them carry (a master grown, every worker "
        "being forked from it). RSS counts what a worker shares with the master; private, what "
        "it alone holds.",
        f"- Growth within a worker's life, which recycling bounds: the largest RSS a worker "
        f"reached during the soak (read every {MEMORY_SAMPLE_SECONDS} s) was "
        f"{memory['peak_rss']:.1f} MB. The master: {memory['master_before']['rss']:.1f} MB "
        f"before, {memory['master_after']['rss']:.1f} MB after.",
        "",
        "Targets:",
        "",
        f"- No request failed, around the reload or elsewhere, and no error in the server's "
        f"log: {'**met**' if not soak_['failures'] and not log['error_count'] else '**missed**'}",
        f"- The largest worker after the soak within {MEMORY_LIMIT:.0%} of the largest before: "
        f"{'**met**' if ratio <= 1 + MEMORY_LIMIT else '**missed**'} ({ratio - 1:+.1%})",
        "",
        report.SOAK_END,
    ]
    return "\n".join(lines)


def _second_half(results):
    half = results["second_half_seconds"]
    if half < SECONDS / 2 + 1:
        return "its middle"
    return (
        f"the second half lasted {half:.0f} s, until the workers the reload started had served "
        "as many requests as the warm-up"
    )


def _page_cache():
    url = os.environ.get("CACHE_URL")
    if url:
        return f"in the {url.split(':', 1)[0]} cache of `CACHE_URL`"
    return "in each process's local memory, as without `CACHE_URL`"


def _recycling():
    if not MAX_REQUESTS:
        return "Workers not recycled (`GUNICORN_MAX_REQUESTS=0`)."
    return (
        f"Workers recycled after {MAX_REQUESTS:,} to {MAX_REQUESTS + 200:,} requests "
        f"(`GUNICORN_MAX_REQUESTS={MAX_REQUESTS}` and the file's jitter of 200; production's "
        "2,000 would recycle none within the soak at this rate)."
    )


def _ms(value):
    return "–" if value is None else f"{value:,.0f}"


def _failures(*parts):
    failures = sum((Counter(figures["failures"]) for figures in parts), Counter())
    if not failures:
        return "none"
    return ", ".join(f"{kind}: {count}" for kind, count in failures.most_common())


def passed(results):
    return (
        not results["soak"]["failures"]
        and not results["warmup"]["failures"]
        and not results["server_log"]["error_count"]
        and memory_verdict(results["memory"]) <= 1 + MEMORY_LIMIT
    )


def main():
    from .measure import reference_ms

    server_url = os.environ.get("BENCH_SOAK_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
    database_url = f"{server_url}/roubaix_aide_soak_{os.getpid()}_{int(time.time())}"
    output = ROOT / os.environ.get("BENCH_OUTPUT", "BENCHMARKS.md")
    workdir = Path(tempfile.mkdtemp(prefix="roubaix-soak-"))
    print(f"Soak: working in {workdir}, database {database_url}", flush=True)
    info = {"loadavg_before": Path("/proc/loadavg").read_text().split()[0]}
    collect_static(workdir)
    env = {**load.environment(database_url, workdir), "LOG_LEVEL": "INFO"}
    os.environ.update(env)
    try:
        recreate_postgres(database_url)
    except Exception as error:  # noqa: BLE001
        raise SystemExit(f"Soak not run: PostgreSQL unreachable at {server_url}: {error}") from None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from . import directory

        call_command("migrate", verbosity=0)
        directory.build(SIZE)
        words, terms, slugs = read_directory()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        connection.close()
        print(f"  {SIZE:,} associations, {len(slugs):,} published", flush=True)
        reference_before = reference_ms()
        with load.Gunicorn(env, workdir / "gunicorn.log", MAX_REQUESTS) as server:
            print(
                f"  {WARMUP_SECONDS:.0f} s of warm-up, then {SECONDS} s of soak, "
                f"{CONNECTIONS} connections",
                flush=True,
            )
            results = soak(server, Visits(words, terms, slugs))
        info["reference_ms"] = [reference_before, reference_ms()]
    finally:
        from django.db import connections

        connections.close_all()
        drop_postgres(database_url)
    results.update(postgresql=version, size=SIZE, published=len(slugs))
    (workdir / "soak.json").write_text(json.dumps(results, indent=1))
    section = markdown({**machine(), **info}, results)
    previous = output.read_text() if output.exists() else ""
    output.write_text(report.with_soak_section(previous, section))
    print(section.split("\n", 4)[4], flush=True)
    for line in results["server_log"]["errors"]:
        print(f"  in the server's log: {line}", flush=True)
    print(f"Wrote the Soak section of {output}; raw results in {workdir}", flush=True)
    return passed(results)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
