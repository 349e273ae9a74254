"""How long a login lasts, and what a logged-in person's pages may leave behind.

A session ends SESSION_COOKIE_AGE (12 h) after the login, whatever happens, and after
SESSION_IDLE_MINUTES without a request: a shared computer at an association's reception is
not left open on its space. Every response to a logged-in person is `Cache-Control: private,
no-store`: their pages (orientation, the CCAS's notes, referents) stay out of shared caches and
of the browser's history cache.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

STARTED = "session_started_at"
SEEN = "session_seen_at"
# The last request's time is written at most this often: not a database write per page.
SEEN_PRECISION = datetime.timedelta(minutes=1)


def start(sender, request, user, **kwargs):
    """On login (the `user_logged_in` signal, connected in apps.py), in the session it saves."""
    request.session[STARTED] = request.session[SEEN] = timezone.now().isoformat()


def _expired(session, now):
    started = datetime.datetime.fromisoformat(session.setdefault(STARTED, now.isoformat()))
    seen = datetime.datetime.fromisoformat(session.get(SEEN, now.isoformat()))
    idle = datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    lifetime = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return now - started > lifetime or now - seen > idle, seen


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            expired, seen = _expired(request.session, now)
            if expired:
                logout(request)
                messages.info(
                    request, _("Vous avez été déconnecté après un long moment sans activité.")
                )
            elif now - seen >= SEEN_PRECISION or SEEN not in request.session:
                request.session[SEEN] = now.isoformat()
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
