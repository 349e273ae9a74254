from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata import import_jobs
from opendata.imports import FORMATS, NOT_CARRIED, Unreadable, file_text


class Command(BaseCommand):
    help = (
        "Importe associations, lieux et services d'un tableur CSV (fixtures/IMPORT.md) ou de "
        "fichiers data·inclusion (JSON), par lots. Rien n'est enregistré si une ligne est invalide."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv ou data-inclusion ; par défaut, d'après l'extension (.json : data-inclusion).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Montre ce qui changerait, sans rien enregistrer.",
        )

    def handle(self, files, format, dry_run, verbosity, **options):
        format = format or ("data-inclusion" if files[0].suffix == ".json" else "csv")
        try:
            read = [(path.name, file_text(path.name, path.read_bytes())) for path in files]
        except (OSError, Unreadable) as error:
            raise CommandError(error) from error
        job = import_jobs.start(format, read, dry_run)
        progress = self._progress if verbosity > 1 else None
        report = import_jobs.run(job, progress).report
        for line in report.summary():
            self.stdout.write(line)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if job.stopped_while_writing:
            raise CommandError(
                f"{len(report.problems)} problème(s) : l'enregistrement s'est arrêté ; "
                "les associations comptées ci-dessus sont enregistrées."
            )
        if report.problems:
            raise CommandError(f"{len(report.problems)} problème(s) : rien n'a été enregistré.")
        if dry_run:
            self.stdout.write("Ce que ce format ne ramène pas tel quel dans un site vide :")
            for line in NOT_CARRIED[format]:
                self.stdout.write(f"- {line}")
            self.stdout.write("Essai : rien n'a été enregistré.")
        else:
            self.stdout.write(self.style.SUCCESS("Import enregistré."))

    def _progress(self, job):
        self.stdout.write(f"{job.get_phase_display()} : {job.position} / {job.total}")
