import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from associations.freshness import months_before

pytestmark = pytest.mark.django_db


def test_stale_association_members_get_a_reminder_with_a_link_to_the_space(
    make_association, make_member
):
    association = make_association(last_checked_on=months_before(timezone.localdate(), 7))
    make_member(association, "marie")
    with override_settings(SITE_URL="https://aide.example"):
        call_command("send_freshness_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie@example.org"]
    assert "Les Paniers du Pile" in message.subject
    assert "https://aide.example/espace/" in message.body
    association.refresh_from_db()
    assert association.last_reminder_sent_on == timezone.localdate()


def test_recently_checked_association_gets_no_reminder(make_association, make_member):
    make_member(make_association(last_checked_on=timezone.localdate()))
    call_command("send_freshness_reminders")
    assert mail.outbox == []


def test_months_option_changes_what_is_old(make_association, make_member):
    make_member(make_association(last_checked_on=months_before(timezone.localdate(), 4)))
    call_command("send_freshness_reminders")
    assert mail.outbox == []
    call_command("send_freshness_reminders", "--months", "3")
    assert len(mail.outbox) == 1


def test_reminder_is_sent_at_most_once_a_month(make_association, make_member):
    association = make_association(last_checked_on=None)
    make_member(association)
    call_command("send_freshness_reminders")
    call_command("send_freshness_reminders")
    assert len(mail.outbox) == 1
    association.last_reminder_sent_on = timezone.localdate() - datetime.timedelta(days=32)
    association.save()
    call_command("send_freshness_reminders")
    assert len(mail.outbox) == 2


def test_association_without_members_is_reminded_at_its_own_address(make_association):
    make_association(email="contact@paniers.example")
    call_command("send_freshness_reminders")
    assert mail.outbox[0].to == ["contact@paniers.example"]


def test_association_without_any_address_is_skipped(make_association):
    association = make_association()
    call_command("send_freshness_reminders")
    assert mail.outbox == []
    association.refresh_from_db()
    assert association.last_reminder_sent_on is None


def test_the_reminder_subject_is_plain_text(make_association, make_member):
    make_member(make_association("L'Épicerie de l'Alma"))
    call_command("send_freshness_reminders")
    assert mail.outbox[0].subject == (
        "Roubaix Aide : les informations de L'Épicerie de l'Alma sont-elles à jour ?"
    )
