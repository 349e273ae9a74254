"""Imports run as jobs in short batches (opendata/import_jobs.py): the database is free between
batches, each visit of the progress page does a bounded step, nothing is written before the
whole file is checked."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from associations import edits
from associations.models import AidType, Association
from opendata import import_jobs
from opendata.models import ImportJob

IMPORT_URL = reverse("admin:opendata_importedrecord_import")
HEADER = "id_association;association;id_service;type_aide;horaires;lieu_nom;lieu_adresse;publiee"


def csv_of(count):
    """A spreadsheet of `count` associations, one service each, about 90 bytes a line."""
    lines = [
        f"a{n};Association {n};s{n};Colis alimentaire;Tu 09:00-12:00;Salle;{n} rue de l'Alma;oui"
        for n in range(count)
    ]
    return "\n".join([HEADER, *lines]) + "\n"


def job_of(text, dry_run=False):
    return import_jobs.start("csv", [("tableur.csv", text)], dry_run)


def _post(client, text, dry_run=True):
    """Upload the file as an agent does; the URL of the job's progress page."""
    data = {"format": "csv", "files": SimpleUploadedFile("tableur.csv", text.encode())}
    if dry_run:
        data["dry_run"] = "on"
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 302
    return response.url


@pytest.fixture
def one_association_a_batch(monkeypatch):
    monkeypatch.setattr(import_jobs, "BATCH_SECONDS", 0)


@pytest.fixture
def batch_times(monkeypatch):
    """How long each batch (each transaction) lasted, in seconds."""
    times = []
    batch = import_jobs._batch

    def timed(*args):
        started = time.monotonic()
        batch(*args)
        times.append(time.monotonic() - started)

    monkeypatch.setattr(import_jobs, "_batch", timed)
    return times


def test_other_requests_are_answered_between_the_batches_of_an_import(
    committing_db, one_association_a_batch, monkeypatch, django_user_model
):
    """The import works in a thread of its own, as another worker would, and waits after each
    batch while a visitor logs in and reads the page of an association written already."""
    django_user_model.objects.create_user("agent", password="pw-agent-ccas-2026")
    job = job_of(csv_of(3))
    between, resume = threading.Semaphore(0), threading.Semaphore(0)
    batch = import_jobs._batch

    def pausing(*args):
        batch(*args)
        between.release()
        resume.acquire()

    monkeypatch.setattr(import_jobs, "_batch", pausing)

    def work():
        try:
            import_jobs.run(job)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    seen = []
    try:
        while worker.is_alive():
            if not between.acquire(timeout=0.1):
                continue
            job.refresh_from_db()
            seen.append((job.phase, job.position))
            visitor = Client()
            login = visitor.post(
                reverse("accounts:login"),
                {"username": "agent", "password": "pw-agent-ccas-2026"},
            )
            assert login.status_code == 302
            assert visitor.get(reverse("associations:list")).status_code == 200
            if job.phase == ImportJob.Phase.WRITE and job.position:
                written = Association.objects.get(slug=f"a{job.position - 1}")
                page = visitor.get(reverse("associations:detail", args=[written.slug]))
                assert page.status_code == 200
            resume.release()
    finally:
        resume.release()
        worker.join(timeout=30)
    assert seen == [
        ("check", 1),
        ("check", 2),
        ("write", 0),
        ("write", 1),
        ("write", 2),
        ("write", 3),
    ]
    assert Association.objects.count() == 3


def test_each_visit_of_a_50000_row_dry_run_does_a_bounded_step(
    agent_client, monkeypatch, batch_times
):
    monkeypatch.setattr(import_jobs, "STEP_SECONDS", 1)
    url = _post(agent_client, csv_of(50_000))

    started = time.monotonic()
    page = agent_client.get(url).content.decode()
    took = time.monotonic() - started

    job = ImportJob.objects.get()
    assert (job.phase, job.total, job.finished) == ("check", 50_000, False)
    assert 0 < job.position < 50_000
    assert "Associations traitées : " in page and " sur 50000." in page
    assert '<meta http-equiv="refresh"' in page
    assert took < 30  # gunicorn's timeout is 120 s
    assert max(batch_times) < 3  # SQLite makes a writer wait 5 s before it gives up
    assert not Association.objects.exists()


