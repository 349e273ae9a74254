"""Why an association is in an agent's results: one short French line per criterion in use.

Reads the orientation search (`AssociationFilter.search`: the form's criteria and the search
box's), an association loaded with `with_agent_details()` and the services that the search found
to meet the service criteria together: nothing here queries the database, nor decides again
which services match. The lines the public list's cards show too are associations/reasons.py's;
the agents' own are the opening hours of the moment asked and the mark of CCAS-only publics.
"""

import datetime

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from associations import opening_hours
from associations import reasons as shared
from associations.filters import When
from associations.templatetags.directory import long_date


def _public_line(public, services):
    """The public line, marked when only CCAS-only links say that the services welcome it."""
    links = [link for service in services for link in service.agent_publics]
    line = shared.public_line(public, services)
    if any(link.is_shown_publicly and link.welcomes(public) for link in links):
        return line
    return _("%(reason)s (réservé CCAS)") % {"reason": line}


def _opening_reasons(schedule, criteria, now):
    today = timezone.localdate(now)
    when = criteria.get("ouvert")
    day = criteria.get("jour")
    lines = []
    if when == When.NOW:
        lines.append(opening_hours.status_text(opening_hours.status(schedule, now), now))
    elif when in (When.TODAY, When.TOMORROW):
        offset = 0 if when == When.TODAY else 1
        intervals = schedule.intervals_on(today + datetime.timedelta(days=offset))
        label = _("Ouvert aujourd'hui") if offset == 0 else _("Ouvert demain")
        lines.append(f"{label} {opening_hours.format_intervals(intervals)}")
    if day or criteria.get("heure"):
        day = day or today
        values = {
            "day": long_date(day, with_weekday=True),
            "hours": opening_hours.format_intervals(schedule.intervals_on(day)),
        }
        if criteria.get("heure"):
            values["time"] = opening_hours.format_time(criteria["heure"])
            lines.append(_("Ouvert %(day)s à %(time)s (%(hours)s)") % values)
        else:
            lines.append(_("Ouvert %(day)s %(hours)s") % values)
    return lines


def reasons(association, search, matching, now):
    """The reasons, in the order of the search form, for an association that matched a search
    (`AssociationFilter.search`: its criteria, and the words and concepts of the search box).

    `matching`: the pks of the services that meet the service criteria together, as the search
    found them (`AssociationFilter.matching_services`), or None when none is used. Their hours
    are the ones the opening reasons speak of: "colis, open today" gives the colis' hours, not
    those of a meal the same day."""
    criteria = search.criteria
    services = shared.matched_services(association, matching)
    lines = shared.words_reasons(association, search, services, association.search_document)
    if any(criteria.get(name) for name in shared.SERVICE_CRITERIA):
        lines += shared.service_reasons(services, criteria, _public_line)
    quartiers = [criteria["quartier"]] if criteria.get("quartier") else []
    lines += shared.quartier_reasons(association, [*quartiers, *search.quartiers])
    lines += _opening_reasons(association.schedule(services=services or None), criteria, now)
    return [capfirst(line) for line in lines]
