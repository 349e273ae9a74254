"""Why an association is in an agent's results: one short French line per criterion in use.

Reads the orientation search's criteria (the filter form's cleaned data), an association loaded
with `with_agent_details()` and the services that the search found to meet the service criteria
together: nothing here queries the database, nor decides again which services match.
"""

import datetime
import re

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from associations import opening_hours
from associations.filters import When
from associations.search import MAX_QUERY_LENGTH, words
from associations.templatetags.directory import long_date

SERVICE_CRITERIA = ("type", "public", "langue", "sans_orientation", "gratuit", "accessible")


def _unique(values):
    return list(dict.fromkeys(values))


def _service_reasons(services, criteria):
    lines = []
    if criteria.get("type"):
        lines.append(
            _("Aide : %(types)s")
            % {"types": ", ".join(_unique(service.aid_type.name for service in services))}
        )
    for public in criteria.get("public") or ():
        links = [link for service in services for link in service.agent_publics]
        shown = any(link.is_public and link.welcomes(public) for link in links)
        line = _("Accueille : %(public)s") % {"public": public.name.lower()}
        lines.append(line if shown else _("%(reason)s (réservé CCAS)") % {"reason": line})
    if criteria.get("langue"):
        lines.append(_("Langue parlée : %(language)s") % {"language": criteria["langue"].name})
    if criteria.get("sans_orientation"):
        accesses = _unique(service.get_access_display().lower() for service in services)
        lines.append(_("Sans orientation (%(access)s)") % {"access": ", ".join(accesses)})
    if criteria.get("gratuit"):
        lines.append(_("Gratuit"))
    if criteria.get("accessible"):
        places = _unique(service.place.name for service in services)
        lines.append(
            _("Accessible en fauteuil roulant : %(places)s") % {"places": ", ".join(places)}
        )
    return lines


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


def _found_words(association, text):
    """The words of the query, as typed, that the association's stored search text holds, read
    as the search reads it (`associations.search.words`)."""
    typed = re.findall(r"\w+", text[:MAX_QUERY_LENGTH])
    return _unique(
        word for word in typed if any(stem in association.search_document for stem in words(word))
    )


def reasons(association, criteria, matching, now):
    """The reasons, in the order of the search form, for an association that matched `criteria`.

    `matching`: the pks of the services that meet the service criteria together, as the search
    found them (`AssociationFilter.matching_services`), or None when none is used. Their hours
    are the ones the opening reasons speak of: "colis, open today" gives the colis' hours, not
    those of a meal the same day."""
    lines = []
    if criteria.get("q"):
        found = _found_words(association, criteria["q"])
        if found:
            lines.append(_("Mots trouvés : %(words)s") % {"words": ", ".join(found)})
    services = [
        service
        for service in association.service_list
        if matching is None or service.pk in matching
    ]
    if any(criteria.get(name) for name in SERVICE_CRITERIA):
        lines += _service_reasons(services, criteria)
    quartier = criteria.get("quartier")
    if quartier and any(place.quartier_id == quartier.pk for place in association.place_list):
        lines.append(_("Quartier : %(quartier)s") % {"quartier": quartier.name})
    lines += _opening_reasons(association.schedule(services=services or None), criteria, now)
    return [capfirst(line) for line in lines]
