"""orientation/reasons.py: the search's criteria and matching services in, French lines out.

Which services meet the criteria is the search's own rule (`AssociationFilter`): the tests go
through it, as the orientation page does."""

import datetime
import zoneinfo

import pytest
from django.http import QueryDict

from associations.filters import When
from associations.models import AidType, Association, Public, Service
from orientation.filters import OrientationFilter
from orientation.reasons import reasons

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TUESDAY_10H = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


def searched(association, query):
    """(the association as the search loads it, the search, the services that match)."""
    filterset = OrientationFilter(
        QueryDict(query), queryset=Association.objects.published(), now=TUESDAY_10H
    )
    found = filterset.qs.with_agent_details().get(pk=association.pk)
    return found, filterset.search, filterset.matching_services([found])


def reasons_for(association, query):
    return reasons(*searched(association, query), TUESDAY_10H)


def test_no_criteria_no_reasons(make_association):
    assert reasons_for(make_association(), "") == []


def test_open_now_says_until_when(make_association):
    assert reasons_for(make_association(), f"ouvert={When.NOW}") == ["Ouvert jusqu'à 12 h"]


def test_day_and_time_give_the_time_and_that_days_hours(make_association):
    assert reasons_for(make_association(), "jour=2026-12-08&heure=10:30") == [
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
    found, search, matching = searched(association, "type=epicerie&sans_orientation=on")
    with django_assert_num_queries(0):
        lines = reasons(found, search, matching, TUESDAY_10H)
    assert lines == ["Épicerie sociale et solidaire", "Sans orientation (sur rendez-vous)"]


def test_public_shown_by_one_service_is_not_marked_ccas_only(make_association):
    # Sensitive: shown only where an agent made it public.
    association = make_association()
    public = Public.objects.get(slug="sans-papiers")
    association.services.get().public_links.create(public=public, is_public=False)
    other = Service.objects.create(association=association, aid_type=AidType.objects.first())
    other.public_links.create(public=public, is_public=True, sensitive_made_public=True)
    assert reasons_for(association, "public=sans-papiers") == ["Accueille : personnes sans papiers"]


def test_opening_reasons_give_the_hours_of_the_services_asked_for(make_association):
    # Colis this Tuesday morning, meals this Tuesday afternoon.
    association = make_association()
    meals = Service.objects.create(
        association=association, aid_type=AidType.objects.get(slug="repas")
    )
    meals.slots.create(weekday=1, opens_at=datetime.time(14), closes_at=datetime.time(16))
    today = f"ouvert={When.TODAY}"
    assert reasons_for(association, today) == ["Ouvert aujourd'hui 9 h – 12 h, 14 h – 16 h"]
    colis = reasons_for(association, f"{today}&type=colis")
    assert colis[-1] == "Ouvert aujourd'hui 9 h – 12 h"
    repas = reasons_for(association, f"{today}&type=repas")
    assert repas[-1] == "Ouvert aujourd'hui 14 h – 16 h"


def test_free_reasons_give_the_hours_of_the_free_services_only(make_association):
    # A paid colis this Tuesday morning, a free meal this Tuesday afternoon.
    association = make_association()
    association.services.update(is_free=False, fee_details="2 € le colis")
    meals = Service.objects.create(
        association=association, aid_type=AidType.objects.get(slug="repas")
    )
    meals.slots.create(weekday=1, opens_at=datetime.time(14), closes_at=datetime.time(16))
    assert reasons_for(association, f"gratuit=on&ouvert={When.TODAY}") == [
        "Gratuit",
        "Ouvert aujourd'hui 14 h – 16 h",
    ]
