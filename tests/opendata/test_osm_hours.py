"""OpenStreetMap opening_hours: the strings the exports write and what the imports read of them."""

from collections import Counter, defaultdict
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from associations.models import Association, Closure, OpeningSlot
from associations.opening_hours import merge_spans
from opendata.osm_hours import Hours, osm_opening_hours, parse

from ..associations.test_opening_hours import closure, slot

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
Policy = Association.HolidayPolicy
TODAY = date(2026, 11, 1)


# Writing


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


# Reading


def test_reading_refuses_a_rule_that_would_replace_earlier_hours():
    with pytest.raises(ValueError, match="remplacerait des horaires déjà donnés"):
        parse("Tu 09:00-12:00; Tu[1,3] 14:00-17:00")


def test_reading_refuses_a_last_week_rule_replacing_a_fourth_week_one():
    with pytest.raises(ValueError, match="remplacerait des horaires déjà donnés"):
        parse("Fr[4] 09:00-12:00; Fr[-1] 14:00-16:00")


def test_reading_adds_an_additional_rule_to_earlier_hours():
    hours = parse("Tu 09:00-12:00, Tu[1,3] 14:00-17:00")
    assert [(slot["opens_at"], slot["weeks_of_month"]) for slot in hours.slots] == [
        (time(9), []),
        (time(14), [1, 3]),
    ]


# Writing then reading

# The imports read one service's hours; an association's, where one service's closure is written
# as "off" followed by the hours of the services that stay open, are not read back.
SERVICE = 1


@st.composite
def slots(draw):
    opens = draw(st.integers(0, 23 * 60 + 58))
    closes = draw(st.integers(opens + 1, 23 * 60 + 59))
    valid_from = draw(st.none() | st.integers(-60, 400))
    valid_until = draw(st.none() | st.integers(-60 if valid_from is None else valid_from, 400))
    return OpeningSlot(
        service_id=SERVICE,
        weekday=draw(st.integers(0, 6)),
        opens_at=time(opens // 60, opens % 60),
        closes_at=time(closes // 60, closes % 60),
        weeks_of_month=draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), unique=True)),
        valid_from=None if valid_from is None else TODAY + timedelta(days=valid_from),
        valid_until=None if valid_until is None else TODAY + timedelta(days=valid_until),
    )


@st.composite
def closures(draw):
    start = TODAY + timedelta(days=draw(st.integers(-40, 400)))
    return Closure(
        # Another service's closures close nothing here, and are left out.
        service_id=draw(st.sampled_from([None, SERVICE, SERVICE + 1])),
        starts_on=start,
        ends_on=start + timedelta(days=draw(st.integers(0, 30))),
    )


def _written_slots(slots):
    """What the writer says of ``slots`` on TODAY: those not over, a validity with only an end
    starting TODAY, and the hours of one day with the same weeks and validity merged."""
    spans = defaultdict(list)
    for written in slots:
        if written.valid_until and written.valid_until < TODAY:
            continue
        valid_from = written.valid_from or (TODAY if written.valid_until else None)
        weeks = frozenset(written.weeks_of_month)
        spans[(written.weekday, weeks, valid_from, written.valid_until)].append(
            (written.opens_at, written.closes_at)
        )
    return Counter(
        (*rule, opens, closes)
        for rule, times in spans.items()
        for opens, closes in merge_spans(times)
    )


def _written_closures(closures):
    """The runs of consecutive days from TODAY's closures on which the service is closed."""
    days = sorted(
        {
            closure.starts_on + timedelta(days=offset)
            for closure in closures
            if closure.service_id in (None, SERVICE) and closure.ends_on >= TODAY
            for offset in range((closure.ends_on - closure.starts_on).days + 1)
        }
    )
    runs = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _read_slots(hours):
    return Counter(
        (
            slot["weekday"],
            frozenset(slot["weeks_of_month"]),
            slot["valid_from"],
            slot["valid_until"],
            slot["opens_at"],
            slot["closes_at"],
        )
        for slot in hours.slots
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(slots(), max_size=6),
    st.lists(closures(), max_size=4),
    st.sampled_from(list(Policy)),
)
def test_what_is_written_reads_back_to_the_same_slots_and_closures(slots, closures, policy):
    value = osm_opening_hours(slots, closures, policy, TODAY)
    hours = parse(value)
    expected_slots = _written_slots(slots)
    if not expected_slots:
        assert hours == Hours()
        return
    assert _read_slots(hours) == expected_slots
    assert hours.closures == _written_closures(closures)
    assert hours.holidays_closed is (policy == Policy.CLOSED)
