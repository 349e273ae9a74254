from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.imports import FORMATS, import_texts


class Command(BaseCommand):
    help = (
        "Importe associations, lieux et services d'un tableur CSV (fixtures/IMPORT.md) ou de "
        "fichiers data·inclusion (JSON). Rien n'est enregistré si une ligne est invalide."
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

    def handle(self, files, format, dry_run, **options):
        format = format or ("data-inclusion" if files[0].suffix == ".json" else "csv")
        try:
            texts = [path.read_text(encoding="utf-8-sig") for path in files]
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(error) from error
        report = import_texts(format, texts, dry_run)
        for line in report.summary():
            self.stdout.write(line)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(f"{len(report.problems)} problème(s) : rien n'a été enregistré.")
        if dry_run:
            self.stdout.write("Essai : rien n'a été enregistré.")
        else:
            self.stdout.write(self.style.SUCCESS("Import enregistré."))
