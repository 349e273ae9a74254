"""Agents read the reports in the back office, per association, and mark them handled."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Report

pytestmark = pytest.mark.django_db


def make_report(association, reason=Report.Reason.HOURS, **fields):
    return Report.objects.create(association=association, reason=reason, **fields)


def test_agents_see_the_reports_with_their_association_reason_and_status(agent_client, paniers):
    make_report(paniers, contact="06 11 22 33 44", message="Fermé mardi")
    page = agent_client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "Les Paniers de l&#x27;Alma" in page
    assert "Les horaires sont faux" in page
    assert "Nouveau" in page


def test_agents_read_the_contact_on_the_report(agent_client, paniers):
    report = make_report(paniers, contact="06 11 22 33 44", message="Fermé mardi")
    page = agent_client.get(reverse("admin:reports_report_change", args=[report.pk]))
    assert page.status_code == 200
    assert "06 11 22 33 44" in page.content.decode()
    assert "Fermé mardi" in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"status__exact": "nouveau"}, {"reason__exact": "ferme"}, {"association__id__exact": "1"}],
)
def test_the_list_filters_by_status_reason_and_association(
    agent_client, paniers, make_association, query
):
    other = make_association("L'Épicerie du Pile", slug="epicerie")
    make_report(paniers, reason=Report.Reason.CLOSED)
    make_report(other, status=Report.Status.HANDLED)
    query = {**query}
    if "association__id__exact" in query:
        query["association__id__exact"] = paniers.pk
    response = agent_client.get(reverse("admin:reports_report_changelist"), query)
    assert response.status_code == 200
    assert [report.association for report in response.context["cl"].result_list] == [paniers]


def test_agents_mark_reports_handled_in_bulk(agent_client, agent, paniers):
    reports = [make_report(paniers), make_report(paniers)]
    response = agent_client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "mark_handled", "_selected_action": [report.pk for report in reports]},
        follow=True,
    )
    assert "2 signalements marqués comme traités." in response.content.decode()
    for report in reports:
        report.refresh_from_db()
        assert report.status == Report.Status.HANDLED
        assert report.handled_by == agent
        assert report.handled_at is not None


def test_an_agent_marks_one_report_handled_on_its_page(agent_client, agent, paniers):
    report = make_report(paniers)
    url = reverse("admin:reports_report_change", args=[report.pk])
    response = agent_client.post(url, {"status": "traite"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by) == (Report.Status.HANDLED, agent)


def test_agents_put_handled_reports_back_to_new_in_bulk(agent_client, agent, paniers):
    handled = make_report(
        paniers, status=Report.Status.HANDLED, handled_at=timezone.now(), handled_by=agent
    )
    already_new = make_report(paniers)
    response = agent_client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "mark_new", "_selected_action": [handled.pk, already_new.pk]},
        follow=True,
    )
    assert "1 signalement remis en « nouveau »." in response.content.decode()
    handled.refresh_from_db()
    assert (handled.status, handled.handled_at, handled.handled_by) == (
        Report.Status.NEW,
        None,
        None,
    )


def test_no_one_adds_a_report_in_the_back_office(agent_client):
    assert agent_client.get(reverse("admin:reports_report_add")).status_code == 403


def queries_of(client, url):
    client.get(url)  # the cached lists and the session, as on a second visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_association_list_counts_new_reports_in_bounded_queries(
    agent_client, paniers, make_association
):
    url = reverse("admin:associations_association_changelist")
    make_report(paniers)
    alone, _response = queries_of(agent_client, url)
    make_report(paniers)
    make_report(paniers, status=Report.Status.HANDLED)
    for number in range(5):
        make_report(make_association(f"Association {number}"))
    many, response = queries_of(agent_client, url)
    # The count is a subquery of the list's own query: no query per row.
    assert many == alone <= 13
    rows = {row.name: row._new_reports for row in response.context["cl"].result_list}
    assert rows["Les Paniers de l'Alma"] == 2
    assert rows["Association 0"] == 1
    page = response.content.decode()
    assert "Signalements nouveaux" in page
    assert f"?association__id__exact={paniers.pk}&amp;status__exact=nouveau" in page


def test_the_association_page_counts_its_reports_in_one_query(agent_client, paniers):
    url = reverse("admin:associations_association_change", args=[paniers.pk])
    before, _response = queries_of(agent_client, url)
    make_report(paniers)
    make_report(paniers, status=Report.Status.HANDLED)
    after, response = queries_of(agent_client, url)
    assert after == before
    page = response.content.decode()
    assert "2 signalements (1 nouveau)" in page
    assert f"?association__id__exact={paniers.pk}" in page


def test_reports_are_deleted_with_the_purge_after_12_months_only(paniers):
    now = timezone.now()
    old = make_report(paniers, created_at=now - datetime.timedelta(days=367))
    recent = make_report(paniers, created_at=now - datetime.timedelta(days=300))
    out = io.StringIO()
    call_command("purge_reports", stdout=out)
    assert out.getvalue().startswith("1 signalement(s) supprimé(s)")
    assert list(Report.objects.all()) == [recent]
    assert not Report.objects.filter(pk=old.pk).exists()
