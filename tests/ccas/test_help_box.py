"""Every page's footer carries a help box: the 115 and the CCAS's reception desks, kept in the admin."""

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext

from ccas.models import ReceptionDesk, ReceptionSlot

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY_MORNING = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
SUNDAY_EVENING = datetime.datetime(2026, 11, 29, 20, 30, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    current = {"now": MONDAY_MORNING}
    monkeypatch.setattr("django.utils.timezone.now", lambda: current["now"])
    return current


def footer(response):
    assert response.status_code == 200
    content = response.content.decode()
    return re.search(r'<footer class="site-footer">.*?</footer>', content, re.S).group(0)


def help_box(response):
    return re.search(r'<section class="help-box".*?</section>', footer(response), re.S).group(0)


@pytest.mark.parametrize(
    ("prefix", "emergency"),
    [
        ("", "Urgence sociale : 115, gratuit, jour et nuit"),
        ("/en", "Social emergency: 115, free, day and night"),
        ("/ar", "الطوارئ الاجتماعية: 115، مجاني، ليلًا ونهارًا"),
    ],
)
@pytest.mark.parametrize(
    "page", ["/", "/associations/", "/questions/", "/accessibilite/", "/compte/connexion/"]
)
def test_every_page_offers_the_115_as_a_call(client, prefix, emergency, page):
    box = help_box(client.get(prefix + page))
    assert f'<a class="button help-call" href="tel:115">{emergency}</a>' in box


def test_an_association_page_and_an_error_page_carry_the_help_box_too(client, make_association):
    association = make_association()
    assert 'href="tel:115"' in help_box(client.get(association.get_absolute_url()))
    response = client.get("/associations/inconnue/")
    assert response.status_code == 404
    assert 'href="tel:115"' in response.content.decode()


def test_a_desk_shows_its_address_phone_hours_and_that_it_is_open_now(client, make_desk, clock):
    make_desk(
        "Accueil du CCAS",
        address="1 rue de l'Exemple",
        phone="03 20 00 00 09",
        email="accueil@example.org",
        slots=[(0, "09:00", "12:00"), (0, "14:00", "17:00")],
    )
    box = help_box(client.get("/"))
    assert "<h3>Accueil du CCAS</h3>" in box
    assert "1 rue de l&#x27;Exemple<br>59100 Roubaix" in box
    assert '<p class="status status-open">Ouvert jusqu&#x27;à 12 h</p>' in box
    assert "<li>Lundi, de 9 h à 12 h</li><li>Lundi, de 14 h à 17 h</li>" in box
    assert 'href="tel:+33320000009">Appeler le <span dir="ltr">03 20 00 00 09</span></a>' in box
    assert 'href="mailto:accueil@example.org"' in box


def test_on_sunday_evening_a_desk_says_when_it_opens(client, make_desk, clock):
    make_desk(slots=[(0, "09:00", "12:00")])
    clock["now"] = SUNDAY_EVENING
    box = help_box(client.get("/"))
    assert '<p class="status status-closed">Ouvre demain à 9 h</p>' in box


@pytest.mark.parametrize(
    ("prefix", "status", "hours", "call"),
    [
        ("/en", "Open until 12:00", "Monday, from 9:00 to 12:00", "Call"),
        ("/ar", "مفتوح حتى 12:00", "الاثنين، من 9:00 إلى 12:00", "اتصل بالرقم"),
    ],
)
def test_the_help_box_speaks_the_pages_language(
    client, make_desk, clock, prefix, status, hours, call
):
    make_desk("Accueil du CCAS", slots=[(0, "09:00", "12:00")])
    box = help_box(client.get(prefix + "/"))
    assert status in box
    assert f"<li>{hours}</li>" in box
    assert f'{call} <span dir="ltr">03 20 00 00 09</span>' in box
    # The desk's name and address are French words, marked as such.
    assert '<h3 lang="fr" dir="ltr">Accueil du CCAS</h3>' in box
    assert (
        '<p class="address" lang="fr" dir="ltr">1 rue de l&#x27;Exemple<br>59100 Roubaix</p>' in box
    )


def test_a_note_without_translation_shows_in_french_marked_as_french(client, make_desk):
    make_desk(note="Sans rendez-vous le matin.", note_en="No appointment in the morning.")
    assert "<p>No appointment in the morning.</p>" in help_box(client.get("/en/"))
    box = help_box(client.get("/ar/"))
    assert '<div class="french-only" lang="fr" dir="ltr"><p>Sans rendez-vous le matin.</p>' in box


def test_desks_are_listed_by_position(client, make_desk):
    make_desk("Accueil du centre-ville", position=2)
    make_desk("Permanence de l'Alma", position=1)
    box = help_box(client.get("/"))
    assert box.index("Permanence de l&#x27;Alma") < box.index("Accueil du centre-ville")


def test_without_a_desk_the_box_shows_the_115_and_nothing_about_a_reception(client):
    box = help_box(client.get("/"))
    assert 'href="tel:115"' in box
    assert "CCAS de Roubaix :" not in box
    assert "help-desk" not in box
    assert "Horaires" not in box


def ccas_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"] for query in captured.captured_queries if '"ccas_reception' in query["sql"]
    ]


def test_the_desks_are_read_in_two_queries_once_per_generation(client, make_desk):
    make_desk("Accueil 1", slots=[(0, "09:00", "12:00"), (1, "09:00", "12:00")])
    make_desk("Accueil 2", slots=[(2, "09:00", "12:00")])
    assert len(ccas_queries(client, "/")) == 2
    assert ccas_queries(client, "/") == []
    assert ccas_queries(client, "/en/associations/") == []


def test_a_page_shows_two_help_boxes_with_one_read(client, make_desk, rf):
    """An empty result includes the box besides the footer's: the desks are read once."""
    make_desk()
    request = rf.get("/")
    template = Template(
        '{% include "ccas/help_box.html" with box_id="vide" level=3 %}'
        '{% include "ccas/help_box.html" with box_id="aide" %}'
    )
    with CaptureQueriesContext(connection) as captured:
        content = template.render(RequestContext(request))
    # The generation, the territory (the box names the CCAS), the desks, their slots.
    assert len(captured) == 4
    assert content.count("Accueil du CCAS") == 2
    assert 'aria-labelledby="vide-titre"' in content
    assert '<h3 id="vide-titre" class="help-box-title">' in content
    assert '<h2 id="aide-titre" class="help-box-title">' in content


def test_a_cached_page_with_desks_still_costs_one_query(client, make_desk, settings, clock):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    make_desk()
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert "Accueil du CCAS" in client.get("/").content.decode()
    assert len(captured) == 1


def test_a_desk_with_a_closing_before_its_opening_is_refused():
    desk = ReceptionDesk.objects.create(
        city="Roubaix", postal_code="59100", name="Accueil", address="1 rue", phone="03 20 00 00 09"
    )
    slot = ReceptionSlot(
        desk=desk, weekday=0, opens_at=datetime.time(12), closes_at=datetime.time(9)
    )
    with pytest.raises(ValidationError, match="après l'heure d'ouverture"):
        slot.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        slot.save()
