"""A year whose diagnostic the CCAS has published is closed: its figures no longer change."""

import pytest
from django.urls import reverse

from network.models import DiagnosticYear, YearlyFigures

from .test_figures import VALID, figures_url

pytestmark = pytest.mark.django_db

EDIT_2013 = {**VALID, "year": "2013", "registrations": "9999"}


@pytest.fixture
def closed_2013(own, ccas_client):
    """The network's 2013 figures, then the agent closes 2013 in the back office."""
    figures = YearlyFigures.objects.create(association=own, year=2013, registrations=4807)
    response = ccas_client.post(
        reverse("admin:network_diagnosticyear_add"), {"year": "2013", "is_closed": "on"}
    )
    assert response.status_code == 302
    assert DiagnosticYear.objects.closed_years() == {2013}
    return figures


def test_a_closed_year_is_read_only_for_its_manager(manager_client, own, closed_2013):
    listing = manager_client.get(figures_url(own)).content.decode()
    assert figures_url(own, 2013) not in listing
    assert "Close (diagnostic publié)" in listing
    page = manager_client.get(figures_url(own, 2013))
    assert page.context["form"] is None
    assert "Le diagnostic 2013 est publié : ses chiffres sont clos" in page.content.decode()
    assert manager_client.post(figures_url(own, 2013), EDIT_2013).status_code == 403
    assert YearlyFigures.objects.get().registrations == 4807


def test_a_closed_year_is_read_only_for_an_agent_in_the_space(ccas_client, own, closed_2013):
    assert ccas_client.post(figures_url(own, 2013), EDIT_2013).status_code == 403
    assert YearlyFigures.objects.get().registrations == 4807


def test_figures_cannot_be_added_for_a_closed_year(manager_client, own):
    DiagnosticYear.objects.create(year=2013)
    response = manager_client.post(figures_url(own), EDIT_2013)
    assert response.status_code == 200
    assert "Le diagnostic 2013 est publié : le CCAS a clos ses chiffres" in (
        response.content.decode()
    )
    assert not YearlyFigures.objects.exists()


def test_an_open_year_cannot_be_moved_into_a_closed_one_nor_out_of_it(manager_client, own):
    YearlyFigures.objects.create(association=own, year=2014, registrations=10)
    YearlyFigures.objects.create(association=own, year=2012, registrations=20)
    DiagnosticYear.objects.create(year=2013)
    DiagnosticYear.objects.create(year=2012)
    response = manager_client.post(figures_url(own, 2014), {**EDIT_2013, "year": "2013"})
    assert response.status_code == 200
    assert "Le diagnostic 2013 est publié" in response.content.decode()
    assert manager_client.post(figures_url(own, 2012), {**VALID, "year": "2015"}).status_code == 403
    assert sorted(YearlyFigures.objects.values_list("year", "registrations")) == [
        (2012, 20),
        (2014, 10),
    ]


def test_the_back_office_shows_a_closed_years_figures_read_only_and_says_why(
    ccas_client, own, closed_2013
):
    url = reverse("admin:network_yearlyfigures_change", args=[closed_2013.pk])
    page = ccas_client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Le diagnostic 2013 est publié : ses chiffres sont clos" in content
    assert "« Années du diagnostic »" in content
    assert 'name="_save"' not in content
    response = ccas_client.post(url, {"association": own.pk, "year": "2013", "registrations": "1"})
    assert response.status_code == 403
    delete = reverse("admin:network_yearlyfigures_delete", args=[closed_2013.pk])
    assert ccas_client.post(delete, {"post": "yes"}).status_code == 403
    assert YearlyFigures.objects.get().registrations == 4807


def test_the_back_office_refuses_new_figures_for_a_closed_year(ccas_client, own, closed_2013):
    closed_2013.delete()
    response = ccas_client.post(
        reverse("admin:network_yearlyfigures_add"),
        {"association": own.pk, "year": "2013", "registrations": "1"},
    )
    assert response.status_code == 200
    assert "Le diagnostic 2013 est publié" in response.content.decode()
    assert not YearlyFigures.objects.exists()


def test_the_changelist_marks_closed_years(ccas_client, own, closed_2013):
    YearlyFigures.objects.create(association=own, year=2014, registrations=10)
    response = ccas_client.get(reverse("admin:network_yearlyfigures_changelist"))
    assert [row.year_closed for row in response.context["cl"].result_list] == [False, True]


def test_reopening_a_year_lets_its_manager_correct_it(
    manager_client, ccas_client, own, closed_2013
):
    year = DiagnosticYear.objects.get()
    ccas_client.post(
        reverse("admin:network_diagnosticyear_change", args=[year.pk]), {"year": "2013"}
    )
    assert DiagnosticYear.objects.closed_years() == set()
    assert manager_client.post(figures_url(own, 2013), EDIT_2013).status_code == 302
    assert YearlyFigures.objects.get().registrations == 9999


def test_a_volunteer_cannot_close_or_reopen_a_year(volunteer_client):
    response = volunteer_client.post(
        reverse("admin:network_diagnosticyear_add"), {"year": "2013", "is_closed": "on"}
    )
    assert response.status_code == 302  # to the back office's login
    assert not DiagnosticYear.objects.exists()


def test_a_closed_year_cannot_be_deleted_with_the_bulk_action(ccas_client, own, closed_2013):
    open_year = YearlyFigures.objects.create(association=own, year=2014, registrations=10)
    changelist = reverse("admin:network_yearlyfigures_changelist")
    selected = {"action": "delete_selected", "_selected_action": [closed_2013.pk, open_year.pk]}
    ccas_client.post(changelist, {**selected, "post": "yes"})
    assert YearlyFigures.objects.count() == 2
    ccas_client.post(changelist, {**selected, "_selected_action": [open_year.pk], "post": "yes"})
    assert list(YearlyFigures.objects.values_list("year", flat=True)) == [2013]
    assert own.changes.get().sections == ["figures"]
