"""Three months after it closes, an orientation is reduced to counts, which the network's
figures add to the live ones."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liaison import counts
from liaison.models import MonthlyCount, Opening, Orientation, Outcome

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=PARIS)


def sent_on(orientation, when, closed=None):
    Orientation.objects.filter(pk=orientation.pk).update(sent_at=when, closed_at=closed)


@pytest.fixture
def history(make_orientation, service, agent):
    """In July: one that came, one refused, one accepted and never closed. In November: one
    waiting."""
    july = datetime.datetime(2026, 7, 15, 10, 0, tzinfo=PARIS)
    came = make_orientation(service, status=Outcome.CAME)
    sent_on(came, july, closed=july + datetime.timedelta(days=5))
    Opening.objects.create(orientation=came, user=agent)
    refused = make_orientation(service, status=Outcome.REFUSED, refusal_reason="zone")
    sent_on(refused, july, closed=july + datetime.timedelta(days=1))
    stuck = make_orientation(service, status=Outcome.ACCEPTED)
    sent_on(stuck, july)
    recent = make_orientation(service)
    sent_on(recent, datetime.datetime(2026, 11, 20, 10, 0, tzinfo=PARIS))
    recently_closed = make_orientation(service, status=Outcome.NOT_CAME)
    sent_on(
        recently_closed,
        datetime.datetime(2026, 8, 1, 10, 0, tzinfo=PARIS),
        closed=datetime.datetime(2026, 9, 10, 10, 0, tzinfo=PARIS),
    )
    return came, refused, stuck, recent, recently_closed


def figures(year=2026):
    by_month, by_service, total = counts.for_year(year)
    return (
        [(month, t.sent, t.accepted, t.refused, t.came) for month, t in by_month],
        (total.sent, total.accepted, total.refused, total.came),
    )


def test_reduction_deletes_the_person_and_keeps_the_figures(history, settings):
    settings.ORIENTATION_RETENTION_MONTHS = 3
    before = figures()
    assert counts.reduce(NOW) == 3
    came, refused, stuck, recent, recently_closed = history
    remaining = set(Orientation.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, recently_closed.pk}
    assert not Opening.objects.exists()
    assert figures() == before
    assert before[1] == (5, 3, 1, 1)
    july = datetime.date(2026, 7, 1)
    assert sorted(MonthlyCount.objects.filter(month=july).values_list("outcome", "count")) == [
        (Outcome.ACCEPTED, 1),
        (Outcome.CAME, 1),
        (Outcome.REFUSED, 1),
    ]


def test_reducing_twice_adds_to_the_counts(history, make_orientation, service):
    counts.reduce(NOW)
    another = make_orientation(service, status=Outcome.CAME)
    sent_on(
        another,
        datetime.datetime(2026, 7, 20, tzinfo=PARIS),
        datetime.datetime(2026, 7, 25, tzinfo=PARIS),
    )
    counts.reduce(NOW)
    assert MonthlyCount.objects.get(outcome=Outcome.CAME).count == 2


def test_the_retention_is_a_setting(history, settings):
    settings.ORIENTATION_RETENTION_MONTHS = 6
    assert counts.reduce(NOW) == 0


def test_the_daily_command_reduces(history, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    call_command("reduce_orientations")
    assert "3 orientation(s) réduite(s)" in capsys.readouterr().out


def test_the_network_dashboard_counts_sent_accepted_refused_came(
    history, ccas_client, django_assert_max_num_queries
):
    counts.reduce(NOW)
    with django_assert_max_num_queries(14):
        response = ccas_client.get(reverse("network:orientations"), {"annee": 2026})
    page = response.content.decode()
    assert "Juillet 2026" in page
    assert (
        '<tr><th scope="row">Juillet 2026</th><td>3</td><td>2</td><td>1</td><td>1</td></tr>' in page
    )
    assert "Samia" not in page


def test_the_dashboard_is_for_agents_only(member_client):
    assert member_client.get(reverse("network:orientations")).status_code == 403


def test_a_bad_year_is_a_form_error(ccas_client):
    response = ccas_client.get(reverse("network:orientations"), {"annee": "deux-mille"})
    assert response.status_code == 400
