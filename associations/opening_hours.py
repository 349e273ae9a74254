"""When an association, or one of its services, is open: all the opening-hours rules in one place.

Everything is computed in Europe/Paris local time (``settings.TIME_ZONE``) from model instances
already in memory: opening slots, exceptional closures and the association's holiday policy. Nothing
here queries the database, so callers prefetch, and unsaved instances work as well.

The same rules give the status residents read ("Ouvert jusqu'à 12 h", "Ouvre demain à 9 h") and the
plain-French description of each slot ("1er et 3e mardi du mois, de 14 h à 17 h"); the
OpenStreetMap ``opening_hours`` strings of the exports (``opendata.osm_hours``) must mean exactly
what ``Schedule.is_open_at`` says.

A closure with a ``service_id`` closes only the slots of that service; a closure without one closes
every slot. Intervals are half-open: a slot from 9 h to 12 h is open at 11:59, closed at 12:00.
"""

import enum
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import holidays
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst, get_text_list
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from .punctuation import join

# Values of Association.HolidayPolicy, spelled out because models.py imports this module.
HOLIDAYS_CLOSED = "closed"
HOLIDAYS_UNKNOWN = "unknown"

LAST_WEEK = -1

# What the rules read of an opening slot: an OpeningSlot, or a row of these fields.
SLOT_FIELDS = [
    "service_id",
    "weekday",
    "opens_at",
    "closes_at",
    "weeks_of_month",
    "valid_from",
    "valid_until",
]

WEEK_ORDINALS = {
    1: pgettext_lazy("nth weekday of the month", "1er"),
    2: pgettext_lazy("nth weekday of the month", "2e"),
    3: pgettext_lazy("nth weekday of the month", "3e"),
    4: pgettext_lazy("nth weekday of the month", "4e"),
    5: pgettext_lazy("nth weekday of the month", "5e"),
    LAST_WEEK: pgettext_lazy("nth weekday of the month", "dernier"),
}


# Calendar


@functools.cache
def _french_public_holidays(year):
    # The language is explicit because the package otherwise follows the process locale.
    return dict(holidays.France(years=year, language="fr"))


def public_holiday(day):
    """The name of the French public holiday on ``day`` ("Fête du Travail"), or None."""
    return _french_public_holidays(day.year).get(day)


def clocks_change_on(day):
    """Whether Paris clocks go forward or back on the local date ``day``."""
    tz = timezone.get_default_timezone()
    midnight = datetime.combine(day, time.min, tzinfo=tz)
    next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return midnight.utcoffset() != next_midnight.utcoffset()


def week_of_month(day):
    """1 for days 1–7, 2 for days 8–14…: the 2nd Tuesday of a month is the Tuesday of week 2."""
    return (day.day - 1) // 7 + 1


def is_last_week_of_month(day):
    """True when the same weekday does not come again this month."""
    return (day + timedelta(days=7)).month != day.month


def week_order(week):
    """1st, 2nd… then the last week."""
    return (week == LAST_WEEK, week)


def slot_applies_on(slot, day):
    """Whether ``slot`` opens on the local date ``day``: weekday, weeks of the month, validity."""
    if day.weekday() != slot.weekday:
        return False
    if slot.valid_from and day < slot.valid_from:
        return False
    if slot.valid_until and day > slot.valid_until:
        return False
    weeks = slot.weeks_of_month
    if not weeks:
        return True
    return week_of_month(day) in weeks or (LAST_WEEK in weeks and is_last_week_of_month(day))


def closes_slot(closure, slot):
    """Whether ``closure`` closes ``slot``: it closes every service, or the slot's."""
    return closure.service_id is None or closure.service_id == slot.service_id


def in_effect(closure, day):
    """Whether ``closure`` covers the local date ``day`` (both its first and last days)."""
    return closure.starts_on <= day <= closure.ends_on


