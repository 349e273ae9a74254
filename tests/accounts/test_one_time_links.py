"""The forgotten-password link fails once used, once expired, and with another account's id in
place of its own (invitation links: tests/accounts/test_invitations.py)."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

PASSWORD = "une-phrase-de-passe-solide"

pytestmark = pytest.mark.django_db
DEAD = "Ce lien ne fonctionne plus"


def link_in(message):
    return re.search(r"https?://\S+/compte/mot-de-passe/nouveau/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def set_password(client, link):
    # Django's confirm view moves the token to the session, then shows the form.
    form_url = client.get(path_of(link)).url
    return client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})


@pytest.fixture
def mailed_link(client, django_user_model, mailoutbox):
    """A link as mailed to Léa, and another account (Luc's)."""
    luc = django_user_model.objects.create_user("luc", "luc@example.org", "mot-de-passe-de-luc")
    django_user_model.objects.create_user("lea", "lea@example.org", "ancien-mot-de-passe")
    client.post(reverse("accounts:password_reset"), {"email": "lea@example.org"})
    [mail] = mailoutbox
    return path_of(link_in(mail)), luc


def opens(client, path):
    return DEAD not in client.get(path, follow=True).content.decode()


def test_the_link_works_once(client, mailed_link):
    path, _luc = mailed_link
    assert set_password(client, "http://x" + path).status_code == 302
    client.logout()
    assert not opens(client, path)


def test_the_link_expires(client, mailed_link, monkeypatch):
    path, _luc = mailed_link
    later = datetime.datetime.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert not opens(client, path)


def test_the_link_does_not_open_another_account(client, mailed_link):
    path, luc = mailed_link
    _, uid, token, _ = path.rsplit("/", 3)
    swapped = path.replace(
        f"/{uid}/{token}/", f"/{urlsafe_base64_encode(force_bytes(luc.pk))}/{token}/"
    )
    assert not opens(client, swapped)
    assert opens(client, path)  # the link itself still works
