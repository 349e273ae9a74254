"""Production settings: check --deploy is clean, security headers are sent, health answers."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from operations.request_log import RequestIdFilter

from .pages import reached
from .production import PRODUCTION, run_in_production


def test_check_deploy_gives_no_warning_with_production_settings():
    environment = {**os.environ, **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_hsts_and_secure_cookies_only():
    result = run_in_production("""
from django.test import Client
response = Client().get("/compte/connexion/", secure=True, HTTP_HOST="aide.roubaix.example")
print(response.status_code, response["Strict-Transport-Security"])
print(response.cookies["csrftoken"]["secure"], settings.SESSION_COOKIE_SECURE)
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "200 max-age=31536000; includeSubDomains; preload",
        "True True",
    ]


@pytest.mark.django_db
def test_public_pages_send_the_security_headers(client):
    response = client.get(reverse("associations:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "https://tile.openstreetmap.org" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_no_page_has_an_inline_script_or_style(everything):
    # The Content-Security-Policy would block them: every page each reader reaches, the map's
    # and the admin's included.
    association, member, agent = everything
    for who, pages in reached(association, member, agent).items():
        assert len(pages) > 20, who
        for path, content in pages.items():
            assert " style=" not in content, (who, path)
            assert "<style" not in content, (who, path)
            for tag in content.split("<script")[1:]:
                opening = tag.split(">", 1)[0]
                assert "src=" in opening or 'type="application/' in opening, (who, path, opening)


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "exports": "ok",
        "mail": "ok",
        "mail_queue": {"waiting": 0, "deferred": 0},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_says_the_exports_folder_is_degraded_when_it_cannot_be_made(
    client, settings, tmp_path
):
    # A wrong EXPORTS_DIR: under a file, where no folder can be made, even by root.
    (tmp_path / "a-file").write_text("")
    settings.EXPORTS_DIR = tmp_path / "a-file" / "exports"
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["exports"] == "not writable"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_the_load_balancer_reaches_health_at_the_servers_own_address_over_http(settings):
    # As in production: one public host name, HTTP redirected to HTTPS.
    settings.ALLOWED_HOSTS = ["aide.roubaix.example"]
    settings.SECURE_SSL_REDIRECT = True
    client = Client(raise_request_exception=False)
    response = client.get("/sante/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Only the health check: a page asked for that way is refused, and redirected over HTTP.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    redirected = client.get("/", HTTP_HOST="aide.roubaix.example")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://aide.roubaix.example/"


@pytest.mark.django_db
def test_health_refuses_a_post(client):
    assert client.post("/sante/").status_code == 405


@pytest.mark.django_db
def test_each_request_is_logged_with_an_id_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="roubaix_aide.requests"):
        response = client.get("/sante/", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"
    record = caplog.records[-1]
    assert record.getMessage().startswith("GET /sante/ 200 ")
    assert record.getMessage().endswith("ms")


@pytest.mark.django_db
def test_an_export_built_while_it_streams_is_logged_when_it_ends(
    client, settings, caplog, make_association
):
    make_association("Les Paniers")
    settings.SLOW_QUERY_MS = 0
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("opendata:di-structures-json"), HTTP_X_REQUEST_ID="lb-42")
        assert response.streaming
        assert not [r for r in caplog.records if r.name == "roubaix_aide.requests"]
        body = b"".join(response.streaming_content)
    assert b"Les Paniers" in body
    # The build's queries, run as the file streams, are logged with the request's id; the
    # request's line comes after them.
    names = [record.name for record in caplog.records]
    assert "roubaix_aide.slow_queries" in names
    assert names[-1] == "roubaix_aide.requests"
    assert {record.request_id for record in caplog.records} == {"lb-42"}
    assert (
        caplog.records[-1]
        .getMessage()
        .startswith("GET /donnees/data-inclusion/structures.json 200 ")
    )


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/sante/", HTTP_X_REQUEST_ID="<script>\nx")
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_slow_queries_are_logged_with_their_sql(client, settings, caplog):
    settings.SLOW_QUERY_MS = 0
    with caplog.at_level(logging.WARNING, logger="roubaix_aide.slow_queries"):
        client.get("/sante/")
    assert any("SELECT 1" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_a_server_error_is_mailed_to_admins_and_answered_with_the_500_page(
    settings, monkeypatch, mailoutbox
):
    settings.ADMINS = [("CCAS", "informatique@ccas-roubaix.example")]

    def broken(*args, **kwargs):
        raise RuntimeError("the directory is broken")

    monkeypatch.setattr("associations.views.render", broken)
    response = Client(raise_request_exception=False).get("/associations/")
    assert response.status_code == 500
    assert "Le site a rencontré une erreur" in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == ["informatique@ccas-roubaix.example"]
    assert "Internal Server Error: /associations/" in mail.subject
    assert "the directory is broken" in mail.body


@pytest.mark.django_db
def test_the_admin_address_comes_from_the_environment():
    environment = {**os.environ, **PRODUCTION}
    script = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "roubaix_aide.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/back-office-ccas/"
