"""The private iCalendar feed: a secret token in the address, revocable, read by the icalendar library."""

import datetime
import hashlib
import html
import importlib
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.apps import apps
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Membership
from network.models import CalendarToken

from .conftest import paris

pytestmark = pytest.mark.django_db


def feed_url(token):
    return reverse("network:calendar_feed", args=[token.secret])


def test_member_creates_an_address_and_sees_it_once(volunteer_client, volunteer):
    response = volunteer_client.post(reverse("network:calendar"), {"action": "create"})
    page = response.content.decode()
    [secret] = re.findall(r'value="http://testserver/reseau/agenda/([^"]+)\.ics"', page)
    assert len(secret) >= 40
    assert f'href="webcal://testserver/reseau/agenda/{secret}.ics"' in page
    assert "n'est affichée qu'une fois" in html.unescape(page)
    # Kept as a digest only: the database gives no working address.
    token = CalendarToken.objects.get(user=volunteer)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(CalendarToken.objects.values().get())
    assert volunteer_client.get(reverse("network:calendar_feed", args=[secret])).status_code == 200
    # Seen again, the page says the address works, and does not show it.
    again = volunteer_client.get(reverse("network:calendar")).content.decode()
    assert secret not in again
    assert "fonctionne" in again


def test_feed_is_a_calendar_that_calendar_applications_read(client, volunteer, own, make_meeting):
    own.places.update(name="Salle Watremez", address="3 rue Watremez")
    place = own.places.get()
    # Summer time in Paris: 14:00 there is 12:00 UTC.
    meeting = make_meeting(
        paris(2030, 6, 12, 14),
        ends_at=paris(2030, 6, 12, 16),
        place=place,
        agenda="Tour de table\nCollecte de novembre",
    )
    token = CalendarToken.objects.issue(volunteer)
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"reunion-{meeting.pk}@testserver"
    starts = event.decoded("DTSTART")
    assert starts == datetime.datetime(2030, 6, 12, 14, tzinfo=ZoneInfo("Europe/Paris"))
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTEND") - starts == datetime.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Réunion du réseau chez Les Paniers du Pile"
    assert str(event["LOCATION"]) == "Salle Watremez, 3 rue Watremez, 59100 Roubaix"
    assert str(event["DESCRIPTION"]) == "Tour de table\nCollecte de novembre"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_feed_leaves_out_meetings_older_than_a_year(client, volunteer, make_meeting):
    make_meeting(paris(2020, 1, 10))
    token = CalendarToken.objects.issue(volunteer)
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(token)).content)
    assert calendar.walk("VEVENT") == []


def test_revoked_address_no_longer_works(volunteer_client, client, volunteer):
    token = CalendarToken.objects.issue(volunteer)
    volunteer_client.post(reverse("network:calendar"), {"action": "revoke"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(feed_url(token)).status_code == 404


def test_a_new_address_replaces_the_old_one(volunteer_client, client, volunteer):
    old = CalendarToken.objects.issue(volunteer)
    page = volunteer_client.post(reverse("network:calendar"), {"action": "renew"})
    [new] = re.findall(
        r'value="http://testserver(/reseau/agenda/[^"]+\.ics)"', page.content.decode()
    )
    assert new != feed_url(old)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_address_is_not_found(client):
    url = reverse("network:calendar_feed", args=["pas-un-jeton"])
    assert client.get(url).status_code == 404


def test_address_stops_working_when_the_user_leaves_the_network(client, volunteer):
    token = CalendarToken.objects.issue(volunteer)
    Membership.objects.filter(user=volunteer).delete()
    assert client.get(feed_url(token)).status_code == 404


def test_one_active_address_per_user(volunteer):
    CalendarToken.objects.create(user=volunteer, token_hash="a" * 64)
    with pytest.raises(IntegrityError):
        CalendarToken.objects.create(user=volunteer, token_hash="b" * 64)


def test_addresses_given_before_the_digests_keep_working(client, volunteer):
    # As the migration finds it: the secret itself in the column.
    CalendarToken.objects.create(user=volunteer, token_hash="an-address-given-in-2025")
    migration = importlib.import_module("network.migrations.0004_calendar_token_digest")
    migration.digest_tokens(apps, None)
    url = reverse("network:calendar_feed", args=["an-address-given-in-2025"])
    assert client.get(url).status_code == 200
