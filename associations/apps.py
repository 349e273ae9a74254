from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Annuaire de l'aide alimentaire")

    def ready(self):
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
