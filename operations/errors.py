"""The page of a server error (`handler500`, roubaix_aide/urls.py), made without the database.

It may be the database that failed: the page then answers 503 ("come back in a minute") rather
than 500, and, like every public page, gives the 115 and the CCAS's reception desks as last read
(ccas/help_box.py), from the cache, under the site's name as last read (ccas/territory.py). It is in French, whatever the page asked for: its words are
the few a server that has lost its database can be sure of.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation

from ccas import help_box, territory

RETRY_AFTER_SECONDS = 60


def server_error(request):
    database_down = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    with translation.override("fr"):
        body = loader.render_to_string(
            "503.html" if database_down else "500.html",
            {
                "help_desks": help_box.last_known(timezone.now()),
                "territory": territory.last_known(),
                "path": request.get_full_path(),
            },
        )
    if not database_down:
        return HttpResponse(body, status=500)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token (a page open for too long, cookies blocked): a page of
    the site, in the page's language, rather than Django's technical one."""
    return render(request, "403_csrf.html", status=403)
