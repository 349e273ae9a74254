from django.core.management.base import BaseCommand, CommandError

from ccas import territory_file


class Command(BaseCommand):
    help = (
        "Règle le territoire du site (nom, CCAS, villes, quartiers, accueils, carte, couleur) "
        "d'après un fichier TOML ou JSON : voir docs/territoire-exemple.toml."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier du territoire (.toml ou .json).")

    def handle(self, *args, file, **options):
        try:
            changes = territory_file.set_up(territory_file.read(file))
        except territory_file.TerritoryFileError as error:
            raise CommandError(f"Rien n'a été changé. {error}") from None
        if not changes:
            self.stdout.write("Le territoire est déjà celui du fichier : rien n'a changé.")
            return
        for name in changes.written:
            self.stdout.write(f"Écrit : {name}")
        for name in changes.deleted:
            self.stdout.write(f"Supprimé : {name}")
        self.stdout.write(self.style.SUCCESS("Le territoire est réglé."))
