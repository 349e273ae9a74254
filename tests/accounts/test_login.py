import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def marie(django_user_model):
    return django_user_model.objects.create_user(
        "marie@example.org", email="marie@example.org", password="pw-benevole-roubaix"
    )


def login(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_in_french(client):
    content = client.get(LOGIN).content.decode()
    assert "Connexion à l'espace des associations" in content
    assert "Mot de passe oublié ?" in content


def test_login_leads_to_the_space(client, marie):
    response = login(client, "marie@example.org", "pw-benevole-roubaix")
    assert response.status_code == 302
    assert response.url == reverse("space:dashboard")


def test_logout_leads_home(client, marie):
    client.force_login(marie)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("associations:home")


def test_account_is_locked_after_five_failures_even_from_other_addresses(client, marie):
    for attempt in range(5):
        login(client, "marie@example.org", "mauvais", ip=f"10.0.0.{attempt}")
    response = login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.1.1")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "Réessayez dans 15 minutes" in response.content.decode()


def test_address_is_locked_after_five_failures_on_different_accounts(client, marie):
    for attempt in range(5):
        login(client, f"inconnu{attempt}", "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        429
    )
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.8").status_code == (
        302
    )


def test_successful_login_resets_the_failure_count(client, marie):
    for _ in range(4):
        login(client, "marie@example.org", "mauvais")
    login(client, "marie@example.org", "pw-benevole-roubaix")
    client.logout()
    for _ in range(4):
        login(client, "marie@example.org", "mauvais")
    assert login(client, "marie@example.org", "pw-benevole-roubaix").status_code == 302


def test_password_change_applies_the_password_validators(client, marie):
    client.force_login(marie)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "pw-benevole-roubaix", "new_password1": "1234", "new_password2": "1234"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()


def test_forgotten_password_sends_a_french_email(client, marie, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": "marie@example.org"})
    assert len(mailoutbox) == 1
    assert "choisir un nouveau mot de passe" in mailoutbox[0].subject
    assert "/compte/mot-de-passe/nouveau/" in mailoutbox[0].body