def merge_spans(spans):
    """Sorted (start, end) pairs with overlapping or touching ones joined."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _instant(day, wall_time):
    """The UTC instant when Paris clocks show ``wall_time`` on ``day``.

    As OSM opening_hours evaluators read them: a wall time the autumn change repeats is its second
    occurrence, and one the spring change skips is the instant of the change (clocks jump from
    2:00 to 3:00, so "2:30" comes at 3:00).
    """
    tz = timezone.get_default_timezone()
    wall = datetime.combine(day, wall_time, tzinfo=tz).replace(fold=1)
    instant = wall.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None):
        instant = _offset_change(instant, wall.replace(fold=0).astimezone(UTC))
    return instant


def _offset_change(before, after):
    """The first second from ``before`` to ``after`` in the new UTC offset: a clock change."""
    tz = timezone.get_default_timezone()
    old_offset = before.astimezone(tz).utcoffset()
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == old_offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone())


# Schedules


class Schedule:
    """The opening hours of a service, or of a whole association (the union of its services').

    ``slots`` and ``closures`` are OpeningSlot and Closure instances (or anything with the same
    attributes), ``holiday_policy`` an Association.HolidayPolicy value.
    """

    def __init__(self, slots, closures=(), holiday_policy=HOLIDAYS_UNKNOWN):
        self.slots = tuple(slots)
        self.closures = tuple(closures)
        self.holiday_policy = holiday_policy

    def intervals_on(self, day):
        """The openings of the local date ``day``: sorted, merged (start, end) aware datetimes.

        Empty when the day is closed by a closure or, under the "closed" policy, a public holiday.
        Compare or subtract them in UTC: Python compares datetimes sharing a tzinfo by wall time.
        """
        if self.holiday_policy == HOLIDAYS_CLOSED and public_holiday(day):
            return []
        closures = [closure for closure in self.closures if in_effect(closure, day)]
        spans = [
            (_instant(day, slot.opens_at), _instant(day, slot.closes_at))
            for slot in self.slots
            if slot_applies_on(slot, day)
            and not any(closes_slot(closure, slot) for closure in closures)
        ]
        # A slot inside the hour skipped in spring lasts no time at all.
        return [(_local(start), _local(end)) for start, end in merge_spans(spans) if start < end]

    def opens_on(self, day):
        """Whether ``intervals_on(day)`` holds an opening, without building them: the "open
        today" list asks it of every association with a slot on that weekday."""
        if self.holiday_policy == HOLIDAYS_CLOSED and public_holiday(day):
            return False
        closures = [closure for closure in self.closures if in_effect(closure, day)]
        return any(
            slot_applies_on(slot, day)
            and not any(closes_slot(closure, slot) for closure in closures)
            and _instant(day, slot.opens_at) < _instant(day, slot.closes_at)
            for slot in self.slots
        )

    def current_interval(self, moment):
        """The merged (start, end) interval containing ``moment``, or None when closed."""
        instant = moment.astimezone(UTC)
        for start, end in self.intervals_on(_local(moment).date()):
            if start.astimezone(UTC) <= instant < end.astimezone(UTC):
                return start, end
        return None

    def is_open_at(self, moment):
        """Whether it is open at the aware datetime ``moment``."""
        return self.current_interval(moment) is not None

    def intervals_from(self, moment, horizon_days=62):
        """The openings still to come from ``moment`` (an aware datetime) to the end of the
        ``horizon_days``-th day after it, in order: (start, end) as ``intervals_on`` gives them.
        One that ended before ``moment`` is left out; the first may be in progress (its start
        before ``moment``)."""
        instant = moment.astimezone(UTC)
        first_day = _local(moment).date()
        for offset in range(horizon_days + 1):
            for start, end in self.intervals_on(first_day + timedelta(days=offset)):
                if end.astimezone(UTC) > instant:
                    yield start, end

    def next_interval(self, moment, horizon_days=62):
        """The opening in progress at ``moment``, or else the next one; None when nothing opens
        before the end of the ``horizon_days``-th day after ``moment``."""
        return next(self.intervals_from(moment, horizon_days), None)

    def next_opening(self, moment, horizon_days=62):
        """The first instant from ``moment`` on when it is open (``moment`` itself when open).

        None when nothing opens before the end of the ``horizon_days``-th day after ``moment``.
        """
        interval = self.next_interval(moment, horizon_days)
        if interval is None:
            return None
        start = interval[0]
        return start if start.astimezone(UTC) > moment.astimezone(UTC) else _local(moment)

    def reopening(self, closure, horizon_days=62):
        """When it opens again after ``closure``: the first opening from the day after its last
        day on, past the other closures and the public holidays it keeps closed on; None when
        nothing opens within ``horizon_days`` days."""
        return self.next_opening(
            _instant(closure.ends_on + timedelta(days=1), time.min), horizon_days
        )

    def current_closure(self, day):
        """The exceptional closure that shuts everything on ``day`` (the longest if several)."""
        closing = [
            closure
            for closure in self.closures
            if in_effect(closure, day) and self._closes_everything(closure)
        ]
        return max(closing, key=lambda closure: closure.ends_on, default=None)

    def closed_until(self, day):
        """The last day of the closures that shut everything from ``day`` on, back to back."""
        last_day = None
        while closure := self.current_closure(day):
            last_day = closure.ends_on
            day = last_day + timedelta(days=1)
        return last_day

    def _closes_everything(self, closure):
        if closure.service_id is None:
            return True
        return bool(self.slots) and all(closes_slot(closure, slot) for slot in self.slots)


# Status


class State(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CLOSED_EXCEPTIONALLY = "closed_exceptionally"
    NO_HOURS = "no_hours"


@dataclass(frozen=True)
class Status:
    """Where things stand at one moment; ``status_text`` says it in French.

    - ``until``: OPEN, the end of the current opening;
    - ``next_opening``: CLOSED and CLOSED_EXCEPTIONALLY, None if nothing within the horizon;
    - ``closure`` and ``closed_until``: CLOSED_EXCEPTIONALLY, the closure in effect (for its
      message) and the last day closed, back-to-back closures included;
    - ``unconfirmed_holiday``: the public holiday on the day of the opening the status talks about
      (today when OPEN, the next opening's day when CLOSED), if the association has not said
      whether it opens on public holidays.
    """

    state: State
    until: datetime | None = None
    next_opening: datetime | None = None
    closure: object | None = None
    closed_until: date | None = None
    unconfirmed_holiday: str | None = None


def status(schedule, moment=None):
    """The Status of ``schedule`` at ``moment`` (an aware datetime, now by default)."""
    moment = _local(moment or timezone.now())
    today = moment.date()
    closure = schedule.current_closure(today)
    if closure:
        closed_until = schedule.closed_until(today)
        reopening_day = _instant(closed_until + timedelta(days=1), time.min)
        return Status(
            State.CLOSED_EXCEPTIONALLY,
            next_opening=schedule.next_opening(reopening_day),
            closure=closure,
            closed_until=closed_until,
        )
    if not schedule.slots:
        return Status(State.NO_HOURS)
    interval = schedule.current_interval(moment)
    if interval:
        return Status(
            State.OPEN,
            until=interval[1],
            unconfirmed_holiday=_unconfirmed_holiday(schedule, today),
        )
    next_opening = schedule.next_opening(moment)
    if next_opening is None:
        return Status(State.CLOSED)
    return Status(
        State.CLOSED,
        next_opening=next_opening,
        unconfirmed_holiday=_unconfirmed_holiday(schedule, next_opening.date()),
    )


def _unconfirmed_holiday(schedule, day):
    if schedule.holiday_policy == HOLIDAYS_UNKNOWN:
        return public_holiday(day)
    return None


def status_text(status, moment=None):
    """The status in a few French words: "Ouvert jusqu'à 12 h", "Ouvre demain à 9 h"…

    ``moment`` is the one the status was computed for: it tells what "today" is.
    """
    today = _local(moment or timezone.now()).date()
    if status.state == State.NO_HOURS:
        return _("Horaires non communiqués")
    if status.state == State.CLOSED_EXCEPTIONALLY:
        if status.closed_until == today:
            return _("Fermé exceptionnellement aujourd'hui")
        return _("Fermé exceptionnellement jusqu'au %(date)s") % {
            "date": _format_date(status.closed_until, today)
        }
    if status.state == State.OPEN:
        text = _("Ouvert jusqu'à %(time)s") % {"time": format_time(_local(status.until))}
    elif status.next_opening is None:
        text = _("Fermé pour le moment")
    else:
        text = _opening_text(_local(status.next_opening), today)
    if status.unconfirmed_holiday:
        text = _("%(status)s (jour férié : horaires à confirmer)") % {"status": text}
    return text


def _opening_text(opening, today):
    values = {"time": format_time(opening)}
    days_ahead = (opening.date() - today).days
    if days_ahead == 0:
        return _("Ouvre aujourd'hui à %(time)s") % values
    if days_ahead == 1:
        return _("Ouvre demain à %(time)s") % values
    # Up to 6 days ahead the weekday is unambiguous; a week ahead it would read as today.
    if days_ahead < 7:
        return _("Ouvre %(weekday)s à %(time)s") % {
            **values,
            "weekday": WEEKDAYS[opening.weekday()],
        }
    return _("Ouvre le %(date)s à %(time)s") % {
        **values,
        "date": _format_date(opening.date(), today),
    }


# Words


def format_time(value):
    """A time of day in French style: "9 h", "9 h 30", "12 h" (a time or a local datetime)."""
    if value.minute:
        return _("%(hour)d h %(minute)02d") % {"hour": value.hour, "minute": value.minute}
    return _("%(hour)d h") % {"hour": value.hour}


def format_intervals(intervals):
    """A day's openings in a few words: "9 h – 12 h, 14 h – 17 h" (from ``intervals_on``)."""
    return join(
        _("%(opens)s – %(closes)s")
        % {"opens": format_time(_local(start)), "closes": format_time(_local(end))}
        for start, end in intervals
    )


def long_date(day, with_weekday=False):
    """ "1er octobre 2026", "jeudi 1er octobre 2026": French writes the first day of a month as an
    ordinal; English "1 October 2026"."""
    text = date_format(day, "l j F Y" if with_weekday else "j F Y")
    if day.day == 1 and (get_language() or "fr").startswith("fr"):
        text = text.replace(" 1 ", " 1er ", 1) if with_weekday else "1er" + text[1:]
    return text


def _format_date(day, today=None):
    """ "3 janvier", "1er mars"; with the year when ``today`` is not given or is far from ``day``."""
    day_number = pgettext("first day of the month", "1er") if day.day == 1 else str(day.day)
    values = {"day": day_number, "month": MONTHS[day.month], "year": day.year}
    if today is not None and abs((day - today).days) < 183:
        return _("%(day)s %(month)s") % values
    return _("%(day)s %(month)s %(year)d") % values


def describe_slot(slot):
    """The slot's rule in plain French: "1er et 3e mardi du mois, de 14 h à 17 h"."""
    return _describe_slot(
        slot.weekday,
        tuple(sorted(set(slot.weeks_of_month or ()), key=week_order)),
        slot.opens_at,
        slot.closes_at,
        slot.valid_from,
        slot.valid_until,
        get_language(),
    )


# Most slots of a directory share their hours: the exports describe tens of thousands of slots
# with a few hundred different texts, each made of a dozen translated pieces.
@functools.lru_cache(maxsize=4096)
def _describe_slot(weekday, weeks, opens_at, closes_at, valid_from, valid_until, language):
    weekday = WEEKDAYS[weekday]
    if weeks:
        ordinals = get_text_list([str(WEEK_ORDINALS[week]) for week in weeks], _("et"))
        weekday = _("%(weeks)s %(weekday)s du mois") % {"weeks": ordinals, "weekday": weekday}
    text = _("%(day)s, de %(opens)s à %(closes)s") % {
        "day": weekday,
        "opens": format_time(opens_at),
        "closes": format_time(closes_at),
    }
    period = _describe_period(valid_from, valid_until)
    if period:
        text = _("%(rule)s, %(period)s") % {"rule": text, "period": period}
    return capfirst(text)


def _describe_period(start, end):
    if start and end:
        if start == end:
            return _("le %(date)s") % {"date": _format_date(start)}
        return _("du %(start)s au %(end)s") % {
            "start": _format_date(start),
            "end": _format_date(end),
        }
    if start:
        return _("à partir du %(date)s") % {"date": _format_date(start)}
    if end:
        return _("jusqu'au %(date)s") % {"date": _format_date(end)}
    return ""
