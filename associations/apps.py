from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Annuaire de l'aide alimentaire")

    def ready(self):
        from . import caching, search

        connection_created.connect(search.register_sqlite_functions)
        search.connect_signals()
        caching.connect_signals()
