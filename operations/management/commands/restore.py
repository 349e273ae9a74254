"""Restore a JSON backup written by `manage.py backup` into a migrated database.

Django's loaddata, with django-simple-history off: loading the services' languages (a
many-to-many) would otherwise write a new history entry for each service, dated at the restore.
A pg_dump backup is restored with pg_restore (README, "Backup and restore").
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from associations import edits


class Command(BaseCommand):
    help = "Restaure une sauvegarde JSON (manage.py backup) dans une base migrée."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Fichier .json.gz écrit par manage.py backup.")

    def handle(self, *args, backup, **options):
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", backup, verbosity=options["verbosity"])
        # The backup brings back an older generation: pages cached since must not be served.
        edits.bulk_written()
