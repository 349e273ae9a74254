"""The flat CSV of services and their hours for spreadsheets: French Excel opens it as is (UTF-8
with a byte-order mark, ``;`` between cells), and the CSV import reads it back."""

from django.utils import timezone, translation

from associations.models import Association, Place
from associations.opening_hours import describe_slot

from ..osm_hours import osm_opening_hours
from ..spreadsheet import CCAS_ONLY_COLUMNS, COLUMNS, DATE_FORMAT, LIST_SEPARATOR, NO, YES
from .data_inclusion import access_label, french_label
from .published import published_associations

COLUMNS = [column for column in COLUMNS if column not in CCAS_ONLY_COLUMNS]


def rows(today=None):
    today = today or timezone.localdate()
    with translation.override("fr"):
        for association in published_associations(today):
            for service in association.service_list:
                record = service_row(service, association, today)
                yield [record[column] for column in COLUMNS]


def service_row(service, association, today):
    # The association's own copy of the place, which carries its quartier.
    place = next((place for place in association.place_list if place.pk == service.place_id), None)
    slots = service.slot_list
    return {
        "id_association": association.identifier,
        "association": association.name,
        "association_resume": association.summary,
        "association_description": association.description,
        "association_telephone": association.phone,
        "association_courriel": association.email,
        "association_site_web": association.website,
        "reseau": association.network.name if association.network else "",
        "jours_feries": french_label(Association.HolidayPolicy, association.holiday_policy),
        "verifiee_le": (
            association.last_checked_on.strftime(DATE_FORMAT) if association.last_checked_on else ""
        ),
        "publiee": YES if association.is_published else NO,
        "id_service": service.identifier,
        "type_aide": service.aid_type.name,
        "service_intitule": service.name,
        "service_description": service.description,
        "acces": access_label(service.access),
        "acces_precisions": service.access_details,
        "gratuit": YES if service.is_free else NO,
        "participation": service.fee_details,
        "justificatifs": "\n".join(service.document_list),
        "zone": service.zone,
        "publics": LIST_SEPARATOR.join(link.public.name for link in service.public_publics),
        "langues": LIST_SEPARATOR.join(language.name for language in service.language_list),
        "lieu_nom": place.name if place else "",
        "lieu_adresse": place.address if place else "",
        "lieu_code_postal": place.postal_code if place else "",
        "lieu_ville": place.city if place else "",
        "lieu_quartier": place.quartier.name if place and place.quartier else "",
        "lieu_latitude": place.latitude if place and place.latitude is not None else "",
        "lieu_longitude": place.longitude if place and place.longitude is not None else "",
        "lieu_accessibilite": french_label(Place.Accessibility, place.accessibility)
        if place
        else "",
        "lieu_acces": place.directions if place else "",
        "horaires": osm_opening_hours(
            slots, association.coming_closures, association.holiday_policy, today
        ),
        "horaires_en_clair": "\n".join(
            describe_slot(slot)
            for slot in slots
            if not (slot.valid_until and slot.valid_until < today)
        ),
    }
