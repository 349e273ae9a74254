from django.conf import settings
from django.core.management.base import BaseCommand

from liaison import counts


class Command(BaseCommand):
    help = (
        "Réduit à des chiffres (par mois, service et issue) les orientations closes depuis plus "
        "de ORIENTATION_RETENTION_MONTHS mois. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        reduced = counts.reduce()
        self.stdout.write(
            f"{reduced} orientation(s) réduite(s) à des chiffres "
            f"(conservation : {settings.ORIENTATION_RETENTION_MONTHS} mois)."
        )
