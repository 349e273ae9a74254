"""The orientation sheet handed to a person: a few associations, the coming days, what to bring.

Reads associations loaded with `with_public_details()`: the person's sheet holds nothing
CCAS-only, and nothing about the person is stored anywhere.
"""

import datetime
from functools import cached_property

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from associations import opening_hours

from . import sms

DAYS_AHEAD = 7


class Visit:
    """One association on the person's sheet, for the `DAYS_AHEAD` days from `today`."""

    def __init__(self, association, today):
        self.association = association
        self.days = [today + datetime.timedelta(days=n) for n in range(DAYS_AHEAD)]

    def __getattr__(self, name):
        return getattr(self.association, name)

    @cached_property
    def places(self):
        return self.association.place_list

    @cached_property
    def openings(self):
        """(day, [(service title or "", "9 h – 12 h"), …]) for each open day of the coming week."""
        services = self.association.service_list
        named = len(services) > 1
        days = []
        for day in self.days:
            hours = []
            for service in services:
                intervals = self.association.schedule(service).intervals_on(day)
                if intervals:
                    title = service.title if named else ""
                    hours.append((title, opening_hours.format_intervals(intervals)))
            if hours:
                days.append((day, hours))
        return days

    @cached_property
    def closures(self):
        last_day = self.days[-1]
        return [
            closure
            for closure in self.association.coming_closures
            if closure.starts_on <= last_day and closure.service_id is None
        ]

    @cached_property
    def documents(self):
        found = {}
        for service in self.association.service_list:
            for document in service.document_list:
                found.setdefault(document.casefold(), document)
        return list(found.values())

    @cached_property
    def conditions(self):
        lines = []
        for service in self.association.service_list:
            fee = _("gratuit") if service.is_free else service.fee_details
            line = f"{service.title} : {service.get_access_display().lower()}, {fee}"
            if line not in lines:
                lines.append(line)
        return lines

    @cached_property
    def sms(self):
        address = "; ".join(f"{place.address}, {place.city}" for place in self.places)
        hours = "; ".join(
            f"{', '.join(days)} {spans}" for spans, days in _same_hours_together(self.openings)
        )
        return sms.compose(
            [
                self.association.name,
                address,
                _("Ouvert %(hours)s") % {"hours": hours} if hours else "",
                _("Tél %(phone)s") % {"phone": self.association.phone}
                if self.association.phone
                else "",
                _("Apporter : %(documents)s") % {"documents": ", ".join(self.documents)}
                if self.documents
                else "",
            ]
        )


def _same_hours_together(openings):
    """[("11h45-13h30", ["lun 30/11", "mar 01/12"]), …]: days in a row with the same hours."""
    groups = []
    for day, spans in openings:
        hours = " ".join(_compact(text) for _title, text in spans)
        label = f"{WEEKDAYS_ABBR[day.weekday()]} {day:%d/%m}"
        if groups and groups[-1][0] == hours:
            groups[-1][1].append(label)
        else:
            groups.append((hours, [label]))
    return groups


def _compact(hours):
    """ "9 h 30 – 12 h" -> "9h30-12h": hours as people write them in a text message."""
    return hours.replace(" – ", "-").replace(" h ", "h").replace(" h", "h")


def visits(associations, today=None):
    today = today or timezone.localdate()
    return [Visit(association, today) for association in associations]
