"""A login lasts 12 hours at most and ends after a while without a request; logged-in pages are
never stored by a cache (accounts/sessions.py); passwords have 12 characters at least."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roubaix_aide import settings as project_settings

DASHBOARD = reverse("space:dashboard")


@pytest.fixture
def clock(monkeypatch):
    current = {"now": timezone.now()}
    monkeypatch.setattr("django.utils.timezone.now", lambda: current["now"])

    def advance(**delta):
        current["now"] += datetime.timedelta(**delta)

    return advance


@pytest.fixture
def agent_browser(agent):
    browser = Client()
    response = browser.post(
        reverse("accounts:login"), {"username": "agent", "password": "pw-agent-ccas"}
    )
    assert response.status_code == 302
    return browser


def test_production_sessions_last_12_hours_at_most_with_an_idle_limit():
    assert project_settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert project_settings.SESSION_IDLE_MINUTES == 120


def test_the_login_itself_records_when_the_session_started(agent_browser):
    # Written by the login (accounts/apps.py connects the signal), before any other page.
    assert "session_started_at" in agent_browser.session


def test_a_session_ends_after_the_idle_limit(agent_browser, clock):
    assert agent_browser.get(DASHBOARD).status_code == 200
    clock(minutes=settings.SESSION_IDLE_MINUTES - 1)
    assert agent_browser.get(DASHBOARD).status_code == 200
    clock(minutes=settings.SESSION_IDLE_MINUTES + 1)
    response = agent_browser.get(DASHBOARD, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Vous avez été déconnecté après un long moment sans activité." in (
        response.content.decode()
    )
    assert not response.wsgi_request.user.is_authenticated


def test_a_session_ends_12_hours_after_the_login_even_when_active(agent_browser, clock):
    for _ in range(12 * 2):  # a request every half hour, all day
        assert agent_browser.get(DASHBOARD).status_code == 200
        clock(minutes=30)
    clock(minutes=1)
    response = agent_browser.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_login_writes_the_session_at_most_once_a_minute(agent_browser, clock):
    agent_browser.get(DASHBOARD)
    cookie = agent_browser.cookies[settings.SESSION_COOKIE_NAME].value
    clock(seconds=20)
    assert settings.SESSION_COOKIE_NAME not in agent_browser.get(DASHBOARD).cookies
    clock(seconds=50)
    assert agent_browser.get(DASHBOARD).cookies[settings.SESSION_COOKIE_NAME].value == cookie


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("space:dashboard", []),
        ("orientation:search", []),
        ("network:diagnostic_csv", []),
        ("network:calendar", []),
        ("associations:list", []),
    ],
)
def test_every_page_a_logged_in_person_sees_is_private_and_not_stored(agent_browser, name, args):
    response = agent_browser.get(reverse(name, args=args))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_public_pages_stay_cacheable_for_visitors(db):
    response = Client().get(reverse("associations:list"))
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("password", ["court-11car", "12345678901"])
def test_a_password_under_12_characters_is_refused(agent_browser, password):
    response = agent_browser.post(
        reverse("accounts:password_change"),
        {"old_password": "pw-agent-ccas", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert "Il doit contenir au minimum 12 caractères." in response.content.decode()
