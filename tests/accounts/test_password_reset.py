"""The forgotten-password form answers the same, in the same work, whoever asks, and is
throttled per client and per address (accounts/password_reset.py)."""

import socket

import pytest
from django.db import connection
from django.test import Client
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.password_reset import PasswordResetView
from roubaix_aide.settings import cache_config

URL = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture
def marie(django_user_model):
    return django_user_model.objects.create_user(
        "marie", "marie@example.org", "pw-benevole-roubaix"
    )


def answer(email):
    """The view's answer as the server sends it, before it closes the response."""
    request = RequestFactory().post(URL, {"email": email})
    request._dont_enforce_csrf_checks = True
    with CaptureQueriesContext(connection) as before_answer:
        response = PasswordResetView.as_view()(request)
    return response, [query["sql"] for query in before_answer.captured_queries]


def test_the_answer_is_made_alike_for_an_account_and_for_a_stranger(marie, mailoutbox):
    known, known_queries = answer("marie@example.org")
    unknown, unknown_queries = answer("personne@example.org")
    # The same answer, made from the same reads: nothing tells the two apart but the mail,
    # which is made after the answer has left.
    assert (known.status_code, known["Location"]) == (302, DONE)
    assert (unknown.status_code, unknown["Location"]) == (302, DONE)
    assert sorted(known.headers) == sorted(unknown.headers)
    assert known_queries == unknown_queries
    assert mailoutbox == []
    known.close()
    unknown.close()
    [mail] = mailoutbox
    assert mail.to == ["marie@example.org"]
    assert "/compte/mot-de-passe/nouveau/" in mail.body


def test_an_address_asked_for_too_often_gets_the_same_answer_and_no_more_mail(
    client, marie, mailoutbox, settings
):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    for email in [
        "marie@example.org",
        "Marie@Example.org",
        " MARIE@example.org",
        "marie@example.org",
    ]:
        response = client.post(URL, {"email": email})
        assert (response.status_code, response.url) == (302, DONE)
    assert len(mailoutbox) == 3


def test_a_client_asking_too_often_gets_a_429_page_in_french(db, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "10/h"
    client = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(10):
        assert client.post(URL, {"email": f"n{number}@example.org"}).status_code == 302
    response = client.post(URL, {"email": "n11@example.org"})
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert "Réessayez dans une heure." in response.content.decode()
    # Another client is not concerned.
    assert (
        Client(REMOTE_ADDR="198.51.100.8").post(URL, {"email": "a@example.org"}).status_code == 302
    )


def test_behind_the_proxy_each_visitor_is_counted_apart(db, settings):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "2/h"
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for visitor in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        client = Client(HTTP_X_FORWARDED_FOR=visitor, **proxy)
        assert client.post(URL, {"email": "a@example.org"}).status_code == 302


def test_with_the_cache_server_down_nobody_is_throttled_nor_refused(
    db, settings, marie, mailoutbox
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{port}/0", 0.25)}
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "1/h"
    client = Client()
    for _ in range(3):
        assert client.post(URL, {"email": "marie@example.org"}).status_code == 302
    assert len(mailoutbox) == 3
