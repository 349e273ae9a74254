"""orientation/reasons.py on its own: criteria in, French lines out, no query."""

import datetime
import zoneinfo

import pytest

from associations.filters import When
from associations.models import AidType, Association, Public, Service
from orientation.reasons import reasons

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TUESDAY_10H = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


def loaded(association):
    return Association.objects.with_agent_details().get(pk=association.pk)


def test_no_criteria_no_reasons(make_association):
    assert reasons(loaded(make_association()), {}, TUESDAY_10H) == []


def test_open_now_says_until_when(make_association):
    association = loaded(make_association())
    assert reasons(association, {"ouvert": When.NOW}, TUESDAY_10H) == ["Ouvert jusqu'à 12 h"]


def test_day_and_time_give_the_time_and_that_days_hours(make_association):
    association = loaded(make_association())
    criteria = {"jour": datetime.date(2026, 12, 8), "heure": datetime.time(10, 30)}
    assert reasons(association, criteria, TUESDAY_10H) == [
        "Ouvert mardi 8 décembre 2026 à 10 h 30 (9 h – 12 h)"
    ]


def test_service_reasons_come_from_the_service_meeting_all_criteria(
    make_association, django_assert_num_queries
):
    association = make_association()
    association.services.update(access=Service.Access.REFERRAL)
    Service.objects.create(
        association=association,
        aid_type=AidType.objects.get(slug="epicerie"),
        access=Service.Access.APPOINTMENT,
    )
    association = loaded(association)
    criteria = {"type": [AidType.objects.get(slug="epicerie")], "sans_orientation": True}
    with django_assert_num_queries(0):
        lines = reasons(association, criteria, TUESDAY_10H)
    assert lines == ["Aide : Épicerie sociale et solidaire", "Sans orientation (sur rendez-vous)"]


def test_public_shown_by_one_service_is_not_marked_ccas_only(make_association):
    association = make_association()
    public = Public.objects.get(slug="sans-papiers")
    association.services.get().public_links.create(public=public, is_public=False)
    other = Service.objects.create(association=association, aid_type=AidType.objects.first())
    other.public_links.create(public=public, is_public=True)
    assert reasons(loaded(association), {"public": public}, TUESDAY_10H) == [
        "Accueille : personnes sans papiers"
    ]


def test_opening_reasons_give_the_hours_of_the_services_asked_for(make_association):
    # Colis this Tuesday morning, meals this Tuesday afternoon.
    association = make_association()
    meals = Service.objects.create(
        association=association, aid_type=AidType.objects.get(slug="repas")
    )
    meals.slots.create(weekday=1, opens_at=datetime.time(14), closes_at=datetime.time(16))
    association = loaded(association)
    today = {"ouvert": When.TODAY}
    assert reasons(association, today, TUESDAY_10H) == [
        "Ouvert aujourd'hui 9 h – 12 h, 14 h – 16 h"
    ]
    colis = {**today, "type": [AidType.objects.get(slug="colis")]}
    assert reasons(association, colis, TUESDAY_10H)[-1] == "Ouvert aujourd'hui 9 h – 12 h"
    repas = {**today, "type": [AidType.objects.get(slug="repas")]}
    assert reasons(association, repas, TUESDAY_10H)[-1] == "Ouvert aujourd'hui 14 h – 16 h"
