import time

from django.core.management.base import BaseCommand

from opendata.exports.files import EXPORTS, build, current_version


class Command(BaseCommand):
    help = (
        "Construit maintenant tous les exports de /donnees/ pour l'état actuel de l'annuaire "
        "(après un déploiement, un import en masse ou une restauration ; chaque jour par cron)."
    )

    def handle(self, **options):
        generation, today = current_version()
        for export in EXPORTS.values():
            started = time.perf_counter()
            path = build(export, generation, today)
            self.stdout.write(
                f"{path} : {path.stat().st_size / 1e6:.1f} Mo "
                f"en {time.perf_counter() - started:.1f} s"
            )
