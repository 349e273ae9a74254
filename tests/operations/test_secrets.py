"""No token of any kind is written to a log or an error mail; error mails mask every setting that
may hold a secret, URLs included (operations/secrets.py)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from network.models import CalendarToken


@pytest.fixture
def volunteer(make_association, make_member):
    return make_member(make_association("Les Paniers du Pile"), "marie")


@pytest.fixture
def feed_secret(volunteer):
    return CalendarToken.objects.issue(volunteer).secret


def test_a_calendar_feed_is_logged_without_its_token(db, every_log, feed_secret, volunteer):
    response = Client().get(reverse("network:calendar_feed", args=[feed_secret]))
    assert response.status_code == 200
    log = every_log.text
    assert "GET /reseau/agenda/********.ics 200" in log
    assert feed_secret not in log


def test_a_wrong_or_revoked_token_is_not_logged_either(db, every_log, feed_secret, volunteer):
    CalendarToken.objects.revoke(volunteer)
    response = Client().get(reverse("network:calendar_feed", args=[feed_secret]))
    assert response.status_code == 404
    log = every_log.text
    assert "Not Found: /reseau/agenda/********.ics" in log
    assert feed_secret not in log


def test_a_password_link_is_logged_without_its_token(db, every_log, django_user_model):
    user = django_user_model.objects.create_user("marie", "marie@example.org", "pw-long-enough-1")
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = Client().get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302  # to the form, the token kept in the session
    assert token not in every_log.text


def test_an_error_mail_holds_no_token_and_no_secret_setting(
    db, settings, monkeypatch, mailoutbox, feed_secret
):
    settings.ADMINS = [("CCAS", "informatique@ccas-roubaix.example")]
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png?key=t1le-k3y"
    settings.SENTRY_DSN = "https://public:s3cret@sentry.example/1"

    def broken(*args, **kwargs):
        raise RuntimeError("the calendar is broken")

    monkeypatch.setattr("network.views.meetings_calendar", broken)
    response = Client(raise_request_exception=False).get(
        reverse("network:calendar_feed", args=[feed_secret])
    )
    assert response.status_code == 500
    [mail] = mailoutbox
    assert "the calendar is broken" in mail.body
    assert "/reseau/agenda/********.ics" in mail.subject
    for secret in (feed_secret, "t1le-k3y", "s3cret"):
        assert secret not in mail.subject
        assert secret not in mail.body
    assert "MAP_TILE_URL = '********************'" in mail.body
