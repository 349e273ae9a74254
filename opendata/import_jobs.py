"""An import runs as a job, in batches, each its own short transaction: however large the file,
the database is never held for long and no request meets the worker's timeout.

A job first checks the whole file, batch by batch, each batch written then rolled back: what the
import would create, update or leave, and every problem. A dry run ends there, as does a file
with problems: nothing is written. Otherwise the job writes the file again from its start, each
batch committed with the job's progress. If the directory changed meanwhile so that a batch
meets a problem, that batch is rolled back and the job stops: what was written before stays,
and importing the file again, once corrected, does the rest (an import changes nothing twice).

A batch ends once it has worked ``BATCH_SECONDS`` (or with the file): the longest transaction
is that, or one association with all its services. Work is driven from outside: the agent's
progress page does ``STEP_SECONDS`` of batches at each refresh, ``manage.py run_imports`` (from
cron) finishes the jobs the agents left, ``manage.py import_directory`` runs its own to the end.
Whoever works on a job holds it (``busy_until``) so that no two batches of it run at once;
a process that died lets go after ``HOLD``.
"""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from associations import geocoding

from . import imports
from .import_report import Report
from .models import ImportJob

BATCH_SECONDS = 0.5
STEP_SECONDS = 5
HOLD = timedelta(minutes=2)


def start(format, files, dry_run=False, user=None):
    """A job for `files`, (name, text) pairs already read; nothing checked yet."""
    return ImportJob.objects.create(
        format=format,
        file_names=[name for name, _ in files],
        texts=[text for _, text in files],
        dry_run=dry_run,
        user=user,
    )


def advance(job, seconds=None):
    """Work on the job for about `seconds` (STEP_SECONDS), one batch at least; False if it has
    ended or someone else holds it."""
    if job.finished or not _hold(job):
        return False
    try:
        plan = imports.read(job.format, job.texts)
        convert = imports.converter(job.format, plan)
        if job.total is None:
            _begin(job, plan)
        deadline = time.monotonic() + (STEP_SECONDS if seconds is None else seconds)
        while not job.finished:
            _batch(job, plan, convert)
            if time.monotonic() >= deadline:
                break
    finally:
        ImportJob.objects.filter(pk=job.pk).update(busy_until=None)
        job.busy_until = None
    return True


def run(job, progress=None):
    """Work on the job until it ends, calling `progress(job)` after each step."""
    while not job.finished:
        if not advance(job):
            time.sleep(1)
            job.refresh_from_db()
        if progress:
            progress(job)
    return job


def import_texts(format, texts, dry_run=False, user=None):
    """Import files already read as text, to the end: the report."""
    files = [(f"fichier {number}", text) for number, text in enumerate(texts, start=1)]
    return run(start(format, files, dry_run, user)).report


def unfinished():
    return ImportJob.objects.filter(finished_at=None).order_by("created_at")


def _hold(job):
    """Take the job unless someone works on it; whether it was taken."""
    now = timezone.now()
    taken = (
        ImportJob.objects.filter(pk=job.pk, finished_at=None)
        .filter(Q(busy_until=None) | Q(busy_until__lt=now))
        .update(busy_until=now + HOLD)
    )
    if taken:
        job.refresh_from_db()
    return bool(taken)


def _begin(job, plan):
    """Record how many associations the file holds and the problems of the file as a whole."""
    job.total = len(plan.units)
    report = job.report
    report.problems += plan.problems
    if not plan.units:
        _finish(job, report)
    job.report = report
    _save(job)


def _batch(job, plan, convert):
    """Check or write the next associations of the file (one at least) in one transaction, for
    about BATCH_SECONDS; the job's progress is saved in the same transaction."""
    found = Report(job.dry_run)
    started = time.monotonic()
    checking = job.phase != ImportJob.Phase.WRITE
    # The check is rolled back: the places are looked up in the address base when written only.
    with transaction.atomic(), geocoding.paused(checking):
        with transaction.atomic():
            while job.position < len(plan.units):
                association, services = convert(plan.units[job.position], found.problems)
                if association is not None:
                    imports.apply_unit(plan.source, association, services, found, job.user)
                job.position += 1
                if time.monotonic() - started >= BATCH_SECONDS:
                    break
            writing = job.phase == ImportJob.Phase.WRITE
            if not writing or found.problems:
                transaction.set_rollback(True)
        report = job.report
        report.add(found, counts=not (writing and found.problems))
        if writing and found.problems:
            _finish(job, report)
        elif job.position == len(plan.units):
            _next_phase(job, report)
        job.report = report
        job.busy_until = timezone.now() + HOLD
        _save(job)


def _next_phase(job, report):
    """After the check: the end for a dry run or a file with problems, else the writing."""
    if job.phase == ImportJob.Phase.CHECK and not (job.dry_run or report.problems):
        job.phase, job.position = ImportJob.Phase.WRITE, 0
        report.created.clear()
        report.updated.clear()
        report.unchanged.clear()
    else:
        _finish(job, report)


def _finish(job, report):
    report.problems.sort(key=lambda problem: problem.position)
    job.finished_at = timezone.now()
    job.texts = []


def _save(job):
    """Save the job's progress; the files' text, which can weigh megabytes, only once emptied."""
    fields = ["phase", "position", "total", "counts", "problems", "busy_until", "finished_at"]
    job.save(update_fields=fields + (["texts"] if job.finished else []))
