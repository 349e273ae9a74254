"""Yearly figures entered by each association in its space."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from network.models import DiagnosticYear, YearlyFigures

pytestmark = pytest.mark.django_db

VALID = {
    "year": "2024",
    "registrations": "1250",
    "households": "",
    "people": "",
    "volunteers": "18",
    "tonnage_kg": "",
}


def figures_url(association, year=None):
    if year:
        return reverse("network:edit_figures", args=[association.slug, year])
    return reverse("network:figures", args=[association.slug])


def test_manager_enters_a_years_figures(manager_client, own):
    response = manager_client.post(figures_url(own), VALID, follow=True)
    figures = YearlyFigures.objects.get()
    assert (figures.association, figures.year, figures.registrations) == (own, 2024, 1250)
    assert (figures.households, figures.volunteers) == (None, 18)
    assert "Les chiffres de 2024 sont enregistrés." in response.content.decode()


def test_manager_corrects_a_year(manager_client, own):
    YearlyFigures.objects.create(association=own, year=2024, registrations=1000)
    response = manager_client.post(figures_url(own, 2024), VALID)
    assert response.status_code == 302
    assert YearlyFigures.objects.get().registrations == 1250


def test_same_year_twice_is_a_form_error(manager_client, own):
    YearlyFigures.objects.create(association=own, year=2024, registrations=1000)
    response = manager_client.post(figures_url(own), VALID)
    assert response.status_code == 200
    assert (
        "Les chiffres de 2024 sont déjà saisis : modifiez-les plutôt." in response.content.decode()
    )
    assert YearlyFigures.objects.get().registrations == 1000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("registrations", "beaucoup", "Saisissez un nombre entier."),
        ("registrations", "-5", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ("registrations", "", "Ce champ est obligatoire."),
        ("tonnage_kg", "-1", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ("year", "1999", "Indiquez une année entre 2000 et"),
        ("year", "3000", "Indiquez une année entre 2000 et"),
        ("year", "deux mille", "Saisissez un nombre entier."),
    ],
)
def test_bad_figures_are_form_errors(manager_client, own, field, value, message):
    response = manager_client.post(figures_url(own), {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not YearlyFigures.objects.exists()


def test_next_year_is_accepted_but_not_the_one_after(manager_client, own):
    next_year = timezone.localdate().year + 1
    manager_client.post(figures_url(own), {**VALID, "year": str(next_year + 1)})
    assert not YearlyFigures.objects.exists()
    manager_client.post(figures_url(own), {**VALID, "year": str(next_year)})
    assert YearlyFigures.objects.get().year == next_year


def test_member_cannot_enter_figures_for_another_association(volunteer_client, other):
    assert volunteer_client.get(figures_url(other)).status_code == 404
    assert volunteer_client.post(figures_url(other), VALID).status_code == 404
    assert not YearlyFigures.objects.exists()


def test_member_cannot_edit_another_associations_year(volunteer_client, own, other):
    YearlyFigures.objects.create(association=other, year=2024, registrations=1000)
    assert volunteer_client.post(figures_url(other, 2024), VALID).status_code == 404
    # Under their own association's address, the other's year does not exist either.
    assert volunteer_client.post(figures_url(own, 2024), VALID).status_code == 404
    assert YearlyFigures.objects.get().registrations == 1000


def test_database_refuses_negative_figures_and_duplicates(own):
    YearlyFigures.objects.create(association=own, year=2024, registrations=10)
    for fields in ({"year": 2024, "registrations": 5}, {"year": 2023, "registrations": -1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            YearlyFigures.objects.create(association=own, **fields)


def test_figures_page_lists_the_years_entered(manager_client, own, django_assert_max_num_queries):
    for year in range(2015, 2025):
        YearlyFigures.objects.create(association=own, year=year, registrations=year - 2000)
    DiagnosticYear.objects.create(year=2015)
    # 10 with the territory, read once per generation of the directory; 4 more for the network's
    # keys of the people count, made on this first visit (read, savepoint, insert, release).
    with django_assert_max_num_queries(14):
        page = manager_client.get(figures_url(own)).content.decode()
    assert figures_url(own, 2016) in page
    assert figures_url(own, 2024) in page
    assert figures_url(own, 2015) not in page  # closed


@pytest.fixture
def network_2013(own):
    return YearlyFigures.objects.create(association=own, year=2013, registrations=4807)


def test_a_volunteer_sees_the_figures_without_a_form(volunteer_client, own, network_2013):
    response = volunteer_client.get(figures_url(own))
    page = response.content.decode()
    assert response.status_code == 200
    assert "4\xa0807" in page
    assert response.context["form"] is None
    assert '<form method="post" class="form-stack"' not in page
    assert figures_url(own, 2013) not in page
    assert "Les responsables de l'association indiquent ses chiffres" in page


def test_a_volunteers_forged_posts_are_refused(volunteer_client, own, network_2013):
    forged = {**VALID, "year": "2013", "registrations": "9999"}
    assert volunteer_client.post(figures_url(own, 2013), forged).status_code == 403
    assert volunteer_client.post(figures_url(own), {**VALID, "year": "2014"}).status_code == 403
    assert volunteer_client.get(figures_url(own, 2013)).context["form"] is None
    assert [(f.year, f.registrations) for f in YearlyFigures.objects.all()] == [(2013, 4807)]
    assert not own.changes.exists()


def test_a_manager_of_another_association_cannot_touch_these_figures(
    own, other, network_2013, make_member
):
    client = Client()
    client.force_login(make_member(other, "karim", Membership.Role.MANAGER))
    assert client.post(figures_url(own, 2013), {**VALID, "year": "2013"}).status_code == 404
    assert YearlyFigures.objects.get().registrations == 4807


def test_an_agent_enters_an_associations_figures_in_its_space(ccas_client, own, network_2013):
    response = ccas_client.post(figures_url(own, 2013), {**VALID, "year": "2013"})
    assert response.status_code == 302
    assert YearlyFigures.objects.get().registrations == 1250
