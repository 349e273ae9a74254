"""A snapshot of the security headers and cookie flags sent with production settings: a public
page, the login, a CCAS agent's association space and back office. A change to any of them,
wanted or not, shows here first."""

import json

import pytest

from .production import run_in_production

# The production settings' own values (roubaix_aide/settings.py); the Content-Security-Policy's
# directives come in no set order, so the policy is compared directive by directive.
HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Content-Security-Policy": {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: https://tile.openstreetmap.org",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    },
    "Permissions-Policy": (
        "camera=(), geolocation=(self), interest-cohort=(), microphone=(), payment=(), usb=()"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
EXPECTED = {
    "public page": {"status": 200, "headers": HEADERS},
    "login": {"status": 302, "headers": HEADERS},
    "association space": {"status": 200, "headers": HEADERS},
    "back office": {"status": 200, "headers": HEADERS},
}
# The CSRF cookie is not HttpOnly: Django's documentation explains why that would protect
# nothing. The session cookie is.
COOKIES = {
    "csrftoken": {"secure": True, "httponly": False, "samesite": "Lax"},
    "sessionid": {"secure": True, "httponly": True, "samesite": "Lax"},
}

# A CCAS agent opens the home page, logs in through the form (CSRF checked, as in a browser),
# then opens the association space and the back office, all over HTTPS.
SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

agent = get_user_model().objects.create_user(
    "agent", password="a-long-agent-password-2026", is_staff=True
)
agent.groups.add(Group.objects.get(name="Agent CCAS"))
client = Client(enforce_csrf_checks=True, HTTP_HOST="aide.roubaix.example")


def seen(response):
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in response.cookies.items()
        },
    }


pages = {"public page": seen(client.get("/", secure=True))}
client.get("/compte/connexion/", secure=True)
form = {
    "username": "agent",
    "password": "a-long-agent-password-2026",
    "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
}
pages["login"] = seen(
    client.post(
        "/compte/connexion/", form, secure=True, HTTP_ORIGIN="https://aide.roubaix.example"
    )
)
pages["association space"] = seen(client.get("/espace/", secure=True))
pages["back office"] = seen(client.get("/back-office-ccas/", secure=True))
print(json.dumps(pages))
"""


def directives(policy):
    """A Content-Security-Policy as a dict: each directive's name and its sources."""
    pairs = (directive.strip().partition(" ") for directive in policy.split(";"))
    return {name: sources.strip() for name, _, sources in pairs if name}


@pytest.fixture(scope="module")
def pages():
    result = run_in_production(SCRIPT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_sends_the_security_headers_of_the_snapshot(pages):
    seen = {}
    for page, response in pages.items():
        headers = {name: response["headers"].get(name) for name in HEADERS}
        if headers["Content-Security-Policy"]:
            headers["Content-Security-Policy"] = directives(headers["Content-Security-Policy"])
        seen[page] = {"status": response["status"], "headers": headers}
    assert seen == EXPECTED


def test_production_sets_the_cookie_flags_of_the_snapshot(pages):
    assert set(pages["login"]["cookies"]) == {"csrftoken", "sessionid"}
    for page, response in pages.items():
        for name, flags in response["cookies"].items():
            assert COOKIES.get(name) == flags, (page, name)


def test_a_page_seen_after_login_is_kept_by_no_browser_or_proxy_cache(pages):
    cache_control = pages["association space"]["headers"].get("Cache-Control", "")
    assert {directive.strip() for directive in cache_control.split(",")} == {
        "private",
        "no-store",
    }
