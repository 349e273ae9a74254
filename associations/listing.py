"""What the public pages say about an association, computed at request time.

Wraps an association loaded with `with_public_details()`, so that nothing here queries the database
and nothing CCAS-only is reachable from a template. A list's cards and a map's markers read only
its status, quartiers, types of aid, conditions and markers, which `with_card_details()` loads.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _

from . import opening_hours
from .models import Service
from .punctuation import join


class ListedService:
    def __init__(self, service, association, now):
        self.service = service
        self.now = now
        self.schedule = association.schedule(service)

    def __getattr__(self, name):
        return getattr(self.service, name)

    @cached_property
    def status(self):
        return opening_hours.status(self.schedule, self.now)

    @cached_property
    def status_text(self):
        return opening_hours.status_text(self.status, self.now)

    @cached_property
    def hours(self):
        return [opening_hours.describe_slot(slot) for slot in self.service.slot_list]

    @property
    def publics(self):
        return [link.public for link in self.service.public_publics]

    @property
    def access_text(self):
        return self.service.get_access_display()

    @property
    def fee_text(self):
        if self.service.is_free:
            return _("Gratuit")
        return self.service.fee_details


class ListedClosure:
    """An exceptional closure, and when what it closes opens again: not simply the day after
    its last day, but the next opening after it (a Tuesday's distribution closed for a week
    reopens the Tuesday after)."""

    def __init__(self, closure, schedule):
        self.closure = closure
        self.schedule = schedule

    def __getattr__(self, name):
        return getattr(self.closure, name)

    @cached_property
    def reopens_at(self):
        """The first opening after the closure (a local datetime), or None if none is known."""
        if self.schedule is None:
            return None
        return self.schedule.reopening(self.closure)


class ListedAssociation:
    """`matching`: the pks of the services that a list's filters asked for (a type of aid, a
    public…), or None: the status then tells their hours, not the whole association's; "colis,
    open today" must not show a card saying that the evening round opens tomorrow."""

    def __init__(self, association, now, matching=None, reasons=()):
        self.association = association
        self.now = now
        self.reasons = reasons
        services = association.service_list
        chosen = [service for service in services if service.pk in (matching or ())]
        self.status_services = chosen if chosen and len(chosen) < len(services) else None
        self.schedule = association.schedule(services=self.status_services)

    @classmethod
    def wrap(cls, associations, now, matching=None, reasons=None):
        """`reasons`: why each association answers a search, by pk (associations/reasons.py)."""
        reasons = reasons or {}
        return [cls(a, now, matching, reasons.get(a.pk, ())) for a in associations]

    def __getattr__(self, name):
        return getattr(self.association, name)

    @cached_property
    def services(self):
        return [ListedService(s, self.association, self.now) for s in self.association.service_list]

    @cached_property
    def status(self):
        return opening_hours.status(self.schedule, self.now)

    @cached_property
    def status_text(self):
        return opening_hours.status_text(self.status, self.now)

    @cached_property
    def status_scope(self):
        """What the status speaks of when it is not the whole association: "Colis alimentaire"."""
        if self.status_services is None:
            return ""
        labels = {service.aid_type.pk: service.aid_type.label for service in self.status_services}
        return _("%(aid_types)s :") % {"aid_types": join(labels.values())}

    @cached_property
    def aid_types(self):
        seen = {}
        for service in self.association.service_list:
            seen.setdefault(service.aid_type.pk, service.aid_type)
        return list(seen.values())

    @cached_property
    def quartiers(self):
        seen = {}
        for place in self.association.place_list:
            if place.quartier:
                seen.setdefault(place.quartier.pk, place.quartier)
        return list(seen.values())

    @cached_property
    def conditions_summary(self):
        """The conditions in a few words, e.g. "Sans condition · Gratuit"."""
        services = self.association.service_list
        if not services:
            return ""
        accesses = []
        for service in services:
            if service.access not in accesses:
                accesses.append(service.access)
        parts = [Service.Access(access).label for access in accesses]
        free = {service.is_free for service in services}
        if free == {True}:
            parts.append(_("Gratuit"))
        elif free == {False}:
            parts.append(_("Participation demandée"))
        else:
            parts.append(_("Gratuit ou avec participation"))
        return " · ".join(str(part) for part in parts)

    @cached_property
    def coming_closures(self):
        """The closures not yet over, each with when it opens again (`reopens_at`)."""
        services = {service.pk: service for service in self.association.service_list}
        closures = []
        for closure in self.association.coming_closures:
            if closure.service_id is None:
                schedule = self.association.schedule()
            elif closure.service_id in services:
                schedule = self.association.schedule(services[closure.service_id])
            else:
                schedule = None
            closures.append(ListedClosure(closure, schedule))
        return closures

    def markers(self):
        url = reverse("associations:detail", args=[self.association.slug])
        return [
            {
                "lat": float(place.latitude),
                "lon": float(place.longitude),
                "name": self.association.name,
                "place": place.name,
                "address": place.full_address,
                "url": url,
            }
            for place in self.association.place_list
            if place.latitude is not None
        ]
