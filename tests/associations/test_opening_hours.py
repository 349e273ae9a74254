"""Opening hours: statuses residents read and slot descriptions, on real dates.

Calendar facts used below (checked with `calendar`): 2026-12-01 and 2026-12-15 are the 1st and 3rd
Tuesdays of December 2026; 2026-01-30 is the 5th and last Friday of January, 2026-02-27 the 4th and
last Friday of February; the clocks change on Sundays 2026-03-29 and 2026-10-25; 2026-05-01 and
2026-12-25 are Fridays, 2026-07-14 a Tuesday, Easter Monday is 2026-04-06.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from associations.models import Association, Closure, OpeningSlot
from associations.opening_hours import (
    Schedule,
    State,
    describe_slot,
    format_time,
    is_last_week_of_month,
    public_holiday,
    slot_applies_on,
    status,
    status_text,
    week_of_month,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
Policy = Association.HolidayPolicy


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


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


def text_at(schedule, moment):
    return status_text(status(schedule, moment), moment)


def hours(intervals):
    return [(start.strftime("%H:%M"), end.strftime("%H:%M")) for start, end in intervals]


# Calendar


def test_public_holidays_have_french_names():
    assert public_holiday(date(2026, 5, 1)) == "Fête du Travail"
    assert public_holiday(date(2026, 4, 6)) == "Lundi de Pâques"
    assert public_holiday(date(2026, 7, 14)) == "Fête nationale"
    assert public_holiday(date(2026, 12, 25)) == "Noël"
    assert public_holiday(date(2026, 5, 2)) is None


def test_public_holidays_are_the_eleven_days_of_metropolitan_france():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    assert len([day for day in days if public_holiday(day)]) == 11
    assert public_holiday(date(2026, 4, 3)) is None  # Good Friday: Alsace-Moselle only
    assert public_holiday(date(2026, 12, 26)) is None


def test_weeks_of_the_month_count_from_the_first_day():
    assert [week_of_month(date(2026, 12, day)) for day in (1, 7, 8, 15, 22, 29)] == [
        1,
        1,
        2,
        3,
        4,
        5,
    ]


def test_last_week_is_when_the_weekday_does_not_come_again():
    assert is_last_week_of_month(date(2026, 1, 30))
    assert is_last_week_of_month(date(2026, 2, 27))
    assert not is_last_week_of_month(date(2026, 1, 23))


def test_first_and_third_tuesday_slot_applies_only_on_those_tuesdays():
    tuesdays = slot(TUESDAY, "14:00", "17:00", weeks_of_month=[1, 3])
    december_tuesdays = [date(2026, 12, day) for day in (1, 8, 15, 22, 29)]
    assert [slot_applies_on(tuesdays, day) for day in december_tuesdays] == [
        True,
        False,
        True,
        False,
        False,
    ]
    assert not slot_applies_on(tuesdays, date(2026, 12, 2))


def test_last_friday_is_the_fifth_in_january_2026():
    last_friday = slot(FRIDAY, "09:00", "12:00", weeks_of_month=[-1])
    assert slot_applies_on(last_friday, date(2026, 1, 30))
    assert not slot_applies_on(last_friday, date(2026, 1, 23))


def test_last_friday_is_the_fourth_in_february_2026():
    last_friday = slot(FRIDAY, "09:00", "12:00", weeks_of_month=[-1])
    fourth_friday = slot(FRIDAY, "09:00", "12:00", weeks_of_month=[4])
    fifth_friday = slot(FRIDAY, "09:00", "12:00", weeks_of_month=[5])
    assert slot_applies_on(last_friday, date(2026, 2, 27))
    assert slot_applies_on(fourth_friday, date(2026, 2, 27))
    assert not any(slot_applies_on(fifth_friday, date(2026, 2, day)) for day in range(1, 29))


def test_seasonal_validity_includes_both_boundaries():
    winter = slot(
        TUESDAY, "09:00", "12:00", valid_from=date(2026, 11, 24), valid_until=date(2027, 3, 16)
    )
    assert not slot_applies_on(winter, date(2026, 11, 17))
    assert slot_applies_on(winter, date(2026, 11, 24))
    assert slot_applies_on(winter, date(2027, 3, 16))
    assert not slot_applies_on(winter, date(2027, 3, 23))


# Open or closed


def test_open_from_opening_time_until_just_before_closing_time():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:00")])
    assert not schedule.is_open_at(at("2026-12-01 08:59"))
    assert schedule.is_open_at(at("2026-12-01 09:00"))
    assert schedule.is_open_at(at("2026-12-01 11:59"))
    assert not schedule.is_open_at(at("2026-12-01 12:00"))
    assert not schedule.is_open_at(at("2026-12-02 10:00"))


def test_moment_in_another_time_zone_is_read_in_paris_time():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:00")])
    assert schedule.is_open_at(datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    assert not schedule.is_open_at(datetime(2026, 12, 1, 11, 30, tzinfo=UTC))


def test_overlapping_and_touching_slots_make_one_interval():
    schedule = Schedule(
        [
            slot(MONDAY, "11:00", "14:00"),
            slot(MONDAY, "09:00", "12:00"),
            slot(MONDAY, "14:00", "15:00"),
            slot(MONDAY, "16:00", "17:00"),
        ]
    )
    assert hours(schedule.intervals_on(date(2026, 11, 30))) == [
        ("09:00", "15:00"),
        ("16:00", "17:00"),
    ]
    assert text_at(schedule, at("2026-11-30 10:00")) == "Ouvert jusqu'à 15 h"


def test_dst_spring_sunday_slot_is_open_in_summer_time():
    schedule = Schedule([slot(SUNDAY, "10:00", "12:00")])
    [(start, end)] = schedule.intervals_on(date(2026, 3, 29))
    assert start == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=2)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert schedule.is_open_at(at("2026-03-29 10:30"))
    assert schedule.is_open_at(datetime(2026, 3, 29, 8, 30, tzinfo=UTC))
    assert not schedule.is_open_at(datetime(2026, 3, 29, 10, 30, tzinfo=UTC))


def test_dst_autumn_sunday_slot_is_open_in_winter_time():
    schedule = Schedule([slot(SUNDAY, "10:00", "12:00")])
    [(start, end)] = schedule.intervals_on(date(2026, 10, 25))
    assert start == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=1)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert schedule.is_open_at(at("2026-10-25 10:30"))
    assert schedule.intervals_on(date(2026, 10, 18))[0][0].utcoffset() == timedelta(hours=2)


def test_slot_across_the_clock_change_lasts_the_real_time():
    night = Schedule([slot(SUNDAY, "01:00", "04:00")])
    [(start, end)] = night.intervals_on(date(2026, 3, 29))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    [(start, end)] = night.intervals_on(date(2026, 10, 25))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=4)


def test_wall_time_skipped_in_spring_opens_when_clocks_jump():
    schedule = Schedule([slot(SUNDAY, "02:30", "04:00")])
    [(start, _end)] = schedule.intervals_on(date(2026, 3, 29))
    assert start == datetime(2026, 3, 29, 3, 0, tzinfo=PARIS)


# What residents read


def test_open_until_closing_time():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:00")])
    assert text_at(schedule, at("2026-12-01 10:00")) == "Ouvert jusqu'à 12 h"


def test_open_until_half_past():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:30")])
    assert text_at(schedule, at("2026-12-01 10:00")) == "Ouvert jusqu'à 12 h 30"


def test_opens_again_this_afternoon():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:00"), slot(TUESDAY, "14:00", "17:00")])
    assert text_at(schedule, at("2026-12-01 12:30")) == "Ouvre aujourd'hui à 14 h"


def test_opens_tomorrow_late_evening_and_today_after_midnight():
    schedule = Schedule([slot(TUESDAY, "09:00", "12:00")])
    assert text_at(schedule, at("2026-11-30 23:59")) == "Ouvre demain à 9 h"
    assert text_at(schedule, at("2026-12-01 00:01")) == "Ouvre aujourd'hui à 9 h"


def test_opening_within_six_days_names_the_weekday():
    schedule = Schedule([slot(THURSDAY, "09:00", "12:00")])
    assert text_at(schedule, at("2026-11-30 10:00")) == "Ouvre jeudi à 9 h"
    assert text_at(schedule, at("2026-11-27 13:00")) == "Ouvre jeudi à 9 h"


def test_opening_a_week_or_more_ahead_gives_the_date():
    schedule = Schedule([slot(THURSDAY, "09:00", "12:00")])
    assert text_at(schedule, at("2026-12-03 13:00")) == "Ouvre le 10 décembre à 9 h"


def test_opening_on_the_first_of_the_month_says_1er():
    schedule = Schedule([slot(TUESDAY, "14:00", "17:00", weeks_of_month=[1])])
    assert text_at(schedule, at("2026-11-20 10:00")) == "Ouvre le 1er décembre à 14 h"


def test_no_slots_means_hours_not_given():
    result = status(Schedule([]), at("2026-12-01 10:00"))
    assert result.state == State.NO_HOURS
    assert status_text(result, at("2026-12-01 10:00")) == "Horaires non communiqués"


def test_no_opening_within_the_horizon_says_closed_for_now():
    next_winter = slot(TUESDAY, "09:00", "12:00", valid_from=date(2026, 11, 24))
    result = status(Schedule([next_winter]), at("2026-06-02 10:00"))
    assert result.state == State.CLOSED
    assert result.next_opening is None
    assert status_text(result, at("2026-06-02 10:00")) == "Fermé pour le moment"


def test_status_open_gives_the_end_of_the_merged_interval():
    schedule = Schedule([slot(MONDAY, "09:00", "12:00"), slot(MONDAY, "11:00", "13:00")])
    result = status(schedule, at("2026-11-30 09:30"))
    assert result.state == State.OPEN
    assert result.until == at("2026-11-30 13:00")


# Exceptional closures


def test_closed_exceptionally_until_the_last_day_with_message_and_reopening():
    schedule = Schedule(
        [slot(MONDAY, "09:00", "12:00")],
        [closure("2026-12-24", "2027-01-03", "Congés de fin d'année")],
    )
    moment = at("2026-12-28 10:00")
    result = status(schedule, moment)
    assert result.state == State.CLOSED_EXCEPTIONALLY
    assert result.closure.message == "Congés de fin d'année"
    assert result.closed_until == date(2027, 1, 3)
    assert result.next_opening == at("2027-01-04 09:00")
    assert status_text(result, moment) == "Fermé exceptionnellement jusqu'au 3 janvier"


def test_closure_starting_tomorrow_leaves_today_open():
    schedule = Schedule(
        [slot(MONDAY, "09:00", "12:00"), slot(TUESDAY, "09:00", "12:00")],
        [closure("2026-12-01", "2026-12-02", "Inventaire")],
    )
    assert text_at(schedule, at("2026-11-30 10:00")) == "Ouvert jusqu'à 12 h"
    assert (
        text_at(schedule, at("2026-12-01 10:00")) == "Fermé exceptionnellement jusqu'au 2 décembre"
    )


def test_next_opening_skips_a_closure():
    schedule = Schedule(
        [slot(MONDAY, "09:00", "12:00"), slot(TUESDAY, "09:00", "12:00")],
        [closure("2026-12-01", "2026-12-02")],
    )
    assert schedule.next_opening(at("2026-11-30 13:00")) == at("2026-12-07 09:00")
    assert text_at(schedule, at("2026-11-30 13:00")) == "Ouvre le 7 décembre à 9 h"


def test_closure_ending_today_says_today():
    schedule = Schedule([slot(MONDAY, "09:00", "12:00")], [closure("2026-11-28", "2026-11-30")])
    assert text_at(schedule, at("2026-11-30 10:00")) == "Fermé exceptionnellement aujourd'hui"


def test_back_to_back_closures_read_as_one():
    schedule = Schedule(
        [slot(MONDAY, "09:00", "12:00")],
        [closure("2026-12-21", "2026-12-31"), closure("2027-01-01", "2027-01-10")],
    )
    result = status(schedule, at("2026-12-28 10:00"))
    assert result.closed_until == date(2027, 1, 10)
    assert result.next_opening == at("2027-01-11 09:00")


def test_service_closure_does_not_close_other_services():
    parcels = slot(MONDAY, "09:00", "12:00", service_id=1)
    meals = slot(MONDAY, "14:00", "17:00", service_id=2)
    parcels_closed = closure("2026-11-30", "2026-11-30", service_id=1)
    association = Schedule([parcels, meals], [parcels_closed])
    assert not association.is_open_at(at("2026-11-30 10:00"))
    assert association.is_open_at(at("2026-11-30 15:00"))
    assert status(association, at("2026-11-30 10:00")).state == State.CLOSED
    assert text_at(association, at("2026-11-30 10:00")) == "Ouvre aujourd'hui à 14 h"
    assert status(Schedule([meals], [parcels_closed]), at("2026-11-30 15:00")).state == State.OPEN
    assert (
        status(Schedule([parcels], [parcels_closed]), at("2026-11-30 10:00")).state
        == State.CLOSED_EXCEPTIONALLY
    )


# Public holidays


@pytest.mark.parametrize(
    ("weekday", "moment"),
    [
        (FRIDAY, "2026-05-01 10:00"),
        (MONDAY, "2026-04-06 10:00"),
        (TUESDAY, "2026-07-14 10:00"),
        (FRIDAY, "2026-12-25 10:00"),
    ],
)
@pytest.mark.parametrize(
    ("policy", "is_open"),
    [(Policy.CLOSED, False), (Policy.OPEN, True), (Policy.UNKNOWN, True)],
)
def test_public_holiday_follows_the_policy(weekday, moment, policy, is_open):
    schedule = Schedule([slot(weekday, "09:00", "12:00")], holiday_policy=policy)
    assert schedule.is_open_at(at(moment)) is is_open


def test_labour_day_closed_reopens_after_victory_day_too():
    schedule = Schedule([slot(FRIDAY, "09:00", "12:00")], holiday_policy=Policy.CLOSED)
    assert text_at(schedule, at("2026-05-01 10:00")) == "Ouvre le 15 mai à 9 h"


def test_unknown_policy_flags_the_holiday_when_open():
    schedule = Schedule([slot(FRIDAY, "09:00", "12:00")], holiday_policy=Policy.UNKNOWN)
    result = status(schedule, at("2026-05-01 10:00"))
    assert result.unconfirmed_holiday == "Fête du Travail"
    assert (
        status_text(result, at("2026-05-01 10:00"))
        == "Ouvert jusqu'à 12 h (jour férié : horaires à confirmer)"
    )


def test_unknown_policy_flags_a_next_opening_on_a_holiday():
    schedule = Schedule([slot(MONDAY, "09:00", "12:00")], holiday_policy=Policy.UNKNOWN)
    assert (
        text_at(schedule, at("2026-04-05 18:00"))
        == "Ouvre demain à 9 h (jour férié : horaires à confirmer)"
    )


def test_open_policy_does_not_flag_holidays():
    schedule = Schedule([slot(FRIDAY, "09:00", "12:00")], holiday_policy=Policy.OPEN)
    assert status(schedule, at("2026-05-01 10:00")).unconfirmed_holiday is None


# Describing slots


def test_describe_weekly_slot():
    assert describe_slot(slot(TUESDAY, "09:00", "12:00")) == "Mardi, de 9 h à 12 h"


def test_describe_first_and_third_tuesday():
    tuesdays = slot(TUESDAY, "14:00", "17:00", weeks_of_month=[3, 1])
    assert describe_slot(tuesdays) == "1er et 3e mardi du mois, de 14 h à 17 h"


def test_describe_last_friday():
    last_friday = slot(FRIDAY, "09:00", "12:30", weeks_of_month=[-1])
    assert describe_slot(last_friday) == "Dernier vendredi du mois, de 9 h à 12 h 30"


def test_describe_second_fourth_and_last_thursday():
    thursdays = slot(THURSDAY, "09:00", "12:00", weeks_of_month=[-1, 4, 2])
    assert describe_slot(thursdays) == "2e, 4e et dernier jeudi du mois, de 9 h à 12 h"


def test_describe_seasonal_slot():
    winter = slot(
        TUESDAY, "09:00", "12:00", valid_from=date(2026, 11, 24), valid_until=date(2027, 3, 15)
    )
    assert describe_slot(winter) == "Mardi, de 9 h à 12 h, du 24 novembre 2026 au 15 mars 2027"


def test_describe_slot_valid_from_a_date():
    from_december = slot(SATURDAY, "10:00", "11:45", valid_from=date(2026, 12, 1))
    assert (
        describe_slot(from_december) == "Samedi, de 10 h à 11 h 45, à partir du 1er décembre 2026"
    )


def test_format_time_has_no_leading_zero():
    assert [format_time(time(9)), format_time(time(9, 5)), format_time(time(12))] == [
        "9 h",
        "9 h 05",
        "12 h",
    ]


# Properties

minutes = st.integers(min_value=0, max_value=23 * 60 + 58)
instants = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31)),
    st.sampled_from([datetime(2026, 3, 29), datetime(2026, 10, 25)]).flatmap(
        lambda day: st.integers(0, 24 * 60 - 1).map(lambda n: day + timedelta(minutes=n))
    ),
).map(lambda naive: naive.replace(tzinfo=UTC).astimezone(PARIS))


@st.composite
def slots(draw):
    opens = draw(minutes)
    closes = draw(st.integers(min_value=opens + 1, max_value=23 * 60 + 59))
    start = draw(st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    end = draw(st.none() | st.dates(start or date(2026, 1, 1), date(2027, 12, 31)))
    return OpeningSlot(
        weekday=draw(st.integers(0, 6)),
        opens_at=time(opens // 60, opens % 60),
        closes_at=time(closes // 60, closes % 60),
        weeks_of_month=draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), unique=True)),
        valid_from=start,
        valid_until=end,
        service_id=draw(st.sampled_from([1, 2])),
    )


@st.composite
def closures(draw):
    start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    return Closure(
        starts_on=start,
        ends_on=start + timedelta(days=draw(st.integers(0, 30))),
        service_id=draw(st.sampled_from([None, 1, 2])),
    )


schedules = st.builds(
    Schedule,
    st.lists(slots(), max_size=5),
    st.lists(closures(), max_size=3),
    st.sampled_from(list(Policy)),
)


@settings(max_examples=150, deadline=None)
@given(schedules, instants)
def test_open_exactly_within_an_interval_of_the_day(schedule, moment):
    intervals = schedule.intervals_on(moment.date())
    instant = moment.astimezone(UTC)
    inside = any(start.astimezone(UTC) <= instant < end.astimezone(UTC) for start, end in intervals)
    assert schedule.is_open_at(moment) is inside


@settings(max_examples=300, deadline=None)
@given(schedules, instants)
def test_opens_on_says_whether_the_day_has_an_opening(schedule, moment):
    assert schedule.opens_on(moment.date()) is bool(schedule.intervals_on(moment.date()))


@settings(max_examples=150, deadline=None)
@given(schedules, instants)
def test_intervals_are_sorted_separate_and_within_the_day(schedule, moment):
    day = moment.date()
    midnight = datetime.combine(day, time.min, tzinfo=PARIS).astimezone(UTC)
    next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)
    bounds = [
        (start.astimezone(UTC), end.astimezone(UTC)) for start, end in schedule.intervals_on(day)
    ]
    for start, end in bounds:
        assert midnight <= start < end <= next_midnight.astimezone(UTC)
    for (_, end), (next_start, _) in zip(bounds, bounds[1:], strict=False):
        assert end < next_start


@settings(max_examples=100, deadline=None)
@given(schedules, instants)
def test_next_opening_is_the_first_open_instant(schedule, moment):
    opening = schedule.next_opening(moment, horizon_days=40)
    if opening is None:
        candidates = [moment]
        last_day = moment.date() + timedelta(days=40)
    else:
        assert opening.astimezone(UTC) >= moment.astimezone(UTC)
        assert schedule.is_open_at(opening)
        candidates = [moment] if opening != moment else []
        last_day = opening.date()
    # Whatever opens first opens at a slot's opening time, so checking those is enough.
    day = moment.date()
    while day <= last_day:
        candidates += [datetime.combine(day, s.opens_at, tzinfo=PARIS) for s in schedule.slots]
        day += timedelta(days=1)
    # Datetimes sharing a tzinfo compare by wall time: compare instants in UTC.
    start = moment.astimezone(UTC)
    end = opening.astimezone(UTC) if opening else None
    for candidate in candidates:
        if start <= candidate.astimezone(UTC) and (end is None or candidate.astimezone(UTC) < end):
            assert not schedule.is_open_at(candidate)


@settings(max_examples=150, deadline=None)
@given(schedules, instants)
def test_status_is_open_exactly_when_open(schedule, moment):
    result = status(schedule, moment)
    assert (result.state == State.OPEN) is schedule.is_open_at(moment)
    if result.state == State.CLOSED:
        assert result.next_opening == schedule.next_opening(moment)
    assert status_text(result, moment)
