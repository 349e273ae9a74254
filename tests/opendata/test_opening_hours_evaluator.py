"""The exported OSM opening_hours strings, read by an independent evaluator (opening-hours-py),
must say open exactly when our own ``Schedule.is_open_at`` does."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import opening_hours as osm  # opening-hours-py, not associations.opening_hours
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from associations.opening_hours import Schedule
from opendata.osm_hours import osm_opening_hours

PARIS = ZoneInfo("Europe/Paris")
# A year with both clock changes and every kind of public holiday ahead.
TODAY = datetime.date(2026, 3, 1)
HORIZON_DAYS = 400
WEEKS = [1, 2, 3, 4, 5, -1]
SERVICES = [1, 2]
# Clock changes, French public holidays, and days some regions only keep as holidays.
NOTABLE_DAYS = [
    datetime.date(2026, 3, 29),
    datetime.date(2026, 10, 25),
    datetime.date(2027, 3, 28),
    datetime.date(2026, 4, 3),
    datetime.date(2026, 4, 6),
    datetime.date(2026, 5, 1),
    datetime.date(2026, 5, 8),
    datetime.date(2026, 5, 14),
    datetime.date(2026, 5, 25),
    datetime.date(2026, 7, 14),
    datetime.date(2026, 8, 15),
    datetime.date(2026, 11, 1),
    datetime.date(2026, 11, 11),
    datetime.date(2026, 12, 25),
    datetime.date(2026, 12, 26),
    datetime.date(2027, 1, 1),
]


def _time(minute):
    return datetime.time(minute // 60, minute % 60)


@st.composite
def slots(draw):
    opens = draw(st.integers(0, 23 * 60 + 58))
    closes = draw(st.integers(opens + 1, 23 * 60 + 59))
    valid_from = draw(st.none() | st.integers(-30, HORIZON_DAYS))
    valid_until = draw(st.none() | st.integers(valid_from or -30, HORIZON_DAYS))
    return SimpleNamespace(
        service_id=draw(st.sampled_from(SERVICES)),
        weekday=draw(st.integers(0, 6)),
        opens_at=_time(opens),
        closes_at=_time(closes),
        weeks_of_month=draw(st.lists(st.sampled_from(WEEKS), max_size=3, unique=True)),
        valid_from=None if valid_from is None else TODAY + datetime.timedelta(days=valid_from),
        valid_until=None if valid_until is None else TODAY + datetime.timedelta(days=valid_until),
    )


@st.composite
def closures(draw):
    start = draw(st.integers(-20, HORIZON_DAYS))
    return SimpleNamespace(
        service_id=draw(st.none() | st.sampled_from(SERVICES)),
        starts_on=TODAY + datetime.timedelta(days=start),
        ends_on=TODAY + datetime.timedelta(days=start + draw(st.integers(0, 20))),
    )


@st.composite
def schedules(draw):
    return Schedule(
        slots=draw(st.lists(slots(), min_size=1, max_size=5)),
        closures=draw(st.lists(closures(), max_size=3)),
        holiday_policy=draw(st.sampled_from(["closed", "open", "unknown"])),
    )


@st.composite
def instants(draw, schedule):
    """Local instants from TODAY on, often at a slot's edges, on holidays or at clock changes."""
    day = draw(
        st.integers(0, HORIZON_DAYS).map(lambda days: TODAY + datetime.timedelta(days=days))
        | st.sampled_from(NOTABLE_DAYS)
    )
    edges = [
        time.hour * 60 + time.minute + delta
        for slot in schedule.slots
        for time in (slot.opens_at, slot.closes_at)
        for delta in (-1, 0, 1)
    ]
    minute = draw(st.integers(0, 1439) | st.sampled_from(edges) | st.sampled_from([120, 150, 180]))
    minute = min(max(minute, 0), 1439)
    fold = draw(st.sampled_from([0, 1]))
    wall = datetime.datetime.combine(day, _time(minute), tzinfo=PARIS).replace(fold=fold)
    # Through UTC: a wall time the spring change skips becomes a real instant.
    return wall.astimezone(datetime.UTC).astimezone(PARIS)


def _evaluator(schedule):
    value = osm_opening_hours(schedule.slots, schedule.closures, schedule.holiday_policy, TODAY)
    # No slot left from TODAY on: nothing to export, and never open.
    return value, osm.OpeningHours(value or "closed", timezone=PARIS, country="FR")


def _timeline(evaluator):
    """The evaluator's open intervals over the horizon, as UTC pairs.

    Its ``intervals`` place a wall time the autumn change repeats at one instant; its
    ``is_open`` reads the wall time alone, so it says open at both (see the test below): the
    timeline is the reference, ``is_open`` a second opinion away from that hour.
    """
    start = datetime.datetime.combine(TODAY, datetime.time.min, tzinfo=PARIS)
    end = start + datetime.timedelta(days=HORIZON_DAYS + 400)
    return [
        (opens.astimezone(datetime.UTC), closes.astimezone(datetime.UTC))
        for opens, closes, state, _comment in evaluator.intervals(start, end)
        if state == osm.State.OPEN
    ]


def _open_in(timeline, moment):
    instant = moment.astimezone(datetime.UTC)
    return any(opens <= instant < closes for opens, closes in timeline)


def _ambiguous(moment):
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), schedule=schedules())
def test_exported_hours_mean_what_the_site_says(data, schedule):
    value, evaluator = _evaluator(schedule)
    timeline = _timeline(evaluator)
    for _ in range(25):
        moment = data.draw(instants(schedule))
        ours = schedule.is_open_at(moment)
        theirs = _open_in(timeline, moment)
        assert ours == theirs, f"{value!r} at {moment.isoformat()}: ours {ours}, OSM {theirs}"
        if not _ambiguous(moment):
            assert evaluator.is_open(moment) == theirs, f"{value!r} at {moment.isoformat()}"


@settings(max_examples=200, deadline=None)
@given(schedule=schedules())
def test_exported_hours_are_valid_osm(schedule):
    value, evaluator = _evaluator(schedule)
    assume(value)
    assert osm.validate(value)
    assert evaluator.warnings == []


def test_the_evaluator_reads_the_repeated_autumn_hour_by_wall_time():
    """Why the timeline is the reference: at 02:15 summer time on the night clocks go back,
    opening-hours-py's is_open says open while its own intervals (and we) open at 02:15 winter
    time, the second time clocks show 02:15 (``associations.opening_hours._instant``)."""
    evaluator = osm.OpeningHours("Su 02:15-02:45", timezone=PARIS, country="FR")
    first = datetime.datetime(2026, 10, 25, 0, 15, tzinfo=datetime.UTC).astimezone(PARIS)
    second = datetime.datetime(2026, 10, 25, 1, 15, tzinfo=datetime.UTC).astimezone(PARIS)
    timeline = _timeline(evaluator)
    assert not _open_in(timeline, first)
    assert _open_in(timeline, second)
    assert evaluator.is_open(first)
