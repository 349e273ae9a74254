"""Why an association is in a list's results: one short line per criterion it meets, in the
page's language.

Reads the criteria (a filter set's: the form's and the search box's), an association loaded for a
page (`service_list`, `place_list`), the services the filter set found to meet the criteria
together (`AssociationFilter.matching_services`) and, for the words of a search, the
association's stored search text: nothing here queries the database, nor decides again which
services match. The public list's cards explain a search (`for_search`); the CCAS's orientation
explains every criterion (orientation/reasons.py).
"""

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .punctuation import join
from .search import words

SERVICE_CRITERIA = (
    "type",
    "public",
    "langue",
    "sans_orientation",
    "sans_rendez_vous",
    "sans_zone",
    "gratuit",
    "accessible",
)


def _unique(values):
    return list(dict.fromkeys(values))


def public_line(public, services):
    return _("Accueille : %(public)s") % {"public": public.label.lower()}


def service_reasons(services, criteria, public_line=public_line):
    """The lines of the criteria on services, which `services` meet together. `public_line`:
    (public, services) -> the line saying that they welcome that public."""
    lines = []
    asked = criteria.get("type") or ()
    types = _unique(service.aid_type for service in services if service.aid_type in asked)
    if types:
        lines.append(join(aid_type.label for aid_type in types))
    if not services:
        return lines
    for public in criteria.get("public") or ():
        lines.append(public_line(public, services))
    if criteria.get("langue"):
        lines.append(_("On y parle %(language)s") % {"language": _in_sentence(criteria["langue"])})
    if criteria.get("sans_orientation"):
        accesses = _unique(service.get_access_display().lower() for service in services)
        lines.append(_("Sans orientation (%(access)s)") % {"access": join(accesses)})
    if criteria.get("sans_rendez_vous"):
        lines.append(_("Sans rendez-vous"))
    if criteria.get("sans_zone"):
        lines.append(_("Sans condition de domicile"))
    if criteria.get("gratuit"):
        lines.append(_("Gratuit"))
    if criteria.get("accessible"):
        places = _unique(service.place.name for service in services)
        lines.append(_("Accessible en fauteuil roulant : %(places)s") % {"places": join(places)})
    return lines


def quartier_reasons(association, quartiers):
    """The line of the quartiers asked for where the association has a place."""
    named = [
        quartier.name
        for quartier in _unique(quartiers)
        if any(place.quartier_id == quartier.pk for place in association.place_list)
    ]
    if not named:
        return []
    return [_("Quartier : %(quartier)s") % {"quartier": join(named)}]


def words_reasons(association, search, services, document):
    """The line of the words of a search (`vocabulary.Search`) that the association's text
    (`document`, its stored search text) holds: its free words, and the words naming a type of
    aid or a quartier that its text alone answers (« resto » for the Restos du Cœur's colis)."""
    typed = list(search.free_words)
    quartiers = {place.quartier_id for place in association.place_list}
    for found in search.named:
        concept = found.concept
        if concept.criterion == "type":
            met = any(service.aid_type == concept.value for service in services)
        else:
            met = concept.value.pk in quartiers
        if not met:
            typed.append(found.typed)
    found_words = _unique(
        word for word in typed if words(word) and all(stem in document for stem in words(word))
    )
    if not found_words:
        return []
    return [_("Mots trouvés : %(words)s") % {"words": join(found_words)}]


def for_search(association, search, matching, document):
    """Why the association answers a search: what it meets of the concepts the search box named
    (`vocabulary.Search.applied`), in the order of the filters, and the words found.

    `matching`: the pks of the services meeting the criteria (`matching_services`), or None."""
    criteria = {}
    for found in search.applied:
        name, value = found.concept.criterion, found.concept.value
        if name in ("type", "public"):
            criteria.setdefault(name, []).append(value)
        elif name != "quartier":
            criteria[name] = value
    services = matched_services(association, matching)
    lines = words_reasons(association, search, services, document)
    lines += service_reasons(services, criteria)
    lines += quartier_reasons(association, search.quartiers)
    return [capfirst(line) for line in lines]


def matched_services(association, matching):
    return [
        service
        for service in association.service_list
        if matching is None or service.pk in matching
    ]


def _in_sentence(term):
    """A term's name within a sentence: French writes the names of languages in lower case."""
    return term.label.lower() if get_language() == "fr" else term.label
