from django.core.management.base import BaseCommand

from associations import edits, geocoding
from associations.models import Association, Place


class Command(BaseCommand):
    help = (
        "Cherche dans la Base adresse nationale (GEOCODER_URL) les lieux encore « à localiser ». "
        "À lancer chaque nuit : un lieu que le service n'a pas trouvé au moment de son "
        "enregistrement y est cherché de nouveau."
    )

    def handle(self, *args, **options):
        if not geocoding.enabled():
            self.stdout.write("GEOCODER_URL est vide : aucune adresse n'est cherchée.")
            return
        places = Place.objects.to_locate().filter(association__in=Association.objects.all())
        found = tried = 0
        for association in Association.objects.filter(places__in=places).distinct():
            with edits.edit(association, source=edits.Source.SCRIPT) as change:
                for place in places.filter(association=association):
                    tried += 1
                    if geocoding.locate(place):
                        found += 1
                        change.sections.append(edits.Section.PLACES)
        self.stdout.write(f"Lieux localisés : {found} sur {tried} à localiser.")
