"""The directory as data·inclusion v1 records: one ``structure`` per association, one ``service``
per service (schema: the PyPI package data-inclusion-schema, module ``data_inclusion.schema.v1``).

Only published associations and public information: publics marked CCAS-only, private referents
and internal notes are never read. Local words the standard has no field for are written in its
free-text fields with fixed French prefixes, so that ``opendata.imports`` reads them back:

- ``mobilisation_precisions``: "<access condition>" or "<access condition> : <details>";
- ``conditions_acces``: a "Type d'aide : <local type of aid>" line, always, first (``type`` and
  ``thematiques`` say only "aide-materielle", "alimentation" for most of them), then a
  "Justificatifs demandés : a ; b" line and a "Zone desservie : z" line if any;
- ``publics_precisions``: "Publics accueillis : <local publics, comma-separated>".

The standard requires a service's description: a service without one is given its type of aid's
explanation (``generic_description``), which the import recognises and does not store.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation

from associations.models import Service
from associations.validators import DESCRIPTION_MIN_LENGTH

from ..osm_hours import osm_opening_hours
from .published import SOURCE, first_place, published_associations

STRUCTURE_FIELDS = [
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
]
SERVICE_FIELDS = [
    "source",
    "structure_id",
    "id",
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "contact_nom_prenom",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "horaires_accueil",
]

FOOD_AID = "equipement-et-alimentation--alimentation"
EVERYONE = "tous-publics"
TYPE_PREFIX = "Type d'aide : "
DOCUMENTS_PREFIX = "Justificatifs demandés : "
ZONE_PREFIX = "Zone desservie : "
PUBLICS_PREFIX = "Publics accueillis : "
LIST_SEPARATOR = " ; "
ACCESS_SEPARATOR = " : "
SLUG_MARK = "slug-of-the-association"


def structures(today=None):
    today = today or timezone.localdate()
    for association in published_associations(today):
        # In French whatever the language of the request (its Accept-Language or cookie): the
        # French texts and page addresses are the reference, and the export is built once for all.
        with translation.override("fr"):
            record = structure_record(association, today)
        yield record


def services(today=None):
    today = today or timezone.localdate()
    for association in published_associations(today):
        with translation.override("fr"):
            records = [
                service_record(service, association, today) for service in association.service_list
            ]
        yield from records


def structure_record(association, today):
    """The data·inclusion ``structure`` of an association loaded by ``published_associations``."""
    network_code = association.network.di_code if association.network else ""
    return {
        "source": SOURCE,
        "id": association.identifier,
        "nom": association.name,
        "date_maj": date_maj(association, today).isoformat(),
        "description": structure_description(association),
        "lien_source": page_url(association),
        "siret": None,
        **address_fields(first_place(association)),
        "telephone": association.phone or None,
        "courriel": association.email or None,
        "site_web": association.website or None,
        "horaires_accueil": osm_opening_hours(
            [slot for service in association.service_list for slot in service.slot_list],
            association.coming_closures,
            association.holiday_policy,
            today,
        )
        or None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": [network_code] if network_code else None,
    }


def service_record(service, association, today):
    """The data·inclusion ``service`` of a service of ``association`` (see ``structures``)."""
    publics = [link.public for link in service.public_publics]
    return {
        "source": SOURCE,
        "structure_id": association.identifier,
        "id": service.identifier,
        "nom": service.title,
        "description": service_description(service),
        "lien_source": page_url(association),
        "date_maj": date_maj(association, today).isoformat(),
        "type": service.aid_type.di_type,
        "thematiques": [FOOD_AID],
        "frais": "gratuit" if service.is_free else "payant",
        "frais_precisions": service.fee_details or None,
        "publics": publics_codes(publics),
        "publics_precisions": (
            PUBLICS_PREFIX + ", ".join(public.name for public in publics) if publics else None
        ),
        "conditions_acces": access_conditions(service),
        **address_fields(service.place),
        "telephone": association.phone or None,
        "courriel": association.email or None,
        "modes_accueil": ["en-presentiel"],
        "zone_eligibilite": None,
        "contact_nom_prenom": None,
        "lien_mobilisation": None,
        "modes_mobilisation": (
            ["se-presenter"] if service.access == Service.Access.UNCONDITIONAL else None
        ),
        "mobilisable_par": (
            ["professionnels"]
            if service.access == Service.Access.REFERRAL
            else ["usagers", "professionnels"]
        ),
        "mobilisation_precisions": mobilisation_text(service),
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": osm_opening_hours(
            service.slot_list, association.coming_closures, association.holiday_policy, today
        )
        or None,
    }


def structure_description(association):
    """The association's summary and description, in one text (None if too short)."""
    description = association.published_description
    return description if len(description) >= DESCRIPTION_MIN_LENGTH else None


