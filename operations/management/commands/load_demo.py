"""Load (or reload, or delete) the demo directory: see operations/demo.py for the fixture."""

from django.core.management.base import BaseCommand, CommandError

from associations.models import Association
from network.demo import delete_network_demo, load_network_demo
from operations.demo import DEMO_PASSWORD, DemoDataError, delete_demo, load_demo


class Command(BaseCommand):
    help = (
        "Charge l'annuaire de démonstration (fixtures/demo.json) : associations fictives et "
        "comptes admin, agent, benevole et benevole2, tous avec le mot de passe "
        f"« {DEMO_PASSWORD} ». Les données de démonstration déjà chargées sont remplacées ; "
        "les vraies associations et les vrais comptes ne sont jamais touchés."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--delete",
            action="store_true",
            help="Supprime les associations et les comptes de démonstration, sans rien charger.",
        )
        action.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne charge rien si la base contient déjà des associations (pour make run).",
        )

    def handle(self, *args, delete, if_empty, **options):
        if delete:
            delete_network_demo()
            associations, accounts = delete_demo()
            self.stdout.write(
                f"{associations} associations et {accounts} comptes de démonstration supprimés."
            )
            return
        if if_empty and Association.objects.exists():
            self.stdout.write(
                "La base contient déjà des associations : données de démonstration non chargées."
            )
            return
        try:
            delete_network_demo()
            loaded = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        load_network_demo()
        usernames = ", ".join(user.get_username() for user in loaded.accounts)
        self.stdout.write(
            f"{len(loaded.associations)} associations de démonstration chargées. "
            f"Comptes : {usernames} (mot de passe « {DEMO_PASSWORD} »). "
            "Réseau : réunions, annonces d'entraide et chiffres annuels chargés."
        )
