"""The load balancer's health check, `GET /sante/`: what of this server works.

200 while the server can serve pages, that is while it reaches the database; 503 when it cannot.
The body names each part and whether it is degraded, for the operator (README, "When a part
fails"): the cache (pages are then served uncached, operations/cache.py), the folder of the
/donnees/ exports (they are then built for each request) and the mail queue (operations/mail.py:
mails deferred by the mail server, or waiting for a sending cron that does not run).

Answered by a middleware placed before Django's host check and HTTPS redirect: a load balancer
probes each app server at its own address (http://10.0.0.5:8000/sante/), which is not one of
ALLOWED_HOSTS, over plain HTTP, which SecurityMiddleware would answer with a redirect. The
answer tells nothing of the host it was asked for, so that check has nothing to protect here.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import mail

HEALTH_PATH = "/sante/"
OK = mail.OK


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return OK


def shared_cache():
    probe = uuid.uuid4().hex
    cache.set("health-probe", probe, 10)
    return OK if cache.get("health-probe") == probe else "unreachable"


def exports_folder():
    """The folder the exports are written to, or the nearest folder that would hold it."""
    folder = Path(settings.EXPORTS_DIR)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    writable = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    return OK if writable else "not writable"


@never_cache
@require_safe
def health(request):
    parts = {"database": database(), "cache": shared_cache(), "exports": exports_folder()}
    if parts["database"] != OK:
        return JsonResponse({"status": "error", **parts}, status=503)
    parts["mail"], counts = mail.queue_state(timezone.now())
    degraded = any(state != OK for state in parts.values())
    return JsonResponse({"status": "degraded" if degraded else OK, **parts, "mail_queue": counts})


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)
