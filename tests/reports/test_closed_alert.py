"""Three "c'était fermé" within 14 days: the association is "à vérifier" and its members are
told, once for the episode; a check ends it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from associations import edits
from associations.freshness import Freshness, having
from associations.models import Association, AssociationChange
from reports.closed_alert import receive
from reports.models import Report

pytestmark = pytest.mark.django_db


def closed(association, days_ago=0, reason=Report.Reason.CLOSED):
    report = Report(
        association=association,
        reason=reason,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    return receive(report)


@pytest.fixture
def members(paniers, make_member):
    return [make_member(paniers, "marie"), make_member(paniers, "samir")]


def test_three_closed_reports_in_14_days_make_it_to_check_and_mail_each_member_once(
    paniers, members, report
):
    paniers.last_checked_on = timezone.localdate()
    paniers.save()
    for _ in range(3):
        sent = report(paniers, "ar", contact="habitante@example.org", message="Porte close")
        assert sent.status_code == 302
    paniers.refresh_from_db()
    assert paniers.check_requested_on == timezone.localdate()
    assert paniers.freshness == Freshness.STALE
    assert Association.objects.filter(having(Freshness.STALE)).get() == paniers
    assert sorted(message.to[0] for message in mail.outbox) == [
        "marie@example.org",
        "samir@example.org",
    ]
    message = mail.outbox[0]
    # In French, whatever the resident's language; the subject is plain text.
    assert message.subject.endswith("des habitants ont trouvé « Les Paniers de l'Alma » fermée")
    assert "3 personnes" in message.body
    # Nothing of the residents: neither their text nor how to answer them.
    assert "habitante@example.org" not in message.body
    assert "Porte close" not in message.body
    assert "8000/espace/paniers/a-jour/" in message.body  # the French address
    change = paniers.changes.get()
    assert change.source == AssociationChange.Source.RESIDENTS


def test_the_fourth_and_fifth_reports_of_the_episode_mail_no_one(paniers, members):
    for _ in range(5):
        closed(paniers)
    assert len(mail.outbox) == 2
    assert paniers.changes.count() == 1
    assert Report.objects.filter(counted_in_request=True).count() == 5


def test_three_reports_spread_over_20_days_do_not_fire(paniers, members):
    assert closed(paniers, days_ago=20) is False
    assert closed(paniers, days_ago=10) is False
    assert closed(paniers, days_ago=0) is False
    paniers.refresh_from_db()
    assert paniers.check_requested_on is None
    assert mail.outbox == []


def test_other_reasons_do_not_count(paniers, members):
    closed(paniers, reason=Report.Reason.HOURS)
    closed(paniers, reason=Report.Reason.ADDRESS)
    closed(paniers)
    closed(paniers)
    assert mail.outbox == []


def test_a_check_ends_the_episode_and_its_reports_do_not_count_again(paniers, members):
    for _ in range(3):
        closed(paniers)
    paniers.refresh_from_db()
    edits.mark_checked(paniers, user=members[0])
    paniers.refresh_from_db()
    assert paniers.check_requested_on is None
    assert paniers.freshness == Freshness.FRESH
    # One report after the check is not a third one.
    assert closed(paniers) is False
    assert len(mail.outbox) == 2
    # Three new ones are a new episode.
    closed(paniers)
    assert closed(paniers) is True
    assert len(mail.outbox) == 4


def test_an_agent_editing_the_check_date_ends_it(paniers, members, agent_client):
    for _ in range(3):
        closed(paniers)
    response = agent_client.post(
        reverse("admin:associations_association_changelist"),
        {"action": "mark_checked_today", "_selected_action": [paniers.pk]},
    )
    assert response.status_code == 302
    paniers.refresh_from_db()
    assert paniers.check_requested_on is None


def test_an_edit_of_the_hours_in_the_space_ends_it(paniers, members):
    for _ in range(3):
        closed(paniers)
    paniers.refresh_from_db()
    with edits.edit(paniers, user=members[0], source=AssociationChange.Source.SPACE) as change:
        change.sections.append(AssociationChange.Section.HOURS)
    paniers.refresh_from_db()
    assert paniers.check_requested_on is None
    assert paniers.last_checked_on == timezone.localdate()


def test_an_edit_of_the_description_does_not_end_it(paniers, members):
    for _ in range(3):
        closed(paniers)
    paniers.refresh_from_db()
    edits.set_fields(
        paniers,
        user=members[0],
        source=AssociationChange.Source.SPACE,
        section=AssociationChange.Section.DESCRIPTION,
        summary="Colis le mardi",
    )
    paniers.refresh_from_db()
    assert paniers.check_requested_on is not None


def test_without_members_the_association_address_is_told(make_association):
    alone = make_association("Seule", email="contact@seule.example")
    for _ in range(3):
        closed(alone)
    assert [message.to for message in mail.outbox] == [["contact@seule.example"]]


def test_the_agent_list_and_the_volunteers_checklist_show_it(
    paniers, members, agent_client, client
):
    for _ in range(3):
        closed(paniers)
    page = agent_client.get(reverse("space:dashboard"), {"freshness": "a-verifier"})
    assert "Les Paniers de l&#x27;Alma" in page.content.decode()
    assert "signalée fermée par des habitants" in page.content.decode()
    client.force_login(members[0])
    card = client.get(reverse("space:association", args=["paniers"])).content.decode()
    assert "Des habitants ont trouvé porte close" in card


def test_the_back_office_shows_and_filters_it_as_to_check(paniers, members, agent_client):
    paniers.last_checked_on = timezone.localdate()
    paniers.save()
    for _ in range(3):
        closed(paniers)
    url = reverse("admin:associations_association_changelist")
    response = agent_client.get(url, {"verification": "ancienne"})
    assert [row.pk for row in response.context["cl"].result_list] == [paniers.pk]
    assert "⚠ à vérifier" in response.content.decode()
    fresh = agent_client.get(url, {"verification": "a-jour"})
    assert paniers.pk not in [row.pk for row in fresh.context["cl"].result_list]
