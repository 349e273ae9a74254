from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CcasConfig(AppConfig):
    name = "ccas"
    verbose_name = _("Accueil du CCAS")
