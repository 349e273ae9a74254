import axes.apps
from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from . import sessions


class AccountsConfig(AppConfig):
    # The app's own config; LoginAttemptsConfig below is axes', named in INSTALLED_APPS.
    default = True
    name = "accounts"
    verbose_name = _("Comptes et membres des associations")

    def ready(self):
        user_logged_in.connect(sessions.start, dispatch_uid="accounts.sessions.start")


class LoginAttemptsConfig(axes.apps.AppConfig):
    """django-axes, under a French heading in the back office."""

    verbose_name = _("Connexions refusées")
