"""Back up the database: pg_dump on PostgreSQL, Django's dumpdata elsewhere (or when asked).

Restore: see the README ("Sauvegarde et restauration").
"""

import gzip
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

# Rebuilt by migrate, or worthless after a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class Command(BaseCommand):
    help = "Sauvegarde la base de données dans backups/ (ou --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Fichier de sauvegarde à écrire.")
        parser.add_argument(
            "--format",
            choices=["auto", "json", "pg_dump"],
            default="auto",
            help="pg_dump sur PostgreSQL, json (dumpdata compressé) sinon.",
        )

    def handle(self, *args, output, format, **options):
        if format == "auto":
            format = "pg_dump" if connection.vendor == "postgresql" else "json"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        suffix = ".dump" if format == "pg_dump" else ".json.gz"
        path = Path(output or Path(settings.BASE_DIR) / "backups" / f"roubaix-aide-{stamp}{suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if format == "pg_dump":
            self.pg_dump(path)
        else:
            self.dumpdata(path)
        self.stdout.write(f"Sauvegarde écrite : {path} ({path.stat().st_size} octets)")

    def dumpdata(self, path):
        plain = path.with_suffix("") if path.suffix == ".gz" else path
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            indent=None,
            output=str(plain),
            verbosity=0,
        )
        if plain != path:
            with plain.open("rb") as source, gzip.open(path, "wb") as target:
                shutil.copyfileobj(source, target)
            plain.unlink()

    def pg_dump(self, path):
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump est introuvable : installez le client PostgreSQL.")
        database = connection.settings_dict
        environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={path}",
            f"--host={database.get('HOST') or 'localhost'}",
            f"--port={database.get('PORT') or 5432}",
            f"--username={database.get('USER') or ''}",
            database["NAME"],
        ]
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
        if result.returncode:
            raise CommandError(f"pg_dump a échoué : {result.stderr.strip()}")
