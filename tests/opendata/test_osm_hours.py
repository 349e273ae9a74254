"""OpenStreetMap opening_hours: the strings the exports write and what the imports read of them."""

from datetime import date, time

import pytest

from associations.models import Association, Closure, OpeningSlot
from opendata.osm_hours import osm_opening_hours

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
Policy = Association.HolidayPolicy


def slot(weekday, opens_at, closes_at, **fields):
    return OpeningSlot(
        weekday=weekday,
        opens_at=time.fromisoformat(opens_at),
        closes_at=time.fromisoformat(closes_at),
        **fields,
    )


def closure(starts_on, ends_on, message="", **fields):
    return Closure(
        starts_on=date.fromisoformat(starts_on),
        ends_on=date.fromisoformat(ends_on),
        message=message,
        **fields,
    )


# Writing

TODAY = date(2026, 11, 1)


def test_osm_groups_weekdays_with_the_same_hours():
    slots = [slot(MONDAY, "09:00", "12:00"), slot(WEDNESDAY, "09:00", "12:00")]
    assert osm_opening_hours(slots, today=TODAY) == "Mo,We 09:00-12:00"


def test_osm_writes_three_consecutive_days_as_a_range():
    slots = [slot(day, "09:00", "12:00") for day in (MONDAY, TUESDAY, WEDNESDAY, FRIDAY)]
    assert osm_opening_hours(slots, today=TODAY) == "Mo-We,Fr 09:00-12:00"


def test_osm_lists_several_times_of_one_day():
    slots = [slot(TUESDAY, "14:00", "17:00"), slot(TUESDAY, "09:00", "12:00")]
    assert osm_opening_hours(slots, today=TODAY) == "Tu 09:00-12:00,14:00-17:00"


def test_osm_separates_days_with_different_hours():
    slots = [slot(MONDAY, "09:00", "12:00"), slot(THURSDAY, "14:00", "16:30")]
    assert osm_opening_hours(slots, today=TODAY) == "Mo 09:00-12:00; Th 14:00-16:30"


def test_osm_weeks_of_the_month():
    slots = [
        slot(TUESDAY, "14:00", "17:00", weeks_of_month=[1, 3]),
        slot(FRIDAY, "09:00", "12:00", weeks_of_month=[-1]),
    ]
    assert osm_opening_hours(slots, today=TODAY) == "Tu[1,3] 14:00-17:00; Fr[-1] 09:00-12:00"


def test_osm_adds_rather_than_replaces_when_days_may_meet():
    # "Tu 09:00-12:00; Tu[1,3] 14:00-17:00" would close 1st and 3rd Tuesday mornings.
    slots = [
        slot(TUESDAY, "09:00", "12:00"),
        slot(TUESDAY, "14:00", "17:00", weeks_of_month=[1, 3]),
    ]
    assert osm_opening_hours(slots, today=TODAY) == "Tu 09:00-12:00, Tu[1,3] 14:00-17:00"


def test_osm_fourth_and_last_weeks_may_meet():
    slots = [
        slot(FRIDAY, "09:00", "12:00", weeks_of_month=[4]),
        slot(FRIDAY, "14:00", "16:00", weeks_of_month=[-1]),
    ]
    assert osm_opening_hours(slots, today=TODAY) == "Fr[4] 09:00-12:00, Fr[-1] 14:00-16:00"


def test_osm_full_example_with_season_closure_and_holidays():
    slots = [
        slot(MONDAY, "09:00", "12:00"),
        slot(WEDNESDAY, "09:00", "12:00"),
        slot(TUESDAY, "14:00", "17:00", weeks_of_month=[1, 3]),
        slot(
            TUESDAY, "09:00", "12:00", valid_from=date(2026, 11, 24), valid_until=date(2027, 3, 15)
        ),
    ]
    closures = [closure("2026-12-24", "2027-01-02", "Congés")]
    assert osm_opening_hours(slots, closures, Policy.CLOSED, today=TODAY) == (
        "Mo,We 09:00-12:00; Tu[1,3] 14:00-17:00, 2026 Nov 24-2027 Mar 15 Tu 09:00-12:00; "
        "2026 Dec 24-2027 Jan 02 off; PH off"
    )


def test_osm_leaves_out_what_is_over():
    slots = [
        slot(MONDAY, "09:00", "12:00"),
        slot(FRIDAY, "09:00", "12:00", valid_until=date(2026, 10, 31)),
    ]
    closures = [closure("2026-10-01", "2026-10-31"), closure("2026-10-30", "2026-11-02")]
    assert osm_opening_hours(slots, closures, today=TODAY) == (
        "Mo 09:00-12:00; 2026 Oct 30-2026 Nov 02 off"
    )


def test_osm_single_day_closure_and_open_ended_season():
    slots = [slot(SATURDAY, "10:00", "12:00", valid_from=date(2026, 12, 5))]
    closures = [closure("2026-12-26", "2026-12-26")]
    assert osm_opening_hours(slots, closures, today=TODAY) == (
        "2026 Dec 05+ Sa 10:00-12:00; 2026 Dec 26 off"
    )


def test_osm_season_with_only_an_end_starts_today():
    slots = [slot(SATURDAY, "10:00", "12:00", valid_until=date(2027, 3, 27))]
    assert osm_opening_hours(slots, today=TODAY) == "2026 Nov 01-2027 Mar 27 Sa 10:00-12:00"


@pytest.mark.parametrize("policy", [Policy.OPEN, Policy.UNKNOWN])
def test_osm_says_nothing_of_holidays_unless_closed(policy):
    assert osm_opening_hours([slot(MONDAY, "09:00", "12:00")], (), policy, TODAY) == (
        "Mo 09:00-12:00"
    )


def test_osm_is_empty_without_slots():
    assert osm_opening_hours([], [closure("2026-12-24", "2027-01-02")], Policy.CLOSED) == ""


def test_osm_service_closure_belongs_to_that_service_only():
    parcels = slot(MONDAY, "09:00", "12:00", service_id=1)
    meals = slot(MONDAY, "14:00", "17:00", service_id=2)
    parcels_closed = [closure("2026-12-24", "2027-01-02", service_id=1)]
    assert osm_opening_hours([parcels], parcels_closed, today=TODAY) == (
        "Mo 09:00-12:00; 2026 Dec 24-2027 Jan 02 off"
    )
    assert osm_opening_hours([meals], parcels_closed, today=TODAY) == "Mo 14:00-17:00"
    assert osm_opening_hours([parcels, meals], parcels_closed, today=TODAY) == (
        "Mo 09:00-12:00,14:00-17:00; "
        "2026 Dec 24-2027 Jan 02 off, 2026 Dec 24-2027 Jan 02 Mo 14:00-17:00"
    )
