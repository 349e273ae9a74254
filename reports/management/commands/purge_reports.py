from django.core.management.base import BaseCommand

from reports.models import RETENTION_MONTHS, Report


class Command(BaseCommand):
    help = (
        f"Supprime les signalements des habitants reçus il y a plus de {RETENTION_MONTHS} mois, "
        "avec le moyen de leur répondre qu'ils ont pu laisser. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        deleted, _by_model = Report.objects.older_than_retention().delete()
        self.stdout.write(
            f"{deleted} signalement(s) supprimé(s) (conservation : {RETENTION_MONTHS} mois)."
        )
