"""What the public pages say about an association, computed at request time.

Wraps an association loaded with `with_public_details()`, so that nothing here queries the database
and nothing CCAS-only is reachable from a template. A list's cards and a map's markers read only
its status, places, phone, quartiers, types of aid, conditions and markers, which
`with_card_details()` loads.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _

from . import nearby, opening_hours, sms
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

    def __init__(self, association, now, matching=None, reasons=(), distance=None):
        self.association = association
        self.now = now
        self.reasons = reasons
        # Metres from where the person said they are to the nearest place (nearby.py), or None.
        self.distance = distance
        services = association.service_list
        chosen = [service for service in services if service.pk in (matching or ())]
        self.status_services = chosen if chosen and len(chosen) < len(services) else None
        self.schedule = association.schedule(services=self.status_services)

    @classmethod
    def wrap(cls, associations, now, matching=None, reasons=None, distances=None):
        """`reasons`: why each association answers a search, by pk (associations/reasons.py);
        `distances`: metres to its nearest place, by pk (`AssociationFilter.distances`)."""
        reasons, distances = reasons or {}, distances or {}
        return [
            cls(a, now, matching, reasons.get(a.pk, ()), distances.get(a.pk)) for a in associations
        ]

    @property
    def distance_text(self):
        return nearby.distance_text(self.distance)

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

    @cached_property
    def next_visit(self):
        """(start, end, place) of the opening in progress or the next one (within the schedule's
        horizon), place None for no fixed place; None when nothing opens. The place is that of
        the service opening first."""
        found = []
        for service in self.association.service_list:
            if interval := self.association.schedule(service).next_interval(self.now):
                found.append((interval[0].timestamp(), *interval, service.place))
        if not found:
            return None
        return min(found, key=lambda item: item[0])[1:]

    def sms_text(self, url):
        """The "Envoyer par SMS" text: name, address, next opening, phone and `url`, in at most
        two SMS (sms.compose); the link is never cut."""
        visit = self.next_visit
        places = self.association.place_list
        # The place of the next opening; the first place when nothing opens.
        place = visit[2] if visit else (places[0] if places else None)
        opening = ""
        if visit:
            hours = opening_hours.format_intervals([visit[:2]])
            opening = _("Ouvert %(hours)s") % {
                "hours": f"{sms.short_day(visit[0])} {sms.compact_hours(hours)}"
            }
        phone = self.association.phone
        return sms.compose(
            [
                self.association.name,
                sms.short_address(place) if place or visit else "",
                opening,
                _("Tél %(phone)s") % {"phone": phone} if phone else "",
            ],
            ending=url,
        )

    @property
    def marker_state(self):
        """What a map's marker shows by its shape and colour (and says in words): "open",
        "closed" (exceptionally too) or "unknown" (no hours given)."""
        if self.status.state == opening_hours.State.OPEN:
            return "open", _("Ouvert")
        if self.status.state == opening_hours.State.NO_HOURS:
            return "unknown", _("Horaires non communiqués")
        return "closed", _("Fermé")

    def markers(self):
        """The map's markers, one per place with coordinates; each says whether it is open and
        when it opens next (the status), for the marker's shape and its popup."""
        url = reverse("associations:detail", args=[self.association.slug])
        state, state_label = self.marker_state
        return [
            {
                "lat": float(place.latitude),
                "lon": float(place.longitude),
                "name": self.association.name,
                "place": place.name,
                "address": place.full_address,
                "url": url,
                "state": state,
                "state_label": str(state_label),
                "status": str(self.status_text),
            }
            for place in self.association.place_list
            if place.latitude is not None
        ]