def date_maj(association, today):
    """When the information was last checked (never after today), else last edited."""
    day = association.last_checked_on or timezone.localdate(association.updated_at)
    return min(day, today)


def page_url(association):
    """The association's public page, at its French address (the reference, without /en/)."""
    before, after = _page_url_around_slug(
        settings.SITE_URL, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix()
    )
    return before + association.slug + after


# `reverse` costs more than the rest of a record: reversed once, with a slug that needs no quoting
# as every slug (the URL pattern accepts [-a-zA-Z0-9_] only), and the slug put in its place.
@functools.lru_cache(maxsize=8)
def _page_url_around_slug(site_url, root_urlconf, urlconf, script_prefix):
    with translation.override("fr"):
        url = reverse("associations:detail", args=[SLUG_MARK])
    before, after = url.split(SLUG_MARK)
    return site_url.rstrip("/") + before, after


def address_fields(place):
    if place is None:
        return dict.fromkeys(
            ["commune", "code_postal", "code_insee", "adresse", "complement_adresse"]
        ) | {"longitude": None, "latitude": None}
    return {
        "commune": place.city,
        "code_postal": place.postal_code,
        "code_insee": place.insee_code,
        "adresse": place.address,
        "complement_adresse": place.name,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "latitude": float(place.latitude) if place.latitude is not None else None,
    }


def service_description(service):
    """The service's description, else (the standard requires one) ``generic_description``."""
    if len(service.description.strip()) >= DESCRIPTION_MIN_LENGTH:
        return service.description
    return generic_description(service.aid_type)


def generic_description(aid_type):
    """What the export says of a service of this type that has no description of its own."""
    if len(aid_type.description.strip()) >= DESCRIPTION_MIN_LENGTH:
        return aid_type.description
    return f"Aide alimentaire : {aid_type.name}."


def publics_codes(publics):
    """data·inclusion publics of the local ones; ``tous-publics`` alone when it is among them."""
    codes = sorted({public.di_code for public in publics if public.di_code})
    if EVERYONE in codes:
        return [EVERYONE]
    return codes or None


def access_conditions(service):
    lines = [TYPE_PREFIX + service.aid_type.name]
    if service.document_list:
        lines.append(DOCUMENTS_PREFIX + LIST_SEPARATOR.join(service.document_list))
    if service.zone:
        lines.append(ZONE_PREFIX + service.zone)
    return "\n".join(lines)


def access_label(access):
    return french_label(Service.Access, access)


@functools.cache
def french_label(choices, value):
    """What ``get_<field>_display()`` says in French for a field with these choices: that method
    rebuilds the field's choices at each call, which weighs on an export's every row."""
    with translation.override("fr"):
        return str(dict(choices.choices).get(value, value))


def mobilisation_text(service):
    text = access_label(service.access)
    if service.access_details:
        text += ACCESS_SEPARATOR + service.access_details
    return text


def csv_row(record, fields):
    """A record as CSV cells, lists written "a,b" as in data·inclusion's own CSV files."""
    return [
        ",".join(value) if isinstance(value, list) else value
        for value in (record[field] for field in fields)
    ]
