"""OpenStreetMap ``opening_hours``: the directory's hours written in that format for the exports,
and read back from it for the imports.

``osm_opening_hours`` writes opening slots, closures and the holiday policy as a value meaning
exactly what ``associations.opening_hours.Schedule.is_open_at`` says. ``parse`` reads the part of
the syntax the writer writes, which is what a food-aid association needs:
``Mo,We 09:00-12:00; Tu[1,3] 14:00-17:00``, ``Sa[-1] …``, date ranges
``2026 Sep 01-2027 Jun 30 Mo 09:00-12:00`` or ``2026 Sep 01+ …``, closures
``2026 Dec 24-2027 Jan 02 off`` and ``PH off``. Anything else is refused with a message in French,
rather than read as something it does not mean.

Both follow the same rule of the format: a normal rule ("; ") replaces what earlier rules say about
its days, an additional rule (", ") adds to them. The writer chooses the separator, and the reader
refuses a normal rule that would replace earlier hours, with one idea of the days a rule applies to
(``_Selector``).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.utils import timezone

from associations.opening_hours import (
    HOLIDAYS_CLOSED,
    HOLIDAYS_UNKNOWN,
    LAST_WEEK,
    closes_slot,
    in_effect,
    merge_spans,
    week_order,
)

OSM_WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class _Selector:
    """The days a rule applies to; None for an open end of the date range."""

    weekdays: frozenset
    weeks: tuple  # weeks of the month in week_order; none means every week
    start: date | None
    end: date | None

    def may_meet(self, other):
        """Whether some day may match both.

        Erring towards yes only costs the writer a ", " where "; " would do, and makes the reader
        ask for a ", " where "; " was right: neither changes what the hours mean.
        """
        if not self.weekdays & other.weekdays:
            return False
        if (self.start or date.min) > (other.end or date.max):
            return False
        if (other.start or date.min) > (self.end or date.max):
            return False
        if not self.weeks or not other.weeks:
            return True
        mine, theirs = set(self.weeks), set(other.weeks)
        if mine & theirs:
            return True
        # The last week of a month is its 4th or its 5th; never its 1st to 3rd (28 days at least).
        return bool(
            (LAST_WEEK in mine and theirs & {4, 5}) or (LAST_WEEK in theirs and mine & {4, 5})
        )


# Writing


def osm_opening_hours(slots, closures=(), holiday_policy=HOLIDAYS_UNKNOWN, today=None):
    """The OpenStreetMap ``opening_hours`` value meaning what ``Schedule.is_open_at`` says.

    For instance ``Mo,We 09:00-12:00; Tu[1,3] 14:00-17:00; 2026 Dec 24-2027 Jan 02 off; PH off``.
    Only what is not over on ``today`` (default: the local date) is written: slots whose validity
    ended and past closures are left out, and a validity with only an end date starts ``today``.
    Times are written to the minute. Returns "" when no slot is left.

    A closure of one service is written only where it closes something: in that service's string,
    or in an association's as "off" followed by the hours of the services that stay open.
    """
    today = today or timezone.localdate()
    slots = [slot for slot in slots if not (slot.valid_until and slot.valid_until < today)]
    if not slots:
        return ""
    value = _join_rules(_osm_rules(slots, today))
    for start, end, open_slots in _closure_periods(slots, closures, today):
        period_rules = [f"{_osm_date_range(start, end)} off"]
        period_rules += [text for _selector, text in _osm_rules(open_slots, today, start, end)]
        # The "off" rule replaces everything on those days; additional rules (", ") then add
        # back the slots of the services that stay open.
        value += "; " + ", ".join(period_rules)
    if holiday_policy == HOLIDAYS_CLOSED:
        value += "; PH off"
    return value


def _osm_rules(slots, today, period_start=None, period_end=None):
    """(selector, text) rules for ``slots``, restricted to the period if given."""
    groups = defaultdict(lambda: defaultdict(list))
    for slot in slots:
        start = slot.valid_from or (today if slot.valid_until else None)
        end = slot.valid_until
        if period_start:
            start = max(start or period_start, period_start)
            end = min(end or period_end, period_end)
            if start > end:
                continue
        weeks = tuple(sorted(set(slot.weeks_of_month or ()), key=week_order))
        groups[(weeks, start, end)][slot.weekday].append((slot.opens_at, slot.closes_at))

    rules = []
    for (weeks, start, end), spans_by_weekday in groups.items():
        weekdays_by_times = defaultdict(list)
        for weekday, spans in sorted(spans_by_weekday.items()):
            times = ",".join(
                f"{opens.isoformat('minutes')}-{closes.isoformat('minutes')}"
                for opens, closes in merge_spans(spans)
            )
            weekdays_by_times[times].append(weekday)
        for times, weekdays in weekdays_by_times.items():
            selector = _Selector(frozenset(weekdays), weeks, start, end)
            parts = [_osm_date_range(start, end), _osm_weekdays(weekdays, weeks), times]
            rules.append((selector, " ".join(part for part in parts if part)))
    return sorted(rules, key=lambda rule: _reading_order(rule[0]))


def _reading_order(selector):
    """Dated rules after the others, then by weekday, every week before given weeks."""
    return (
        selector.start is not None,
        selector.start or date.min,
        selector.end or date.max,
        min(selector.weekdays),
        [week_order(week) for week in selector.weeks],
    )


def _join_rules(rules):
    """Rules joined by "; " where possible, ", " where days may meet an earlier rule's.

    A normal rule ("; ") replaces what earlier rules say about its days, so a rule whose days may
    meet an earlier one's ("Tu" and "Tu[1,3]") must be an additional rule (", ") to add to them.
    """
    value = ""
    seen = []
    for selector, text in rules:
        if seen:
            value += ", " if any(selector.may_meet(other) for other in seen) else "; "
        value += text
        seen.append(selector)
    return value


def _closure_periods(slots, closures, today):
    """(first day, last day, slots still open) for each period where a closure shuts some slots."""
    closures = [
        closure
        for closure in closures
        if closure.ends_on >= today and any(closes_slot(closure, slot) for slot in slots)
    ]
    bounds = sorted(
        {closure.starts_on for closure in closures}
        | {closure.ends_on + timedelta(days=1) for closure in closures}
    )
    periods = []
    for start, next_start in zip(bounds, bounds[1:], strict=False):
        closing = [closure for closure in closures if in_effect(closure, start)]
        if not closing:
            continue
        open_slots = [
            slot for slot in slots if not any(closes_slot(closure, slot) for closure in closing)
        ]
        end = next_start - timedelta(days=1)
        if periods and periods[-1][1] + timedelta(days=1) == start and periods[-1][2] == open_slots:
            periods[-1] = (periods[-1][0], end, open_slots)
        else:
            periods.append((start, end, open_slots))
    return periods


def _osm_date(day):
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def _osm_date_range(start, end):
    if start and end:
        if start == end:
            return _osm_date(start)
        return f"{_osm_date(start)}-{_osm_date(end)}"
    if start:
        return f"{_osm_date(start)}+"
    return ""


def _osm_weekdays(weekdays, weeks):
    if weeks:
        nth = "[" + ",".join(str(week) for week in weeks) + "]"
        return ",".join(OSM_WEEKDAYS[weekday] + nth for weekday in weekdays)
    runs = []
    for weekday in weekdays:
        if runs and runs[-1][-1] == weekday - 1:
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    return ",".join(
        f"{OSM_WEEKDAYS[run[0]]}-{OSM_WEEKDAYS[run[-1]]}"
        if len(run) > 2
        else ",".join(OSM_WEEKDAYS[weekday] for weekday in run)
        for run in runs
    )


# Reading

_DAY = "|".join(OSM_WEEKDAYS)
_DATE = r"\d{4} [A-Z][a-z]{2} \d{1,2}"
_TIMES = r"\d{1,2}:\d{2}-\d{1,2}:\d{2}(?:,\d{1,2}:\d{2}-\d{1,2}:\d{2})*"
_RULE = re.compile(
    rf"(?:(?P<start>{_DATE})(?:(?P<open_end>\+)|-(?P<end>{_DATE}))? ?)?"
    rf"(?P<days>(?:{_DAY})[^ ]*)? ?"
    rf"(?:(?P<times>{_TIMES})|(?P<off>off|closed))$"
)
_DAY_SELECTOR = re.compile(rf"({_DAY})(?:-({_DAY}))?(?:\[(-?\d(?:,-?\d)*)\])?")
# ", " before a new rule (a year, a weekday or PH), not inside a list of times.
_ADDITIONAL = re.compile(rf",\s+(?=\d{{4}} |{_DAY}|PH)")


@dataclass
class Hours:
    slots: list = field(default_factory=list)  # dicts of OpeningSlot fields
    closures: list = field(default_factory=list)  # (first day, last day) pairs
    holidays_closed: bool = False


def parse(value):
    """The Hours that ``value`` describes; ValueError with a French message if it cannot."""
    hours = Hours()
    seen = []
    after_off = False
    for normal in (part.strip() for part in value.split(";")):
        if not normal:
            continue
        for position, text in enumerate(_ADDITIONAL.split(normal)):
            text = text.strip()
            if text == "PH off":
                hours.holidays_closed = True
                continue
            match = _RULE.match(text)
            if not match:
                raise ValueError(f"« {text} » : règle d'horaires non reconnue.")
            start, end = _dates(match)
            if match["off"]:
                if match["days"] or start is None or match["open_end"]:
                    raise ValueError(
                        f"« {text} » : seules les fermetures d'une période datée "
                        "(« 2026 Dec 24-2027 Jan 02 off ») sont lues."
                    )
                hours.closures.append((start, end))
                after_off = True
                continue
            if after_off:
                raise ValueError(f"« {text} » : écrivez les horaires avant les fermetures (off).")
            selector, slots = _slots(match, text, start, end)
            if position == 0 and any(selector.may_meet(other) for other in seen):
                raise ValueError(
                    f"« {text} » remplacerait des horaires déjà donnés pour ces jours : "
                    "séparez-la par une virgule pour les ajouter."
                )
            seen.append(selector)
            hours.slots.extend(slots)
    return hours


def _dates(match):
    start = _date(match["start"]) if match["start"] else None
    if match["end"]:
        end = _date(match["end"])
        if end < start:
            raise ValueError(f"« {match.group(0)} » : la période finit avant de commencer.")
    elif match["open_end"]:
        end = None
    else:
        end = start
    return start, end


def _date(text):
    year, month, day = text.split()
    if month not in OSM_MONTHS:
        raise ValueError(f"« {month} » : mois inconnu (Jan, Feb, Mar…).")
    try:
        return date(int(year), OSM_MONTHS.index(month) + 1, int(day))
    except ValueError:
        raise ValueError(f"« {text} » : cette date n'existe pas.") from None


def _slots(match, text, start, end):
    days = match["days"] or "Mo-Su"
    weekday_weeks = []
    position = 0
    for selector in _DAY_SELECTOR.finditer(days):
        if selector.start() != position:
            break
        position = selector.end() + 1
        first, last, weeks = selector.groups()
        weekdays = range(OSM_WEEKDAYS.index(first), OSM_WEEKDAYS.index(last or first) + 1)
        weeks = [int(week) for week in weeks.split(",")] if weeks else []
        if any(week not in (1, 2, 3, 4, 5, LAST_WEEK) for week in weeks):
            raise ValueError(f"« {text} » : semaines du mois de 1 à 5, ou -1 pour la dernière.")
        if not weekdays:
            raise ValueError(f"« {text} » : jours dans l'ordre de la semaine (Mo-Fr).")
        weekday_weeks += [(weekday, tuple(weeks)) for weekday in weekdays]
    if position != len(days) + 1:
        raise ValueError(f"« {days} » : jours non reconnus (Mo, Tu, We, Th, Fr, Sa, Su).")
    spans = [_span(span, text) for span in match["times"].split(",")]
    slots = [
        {
            "weekday": weekday,
            "opens_at": opens,
            "closes_at": closes,
            "weeks_of_month": list(weeks),
            "valid_from": start,
            "valid_until": end,
        }
        for weekday, weeks in weekday_weeks
        for opens, closes in spans
    ]
    selector = _Selector(
        frozenset(weekday for weekday, _weeks in weekday_weeks),
        tuple(
            sorted({week for _weekday, weeks in weekday_weeks for week in weeks}, key=week_order)
        ),
        start,
        end,
    )
    return selector, slots


def _span(text, rule):
    opens, closes = (_time(part, rule) for part in text.split("-"))
    if closes <= opens:
        raise ValueError(f"« {rule} » : l'heure de fermeture doit être après l'ouverture.")
    return opens, closes


def _time(text, rule):
    hour, minute = (int(part) for part in text.split(":"))
    if hour > 23 or minute > 59:
        raise ValueError(f"« {rule} » : heure impossible (de 00:00 à 23:59).")
    return time(hour, minute)
