"""The person's orientation sheet: 1 to 5 associations, their openings from now on and where, SMS
texts, nothing stored."""

import datetime
import html
import zoneinfo

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from associations.models import Association, Closure, OpeningSlot, Place, Service

from .conftest import SECRET

pytestmark = pytest.mark.django_db

SHEET = reverse("orientation:person_sheet")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def monday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)


def text(response):
    return html.unescape(response.content.decode())


def test_sheet_gives_address_hours_of_the_week_and_what_to_bring(agent_client, discreet):
    discreet.phone = "03 20 11 22 33"
    discreet.save()
    response = agent_client.get(SHEET, {"a": discreet.slug})
    content = text(response)
    assert response.status_code == 200
    assert "Le Relais Discret" in content
    assert "12 rue de l'Alma, 59100 Roubaix" in content
    assert "03 20 11 22 33" in content
    assert "Mardi 1er décembre 2026</strong> : 9 h – 12 h" in content
    assert "Mardi 8 décembre" not in content  # beyond the 7 days
    assert "Pièce d'identité" in content and "Attestation CAF" in content
    assert "Colis alimentaire : sans condition, gratuit" in content


def test_sheet_holds_nothing_ccas_only(agent_client, discreet):
    content = text(agent_client.get(SHEET, {"a": discreet.slug}))
    assert SECRET not in content and "sans papiers" not in content.lower()
    assert "0600000000" not in content


def test_closures_of_the_week_are_respected(agent_client, discreet):
    Closure.objects.create(
        association=discreet,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 2),
        message="Inventaire",
    )
    content = text(agent_client.get(SHEET, {"a": discreet.slug}))
    assert "Mardi 1er décembre 2026</strong>" not in content
    assert "Fermé du 1er décembre 2026 au 2 décembre 2026. Inventaire" in content
    # Nothing in the 7 days: the next opening, beyond them.
    assert "Mardi 8 décembre 2026</strong> : 9 h – 12 h" in content


def test_several_services_say_which_one_opens(agent_client, discreet):
    Service.objects.create(
        association=discreet,
        place=discreet.places.get(),
        aid_type=discreet.services.get().aid_type,
        name="Repas du soir",
    ).slots.create(weekday=3, opens_at=datetime.time(18), closes_at=datetime.time(20))
    content = text(agent_client.get(SHEET, {"a": discreet.slug}))
    assert "Jeudi 3 décembre 2026</strong> : 18 h – 20 h (Repas du soir)" in content


def test_sms_text_fits_in_two_sms_and_gives_the_essentials(agent_client, discreet):
    discreet.phone = "03 20 11 22 33"
    discreet.save()
    response = agent_client.get(SHEET, {"a": discreet.slug})
    message = response.context["visits"][0].sms
    assert message == (
        "Le Relais Discret. 12 rue de l'Alma, Roubaix. Ouvert mar 01/12 9h-12h. "
        "Tél 03 20 11 22 33. Apporter : Pièce d'identité, Attestation CAF"
    )
    assert f"readonly>{html.escape(message)}</textarea>" in response.content.decode()


def test_five_associations_make_one_sheet(agent_client, make_association):
    slugs = [make_association(f"Association {n}").slug for n in range(5)]
    response = agent_client.get(SHEET, {"a": slugs})
    assert [visit.name for visit in response.context["visits"]] == [
        f"Association {n}" for n in range(5)
    ]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "Cochez au moins une association"),
        ({"a": [f"association-{n}" for n in range(6)]}, "Choisissez au plus 5 associations"),
        ({"a": ["association-0", "inconnue"]}, "L'association « inconnue » n'existe pas"),
    ],
    ids=["none", "six", "unknown"],
)
def test_bad_picks_get_a_french_error(agent_client, make_association, params, error):
    for n in range(6):
        make_association(f"Association {n}")
    response = agent_client.get(SHEET, params)
    assert response.status_code == 400
    assert error in text(response)
    assert f'href="{reverse("orientation:search")}"' in text(response)


def test_unpublished_association_cannot_be_picked(agent_client, make_association):
    hidden = make_association("Pas publiée", is_published=False)
    assert agent_client.get(SHEET, {"a": hidden.slug}).status_code == 400


def test_nothing_about_the_person_is_stored(agent_client, discreet):
    session_before = Session.objects.get().session_data
    with CaptureQueriesContext(connection) as captured:
        agent_client.get(SHEET, {"a": discreet.slug})
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert Session.objects.get().session_data == session_before


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_does_not_grow_with_picks(
    agent_client, make_association, django_assert_max_num_queries, count
):
    slugs = [make_association(f"Association {n}").slug for n in range(count)]
    # The lists of terms are read afresh in a test's transaction (term_lists): 8 queries.
    with django_assert_max_num_queries(22):
        agent_client.get(SHEET, {"a": slugs})


def test_sms_gives_days_in_a_row_with_the_same_hours_once(agent_client, make_association):
    association = make_association(
        "Le Resto",
        slots=[(weekday, "11:45", "13:30") for weekday in range(5)] + [(5, "08:30", "10:00")],
    )
    response = agent_client.get(SHEET, {"a": association.slug})
    assert response.context["visits"][0].sms == (
        "Le Resto. 12 rue de l'Alma, Roubaix. Ouvert lun 30/11, mar 01/12, mer 02/12, jeu 03/12, "
        "ven 04/12 11h45-13h30; sam 05/12 8h30-10h"
    )


