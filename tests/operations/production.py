"""The site with production settings (DEBUG off), in a process of its own: the settings are read
once, when the process starts."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-production-secret-key-with-enough-entropy-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "aide.roubaix.example",
    "CSRF_TRUSTED_ORIGINS": "https://aide.roubaix.example",
    "ADMIN_URL": "back-office-ccas/",
}

# In a database of its own, static files as in development (no manifest is built here).
SETUP = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test.utils import override_settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
"""


def run_in_production(script):
    """Run `script` (Python, after Django's setup and migrations) with the production
    environment; return the finished process, its output as text."""
    return subprocess.run(
        [sys.executable, "-c", SETUP + script],
        cwd=settings.BASE_DIR,
        env={**os.environ, **PRODUCTION, "DATABASE_URL": "sqlite://:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
    )
