import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def marie(django_user_model):
    return django_user_model.objects.create_user(
        "marie@example.org", email="marie@example.org", password="pw-benevole-roubaix"
    )


def login(client, username, password, ip="127.0.0.1", prefix=""):
    return client.post(prefix + LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


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
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "prefix, button",
    [("", "Me déconnecter"), ("/en", "Log me out"), ("/ar", "تسجيل خروجي")],
)
def test_logout_address_opened_directly_shows_a_logout_button(client, marie, prefix, button):
    client.force_login(marie)
    response = client.get(prefix + reverse("accounts:logout"))
    page = response.content.decode()
    assert response.status_code == 200
    assert button in page
    assert 'method="post"' in page
    assert "_auth_user_id" in client.session


def test_five_failures_lock_that_username_from_that_address(client, marie):
    for _ in range(5):
        login(client, "marie@example.org", "mauvais", ip="10.0.0.9")
    response = login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "Réessayez dans 15 minutes" in response.content.decode()


@pytest.mark.parametrize(
    ("minutes", "prefix", "sentence"),
    [
        (1, "", "Réessayez dans 1 minute."),
        (2, "/ar", "حاول مجددًا بعد دقيقتين."),
        (5, "/ar", "حاول مجددًا بعد 5 دقائق."),
        (1, "/en", "Try again in 1 minute."),
    ],
)
def test_the_lockout_counts_its_minutes_in_each_language(
    client, marie, settings, minutes, prefix, sentence
):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=minutes)
    for _ in range(5):
        login(client, "marie@example.org", "mauvais", ip="10.0.0.9", prefix=prefix)
    response = login(
        client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9", prefix=prefix
    )
    assert response.status_code == 429
    assert sentence in response.content.decode()


def test_one_persons_typos_never_lock_a_colleague_at_the_same_address(
    client, marie, django_user_model
):
    django_user_model.objects.create_user("paul@example.org", "paul@example.org", "pw-de-paul-1")
    for _ in range(5):
        login(client, "paul@example.org", "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").url == (
        reverse("space:dashboard")
    )


def test_guessing_from_elsewhere_does_not_lock_the_owner_out(client, agent):
    for attempt in range(10):
        login(client, "agent", "devine", ip=f"203.0.113.{attempt % 2}")
    assert login(client, "agent", "devine", ip="203.0.113.1").status_code == 429
    assert login(client, "agent", "pw-agent-ccas", ip="10.0.0.8").status_code == 302


def test_letter_case_does_not_dodge_the_count(client, marie):
    for username in ["marie@example.org", "Marie@example.org", "MARIE@EXAMPLE.ORG"] * 2:
        login(client, username, "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        429
    )


def test_an_address_trying_many_usernames_is_locked_beyond_a_higher_limit(client, marie, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_CLIENT = 12
    for attempt in range(11):
        login(client, f"inconnu{attempt}", "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        302
    )
    client.logout()
    login(client, "inconnu", "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        429
    )
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.8").status_code == (
        302
    )


def test_agent_sees_a_lockout_in_the_back_office_and_lifts_it(client, agent, marie):
    for _ in range(5):
        login(client, "marie@example.org", "mauvais", ip="10.0.0.9")
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        429
    )
    agent_client = Client()
    agent_client.force_login(agent)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = agent_client.get(changelist).content.decode()
    assert "marie@example.org" in page
    assert "10.0.0.9" in page
    assert "Débloquer" in page
    attempt = AccessAttempt.objects.get()
    response = agent_client.post(
        changelist, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True
    )
    assert "1 blocage levé" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert login(client, "marie@example.org", "pw-benevole-roubaix", ip="10.0.0.9").status_code == (
        302
    )


def test_volunteer_cannot_see_the_lockouts(client, marie):
    client.force_login(marie)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302


def test_login_by_email_or_username_ignores_letter_case(client, django_user_model):
    django_user_model.objects.create_user("Paul", "Paul.Martin@Example.org", "pw-de-paul-1")
    for username in ["paul.martin@example.org", "PAUL.MARTIN@EXAMPLE.ORG", "paul", "Paul"]:
        assert login(client, username, "pw-de-paul-1").status_code == 302, username
        client.logout()
    assert login(client, "paul", "PW-DE-PAUL-1").status_code == 200


def test_an_exact_username_wins_over_another_accounts_address(client, django_user_model):
    django_user_model.objects.create_user("lea@example.org", "lea.autre@example.org", "pw-lea-un")
    django_user_model.objects.create_user("lea", "lea@example.org", "pw-lea-deux")
    assert login(client, "lea@example.org", "pw-lea-un").status_code == 302
    client.logout()
    assert login(client, "lea@example.org", "pw-lea-deux").status_code == 200


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
