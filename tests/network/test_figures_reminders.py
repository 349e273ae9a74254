"""Agents see which associations have not given this year's figures and remind their managers."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message

from accounts.models import Membership
from associations.models import Association
from network.models import DiagnosticYear, YearlyFigures

pytestmark = pytest.mark.django_db

FOLLOW_UP = reverse("admin:network_associationfigures_changelist")
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def network(own, other, make_association, make_member):
    """Les Paniers gave this year's figures; l'Alma (two managers, a volunteer) and Les Repas (no
    manager) have not; a deleted association is not followed up."""
    YearlyFigures.objects.create(association=own, year=THIS_YEAR, registrations=100)
    YearlyFigures.objects.create(association=other, year=THIS_YEAR - 1, registrations=80)
    make_member(own, "sophie", Membership.Role.MANAGER)
    make_member(other, "nadia", Membership.Role.MANAGER)
    make_member(other, "yusuf", Membership.Role.MANAGER)
    make_member(other, "karim", Membership.Role.VOLUNTEER)
    repas = make_association("Les Repas")
    make_association("Ancienne association")
    Association.objects.filter(name="Ancienne association").update(archived_at=timezone.now())
    return repas


def names(response):
    return [association.name for association in response.context["cl"].result_list]


def test_agents_list_the_associations_without_this_years_figures(
    ccas_client, network, django_assert_max_num_queries
):
    everyone = ccas_client.get(FOLLOW_UP)
    assert names(everyone) == ["L'Épicerie de l'Alma", "Les Paniers du Pile", "Les Repas"]
    assert f"chiffres de {THIS_YEAR}" in everyone.content.decode()
    with django_assert_max_num_queries(12):
        missing = ccas_client.get(FOLLOW_UP, {"chiffres": "manquants"})
    assert names(missing) == ["L'Épicerie de l'Alma", "Les Repas"]
    assert "nadia@example.org, yusuf@example.org" in missing.content.decode()
    assert names(ccas_client.get(FOLLOW_UP, {"chiffres": "donnes"})) == ["Les Paniers du Pile"]


def test_the_list_query_count_does_not_grow_with_associations(
    ccas_client, network, make_association, make_member, django_assert_max_num_queries
):
    for index in range(10):
        make_member(make_association(f"Asso {index}"), f"resp{index}", Membership.Role.MANAGER)
    with django_assert_max_num_queries(12):
        assert len(names(ccas_client.get(FOLLOW_UP))) == 13


def test_one_action_queues_a_reminder_to_the_managers_of_each_association_without_figures(
    ccas_client, network, own, other, settings
):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    everyone = [
        association.pk for association in ccas_client.get(FOLLOW_UP).context["cl"].result_list
    ]

    response = ccas_client.post(
        FOLLOW_UP, {"action": "remind", "_selected_action": everyone}, follow=True
    )

    page = response.content.decode()
    assert f"1 association relancée pour ses chiffres de {THIS_YEAR}." in page
    assert "Sans responsable avec une adresse e-mail, pas de relance : Les Repas." in page
    queued = Message.objects.get()
    email = queued.email
    assert sorted(email.to) == ["nadia@example.org", "yusuf@example.org"]
    assert email.subject == f"Roubaix Aide : les chiffres {THIS_YEAR} de « L'Épicerie de l'Alma »"
    assert "&#x27;" not in email.body
    assert "n'a pas encore les chiffres de « L'Épicerie de l'Alma » pour cette année" in email.body
    assert reverse("network:figures", args=[other.slug]) in email.body
    assert "karim" not in " ".join(email.to)


def test_no_reminder_for_a_closed_year(ccas_client, network, other):
    DiagnosticYear.objects.create(year=THIS_YEAR)
    response = ccas_client.post(
        FOLLOW_UP, {"action": "remind", "_selected_action": [other.pk]}, follow=True
    )
    assert f"Le diagnostic {THIS_YEAR} est clos : aucune relance envoyée." in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_a_volunteer_cannot_see_the_follow_up_nor_send_reminders(volunteer_client, network, other):
    assert volunteer_client.get(FOLLOW_UP).status_code == 302
    volunteer_client.post(FOLLOW_UP, {"action": "remind", "_selected_action": [other.pk]})
    assert mail.outbox == []
