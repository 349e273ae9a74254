"""Every edit of yearly figures is recorded: who, when, the old and the new value."""

import pytest
from django.urls import reverse

from network.models import YearlyFigures

from .test_figures import VALID, figures_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_2013(own):
    return YearlyFigures.objects.create(association=own, year=2013, registrations=4807)


def history_url(figures):
    return reverse("admin:network_yearlyfigures_history", args=[figures.pk])


def test_a_managers_edit_is_in_the_history_with_old_and_new_values(
    manager_client, manager, own, network_2013, ccas_client
):
    manager_client.post(figures_url(own, 2013), {**VALID, "year": "2013", "registrations": "5012"})

    record = network_2013.history.first()
    assert record.history_user == manager
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "registrations"] == [
        ("registrations", 4807, 5012)
    ]
    change = own.changes.get()
    assert (change.user, change.source, change.sections) == (manager, "space", ["figures"])
    page = ccas_client.get(history_url(network_2013)).content.decode()
    assert "sophie" in page
    assert "4807" in page
    assert "5012" in page


def test_a_new_year_is_recorded_as_a_change_of_the_association(manager_client, manager, own):
    manager_client.post(figures_url(own), VALID)
    record = YearlyFigures.history.get()
    assert (record.history_type, record.history_user, record.registrations) == ("+", manager, 1250)
    assert own.changes.get().section_labels == ["chiffres annuels"]


def test_an_agents_edit_in_the_back_office_is_in_the_history(ccas_client, agent, own, network_2013):
    url = reverse("admin:network_yearlyfigures_change", args=[network_2013.pk])
    data = {"association": own.pk, "year": "2013", "registrations": "4900"}
    assert ccas_client.post(url, data).status_code == 302
    record = network_2013.history.first()
    assert (record.history_user, record.registrations) == (agent, 4900)
    assert record.prev_record.registrations == 4807
    change = own.changes.get()
    assert (change.user, change.source, change.sections) == (agent, "admin", ["figures"])


def test_a_deletion_in_the_back_office_is_in_the_history(ccas_client, agent, own, network_2013):
    url = reverse("admin:network_yearlyfigures_delete", args=[network_2013.pk])
    ccas_client.post(url, {"post": "yes"})
    assert not YearlyFigures.objects.exists()
    record = YearlyFigures.history.first()
    assert (record.history_type, record.history_user, record.registrations) == ("-", agent, 4807)
    assert own.changes.get().sections == ["figures"]


def test_the_association_space_reports_a_figures_edit_to_the_ccas(
    manager_client, own, network_2013, ccas_client
):
    manager_client.post(figures_url(own, 2013), {**VALID, "year": "2013", "registrations": "5012"})
    page = ccas_client.get(
        reverse("admin:associations_associationchange_changelist")
    ).content.decode()
    assert "chiffres annuels" in page
