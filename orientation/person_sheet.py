"""The orientation sheet handed to a person: a few associations, when and where to go, what to
bring.

Reads associations loaded with `with_public_details()`: the person's sheet holds nothing
CCAS-only, and nothing about the person is stored anywhere.
"""

import datetime
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from associations import opening_hours, sms

DAYS_AHEAD = 7


class Visit:
    """One association on the person's sheet: its openings from `now` on, for `DAYS_AHEAD` days
    (today included), and where to go for each service."""

    def __init__(self, association, now, appointment=None):
        self.association = association
        self.now = timezone.localtime(now)
        # The accepted orientation (liaison/) whose appointment the sheet and its SMS carry.
        self.appointment = appointment
        self.last_day = self.now.date() + datetime.timedelta(days=DAYS_AHEAD - 1)

    def __getattr__(self, name):
        return getattr(self.association, name)

    @cached_property
    def places(self):
        """[(place or None for no fixed place, [titles of the services there]), …]; the
        association's places when it has no service yet."""
        services = self.association.service_list
        if not services:
            return [(place, []) for place in self.association.place_list]
        found = {}
        for service in services:
            found.setdefault(service.place, []).append(service.title)
        return list(found.items())

    @cached_property
    def _intervals(self):
        """(start, end, service) of each service's openings still to come in the `DAYS_AHEAD`
        days or, for a service with none then, its next one (`Schedule.next_interval`), in order."""
        found = []
        for service in self.association.service_list:
            schedule = self.association.schedule(service)
            intervals = list(schedule.intervals_from(self.now, DAYS_AHEAD - 1))
            if not intervals and (following := schedule.next_interval(self.now)):
                intervals = [following]
            found += [(start, end, service) for start, end in intervals]
        return sorted(
            found, key=lambda interval: (interval[0].timestamp(), interval[1].timestamp())
        )

    def _hours(self, start, end):
        """ "9 h – 12 h", or "jusqu'à 12 h" for an opening in progress."""
        if start.timestamp() <= self.now.timestamp():
            return _("jusqu'à %(time)s") % {"time": opening_hours.format_time(end)}
        return opening_hours.format_intervals([(start, end)])

    @cached_property
    def openings(self):
        """[(day, [(service title or "", hours, address or ""), …]), …]: the days to come with
        an opening. The title when the association has several services, the address when they
        are in several places."""
        named = len(self.association.service_list) > 1
        located = len(self.places) > 1
        days = {}
        for start, end, service in self._intervals:
            spans = days.setdefault(start.date(), {})
            hours = spans.setdefault(service, [])
            hours.append(self._hours(start, end))
        return [
            (
                day,
                [
                    (
                        service.title if named else "",
                        ", ".join(hours),
                        address(service.place) if located else "",
                    )
                    for service, hours in spans.items()
                ],
            )
            for day, spans in days.items()
        ]

    @cached_property
    def closures(self):
        last_day = max([self.last_day, *(day for day, _spans in self.openings)])
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
    def appointment_text(self):
        """ "RDV le mar 08/12 à 14h30, salle…", or "" without an appointment."""
        moment = self.appointment and self.appointment.appointment_at
        if not moment:
            return ""
        moment = timezone.localtime(moment)
        text = _("RDV le %(day)s à %(time)s") % {
            "day": sms.short_day(moment),
            "time": sms.compact_hours(opening_hours.format_time(moment)),
        }
        place = self.appointment.appointment_place
        return f"{text}, {place}" if place else text

    @cached_property
    def sms(self):
        address = sms.short_address(self.places[0][0]) if len(self.places) == 1 else ""
        hours = "; ".join(
            f"{', '.join(days)} {spans}" for spans, days in _same_hours_together(self.openings)
        )
        return sms.compose(
            [
                self.association.name,
                self.appointment_text,
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


def address(place):
    """Where a service is: its place's full address, or no fixed place."""
    return place.full_address if place else _("pas de lieu fixe")


def _same_hours_together(openings):
    """[("11h45-13h30", ["lun 30/11", "mar 01/12"]), …]: days in a row with the same hours (and
    places, when the services are in several)."""
    groups = []
    for day, spans in openings:
        hours = " ".join(
            sms.compact_hours(text) + (f" ({where})" if where else "")
            for _title, text, where in spans
        )
        label = sms.short_day(day)
        if groups and groups[-1][0] == hours:
            groups[-1][1].append(label)
        else:
            groups.append((hours, [label]))
    return groups


def visits(associations, now=None, appointments=()):
    """`appointments`: accepted orientations, whose appointments go with their association."""
    now = now or timezone.now()
    by_association = {orientation.association_id: orientation for orientation in appointments}
    return [Visit(a, now, by_association.get(a.pk)) for a in associations]
