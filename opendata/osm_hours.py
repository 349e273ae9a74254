"""Reading OpenStreetMap ``opening_hours`` back into opening slots and closures, for imports.

Reads the part of the syntax ``associations.opening_hours.osm_opening_hours`` writes, which is
what a food-aid association needs: ``Mo,We 09:00-12:00; Tu[1,3] 14:00-17:00``, ``Sa[-1] …``,
date ranges ``2026 Sep 01-2027 Jun 30 Mo 09:00-12:00`` or ``2026 Sep 01+ …``, closures
``2026 Dec 24-2027 Jan 02 off`` and ``PH off``. Anything else is refused with a message in
French, rather than read as something it does not mean.
"""

import re
from dataclasses import dataclass, field
from datetime import date, time

from associations.opening_hours import LAST_WEEK, OSM_MONTHS, OSM_WEEKDAYS

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


@dataclass(frozen=True)
class _Selector:
    weekdays: frozenset
    weeks: frozenset
    start: date | None
    end: date | None

    def may_meet(self, other):
        if not self.weekdays & other.weekdays:
            return False
        if (self.start or date.min) > (other.end or date.max) or (other.start or date.min) > (
            self.end or date.max
        ):
            return False
        if not self.weeks or not other.weeks or self.weeks & other.weeks:
            return True
        return bool(
            (LAST_WEEK in self.weeks and other.weeks & {4, 5})
            or (LAST_WEEK in other.weeks and self.weeks & {4, 5})
        )


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
        frozenset(week for _weekday, weeks in weekday_weeks for week in weeks),
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