FRIDAY_LUNCHTIME = datetime.datetime(2026, 12, 4, 12, 37, tzinfo=PARIS)


@pytest.fixture
def friday_lunchtime(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY_LUNCHTIME)


@pytest.mark.usefixtures("friday_lunchtime")
def test_a_morning_already_over_is_not_offered(agent_client, make_association):
    association = make_association("Le Panier du Vendredi", slots=[(4, "09:00", "11:30")])
    response = agent_client.get(SHEET, {"a": association.slug})
    content = text(response)
    assert "Vendredi 4 décembre" not in content
    # The following Friday is beyond the 7 days, and still the next opening.
    assert "Vendredi 11 décembre 2026</strong> : 9 h – 11 h 30" in content
    assert "Ouvert ven 11/12 9h-11h30" in response.context["visits"][0].sms
    assert "04/12" not in response.context["visits"][0].sms


@pytest.mark.usefixtures("friday_lunchtime")
def test_an_opening_in_progress_says_until_when(agent_client, make_association):
    association = make_association(
        "Le Resto du Midi",
        slots=[(4, "09:00", "11:00"), (4, "12:00", "14:00"), (0, "09:00", "12:00")],
    )
    response = agent_client.get(SHEET, {"a": association.slug})
    content = text(response)
    assert "Vendredi 4 décembre 2026</strong> : jusqu'à 14 h</li>" in content
    assert "9 h – 11 h" not in content
    assert "Lundi 7 décembre 2026</strong> : 9 h – 12 h" in content
    assert "Ouvert ven 04/12 jusqu'à 14h; lun 07/12 9h-12h" in response.context["visits"][0].sms


@pytest.mark.usefixtures("friday_lunchtime")
def test_next_opening_a_month_away_respects_closures(agent_client, make_association):
    association = make_association("La Distribution Mensuelle", slots=[])
    OpeningSlot.objects.create(
        service=association.services.get(),
        weekday=1,
        weeks_of_month=[1],
        opens_at=datetime.time(14),
        closes_at=datetime.time(16),
    )
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2027, 1, 10),
        message="Inventaire de janvier",
    )
    content = text(agent_client.get(SHEET, {"a": association.slug}))
    assert "Mardi 5 janvier" not in content
    assert "Mardi 2 février 2027</strong> : 14 h – 16 h" in content
    assert "Fermé du 4 janvier 2027 au 10 janvier 2027. Inventaire de janvier" in content


@pytest.mark.usefixtures("friday_lunchtime")
def test_next_opening_skips_public_holidays_when_closed_on_them(agent_client, make_association):
    association = make_association(
        "Le Vendredi Solidaire",
        slots=[],
        holiday_policy=Association.HolidayPolicy.CLOSED,
    )
    OpeningSlot.objects.create(
        service=association.services.get(),
        weekday=4,
        opens_at=datetime.time(9),
        closes_at=datetime.time(12),
        valid_from=datetime.date(2026, 12, 25),
    )
    content = text(agent_client.get(SHEET, {"a": association.slug}))
    # Christmas and New Year's Day are Fridays: the first opening is on 8 January.
    assert "Vendredi 25 décembre" not in content and "Vendredi 1er janvier" not in content
    assert "Vendredi 8 janvier 2027</strong> : 9 h – 12 h" in content


@pytest.mark.usefixtures("friday_lunchtime")
def test_nothing_opening_says_to_phone(agent_client, make_association):
    association = make_association("Sans Horaires", slots=[])
    content = text(agent_client.get(SHEET, {"a": association.slug}))
    assert "Pas d'ouverture prévue pour le moment. Téléphonez avant d'y aller." in content


@pytest.mark.usefixtures("friday_lunchtime")
def test_services_in_several_places_each_give_their_address(agent_client, make_association):
    association = make_association("Les Deux Adresses", slots=[(0, "09:00", "12:00")])
    aid_type = association.services.get().aid_type
    evening = Place.objects.create(
        city="Roubaix",
        association=association,
        name="Cuisine",
        address="3 rue du Fontenoy",
        postal_code="59100",
    )
    Service.objects.create(
        association=association,
        place=evening,
        aid_type=aid_type,
        name="Repas du soir",
    ).slots.create(weekday=0, opens_at=datetime.time(18), closes_at=datetime.time(20))
    Service.objects.create(association=association, aid_type=aid_type, name="Maraude").slots.create(
        weekday=1, opens_at=datetime.time(21), closes_at=datetime.time(23)
    )
    response = agent_client.get(SHEET, {"a": association.slug})
    content = text(response)
    assert (
        "Lundi 7 décembre 2026</strong> : 9 h – 12 h (Colis alimentaire, "
        "12 rue de l'Alma, 59100 Roubaix) ; 18 h – 20 h (Repas du soir, "
        "3 rue du Fontenoy, 59100 Roubaix)"
    ) in content
    assert "Mardi 8 décembre 2026</strong> : 21 h – 23 h (Maraude, pas de lieu fixe)" in content
    assert "<strong>Repas du soir :</strong> 3 rue du Fontenoy, 59100 Roubaix" in content
    assert response.context["visits"][0].sms == (
        "Les Deux Adresses. Ouvert lun 07/12 9h-12h (12 rue de l'Alma, 59100 Roubaix) 18h-20h "
        "(3 rue du Fontenoy, 59100 Roubaix); mar 08/12 21h-23h (pas de lieu fixe)"
    )