def test_a_dry_run_ends_after_successive_visits_of_its_page(agent_client, monkeypatch):
    monkeypatch.setattr(import_jobs, "STEP_SECONDS", 0)
    monkeypatch.setattr(import_jobs, "BATCH_SECONDS", 0.05)
    url = _post(agent_client, csv_of(60))

    visits, page = 0, ""
    while visits < 100 and "Essai" not in page:
        page = agent_client.get(url).content.decode()
        visits += 1

    assert visits > 1
    assert "Essai : voici ce que l'import ferait (rien n'est enregistré)." in page
    assert "associations : 60 créé(s), 0 modifié(s), 0 inchangé(s)" in page
    assert '<meta http-equiv="refresh"' not in page
    assert not Association.objects.exists()


def test_a_dry_run_reports_what_the_import_then_does(db):
    dry = import_jobs.import_texts("csv", [csv_of(5)], dry_run=True)

    real = import_jobs.import_texts("csv", [csv_of(5)])

    assert dry.counts() == real.counts()
    assert Association.objects.count() == 5


def test_nothing_is_written_when_the_last_line_of_a_file_is_invalid(db, one_association_a_batch):
    text = csv_of(5) + "z;Z;sz;Caviar;;;;\n"

    report = import_jobs.import_texts("csv", [text])

    assert [str(problem) for problem in report.problems] == [
        "ligne 7, type_aide : « Caviar » n'est pas dans la liste."
    ]
    assert not Association.objects.exists()


def test_a_change_met_while_writing_stops_the_job_and_keeps_what_was_written(
    agent_client, one_association_a_batch
):
    job = job_of(csv_of(3))
    while job.phase == ImportJob.Phase.CHECK or job.position < 1:
        import_jobs.advance(job, seconds=0)
    colis = AidType.objects.get(name="Colis alimentaire")
    colis.name = "Colis"
    edits.save_term(colis)

    import_jobs.run(job)

    assert job.stopped_while_writing
    assert [str(problem) for problem in job.report.problems] == [
        "ligne 3, type_aide : « Colis alimentaire » n'est pas dans la liste."
    ]
    assert list(Association.objects.values_list("slug", flat=True)) == ["a0"]
    page = agent_client.get(
        reverse("admin:opendata_importedrecord_import_job", args=[job.pk])
    ).content.decode()
    assert "L'annuaire a changé pendant l'import" in page


def test_a_job_someone_works_on_is_left_to_them(db):
    job = job_of(csv_of(2))
    ImportJob.objects.filter(pk=job.pk).update(busy_until=timezone.now() + import_jobs.HOLD)

    assert not import_jobs.advance(job)

    ImportJob.objects.filter(pk=job.pk).update(busy_until=timezone.now())
    assert import_jobs.advance(job)
    assert job.finished


def test_run_imports_ends_the_jobs_whose_page_was_closed(db):
    job = job_of(csv_of(2))

    call_command("run_imports")

    job.refresh_from_db()
    assert job.finished and job.texts == []
    assert Association.objects.count() == 2


def test_the_import_page_lists_the_recent_imports(agent_client):
    url = _post(agent_client, csv_of(2))

    page = agent_client.get(IMPORT_URL).content.decode()

    assert url in page
    assert "Vérification en cours (0 %)" in page


def test_volunteers_cannot_see_an_import(client, django_user_model, agent):
    job = job_of(csv_of(1))
    user = django_user_model.objects.create_user("benevole", password="pw", is_staff=True)
    client.force_login(user)

    url = reverse("admin:opendata_importedrecord_import_job", args=[job.pk])
    assert client.get(url).status_code == 403
    assert agent.groups.filter(pk=Group.objects.get(name="Agent CCAS").pk).exists()
