"""Secrets are neither logged nor mailed: the tokens in addresses, and settings that hold one.

- An address whose URL parameter is named `token` (a password-reset link, a calendar feed)
  carries a secret: every log record about such a request (the request log's line, Django's
  "Not Found" and error lines, the error mails) is written with the token masked. The filter is
  on every handler (settings.LOGGING).
- Error mails show the settings and the request: every setting whose name may hold a secret is
  masked, URLs included (a password in CACHE_URL, a key in the tile server's address), as is
  any variable of the traceback that holds the address's token.
"""

import copy
import logging
import re

from django.urls import Resolver404, resolve
from django.views.debug import SafeExceptionReporterFilter

SECRET_URL_PARAMETERS = {"token"}
MASK = "********"


def url_secrets(request):
    """The secrets in the request's address: the values of its `token` parameters."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return []
    return [value for name, value in match.kwargs.items() if name in SECRET_URL_PARAMETERS]


def masked(text, secrets):
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def masked_request(request, secrets):
    """A copy of the request whose address and headers no longer hold the secrets."""
    shown = copy.copy(request)
    shown.path = masked(request.path, secrets)
    shown.path_info = masked(request.path_info, secrets)
    shown.META = {
        key: masked(value, secrets) if isinstance(value, str) else value
        for key, value in request.META.items()
    }
    shown.url_secrets = secrets
    return shown


class SecretsFilter(logging.Filter):
    """Masks the address's token in a record about a request (`record.request`)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        secrets = url_secrets(request) if request is not None else []
        if secrets:
            record.msg, record.args = masked(record.getMessage(), secrets), ()
            record.request = masked_request(request, secrets)
        return True


class ReporterFilter(SafeExceptionReporterFilter):
    """DEFAULT_EXCEPTION_REPORTER_FILTER: Django's, with URLs and locations masked too, and the
    traceback's variables that hold the address's token."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|LOCATION|DSN", flags=re.I
    )

    def cleanse_special_types(self, request, value):
        value = super().cleanse_special_types(request, value)
        secrets = getattr(request, "url_secrets", ())
        if secrets and any(secret in _shown(value) for secret in secrets):
            return self.cleansed_substitute
        return value


def _shown(value):
    try:
        return repr(value)
    except Exception:
        return ""
