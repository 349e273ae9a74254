"""The directory as Open Referral HSDS 3.0: one ``organization`` document per association, with
its services, locations, service_at_location, schedules, phones, contacts, languages and
accessibility nested (schema in tests/opendata/schemas/hsds-3.0/compiled/organization.json).

HSDS ids are UUIDs, each derived from the stored id of its record (``identifier``), or of the
record it belongs to and what tells it from its siblings (a language's code, a slot's hours): an
id stays the same from one export to the next, across edits and imports, and never depends on a
primary key, which another server would not share. Only published associations and public
information are written.
"""

import uuid

from django.utils import timezone, translation

from associations.models import Association, OpeningSlot, Place
from associations.opening_hours import SLOT_FIELDS, describe_slot

from ..osm_hours import OSM_WEEKDAYS
from .data_inclusion import access_label, french_label, page_url
from .published import published_associations

NAMESPACE = uuid.UUID("faf8f81e-ec97-449d-b753-72220368ea54")
RFC5545_WEEKDAYS = [day.upper() for day in OSM_WEEKDAYS]


def hsds_id(kind, *keys):
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, keys)])))


def organizations(today=None):
    today = today or timezone.localdate()
    for association in published_associations(today):
        yield organization_document(association, today)


def published_association(slug, today=None):
    today = today or timezone.localdate()
    return Association.objects.published().filter(slug=slug).with_public_details(today).first()


def organization_document(association, today=None):
    today = today or timezone.localdate()
    with translation.override("fr"):
        return _organization(association, today)


def _organization(association, today):
    organization_id = hsds_id("association", association.identifier)
    document = {
        "id": organization_id,
        "name": association.name,
        "description": association.summary or association.description or association.name,
        "uri": page_url(association),
        "phones": [],
        "contacts": [
            _contact(referent, organization_id) for referent in association.public_referents
        ],
        "locations": [_location(place, organization_id) for place in association.place_list],
        "services": [
            _service(service, association, organization_id, today)
            for service in association.service_list
        ],
    }
    if association.email:
        document["email"] = association.email
    if association.website:
        document["website"] = association.website
    if association.phone:
        document["phones"].append(
            {
                "id": hsds_id("association-phone", association.identifier),
                "organization_id": organization_id,
                "number": association.phone,
            }
        )
    return document


def _contact(referent, organization_id):
    contact_id = hsds_id("referent", referent.identifier)
    contact = {"id": contact_id, "organization_id": organization_id, "name": referent.name}
    if referent.role:
        contact["title"] = referent.role
    if referent.email:
        contact["email"] = referent.email
    contact["phones"] = (
        [
            {
                "id": hsds_id("referent-phone", referent.identifier),
                "contact_id": contact_id,
                "number": referent.phone,
            }
        ]
        if referent.phone
        else []
    )
    return contact


def _location(place, organization_id):
    location_id = hsds_id("place", place.identifier)
    location = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organization_id,
        "name": place.name,
        "addresses": [
            {
                "id": hsds_id("address", place.identifier),
                "location_id": location_id,
                "address_1": place.address,
                "city": place.city,
                "state_province": "Nord",
                "postal_code": place.postal_code,
                "country": "FR",
                "address_type": "physical",
            }
        ],
        "accessibility": [],
    }
    if place.directions:
        location["transportation"] = place.directions
    if place.latitude is not None:
        location["latitude"] = float(place.latitude)
        location["longitude"] = float(place.longitude)
    if place.accessibility != Place.Accessibility.UNKNOWN:
        location["accessibility"].append(
            {
                "id": hsds_id("accessibility", place.identifier),
                "location_id": location_id,
                "description": french_label(Place.Accessibility, place.accessibility),
            }
        )
    return location


def _service(service, association, organization_id, today):
    service_id = hsds_id("service", service.identifier)
    schedule = association.schedule(service)
    publics = ", ".join(link.public.name for link in service.public_publics)
    eligibility = "\n".join(text for text in (publics, service.zone) if text)
    application = access_label(service.access)
    if service.access_details:
        application += " : " + service.access_details
    document = {
        "id": service_id,
        "organization_id": organization_id,
        "name": service.title,
        "description": service.description or service.aid_type.description or service.title,
        "status": "temporarily closed" if schedule.current_closure(today) else "active",
        "application_process": application,
        "fees_description": service.fee_details or "Gratuit",
        "cost_options": [
            {
                "id": hsds_id("cost", service.identifier),
                "service_id": service_id,
                "option": "Gratuit" if service.is_free else "Payant",
                **({"amount_description": service.fee_details} if service.fee_details else {}),
            }
        ],
        "languages": [
            {
                "id": hsds_id("language", service.identifier, language.code),
                "service_id": service_id,
                "name": language.name,
                "code": language.code,
            }
            for language in service.language_list
        ],
        "required_documents": [
            {
                "id": hsds_id("document", service.identifier, text),
                "service_id": service_id,
                "document": text,
            }
            for text in service.document_list
        ],
        "schedules": [],
        "service_at_locations": [],
    }
    if eligibility:
        document["eligibility_description"] = eligibility
    if association.last_checked_on:
        document["assured_date"] = association.last_checked_on.isoformat()
    alert = _closures_alert(association.coming_closures, service)
    if alert:
        document["alert"] = alert
    slots = [
        slot for slot in service.slot_list if not (slot.valid_until and slot.valid_until < today)
    ]
    if service.place_id is None:
        document["schedules"] = [
            _schedule(slot, service, {"service_id": service_id}) for slot in slots
        ]
    else:
        link_id = hsds_id("service-at-location", service.identifier)
        document["service_at_locations"].append(
            {
                "id": link_id,
                "service_id": service_id,
                "location_id": hsds_id("place", service.place.identifier),
                "schedules": [
                    _schedule(slot, service, {"service_at_location_id": link_id}) for slot in slots
                ],
            }
        )
    return document


def _schedule(slot, service, link):
    day = RFC5545_WEEKDAYS[slot.weekday]
    schedule = {
        "id": hsds_id(
            "slot",
            service.identifier,
            *(getattr(slot, name) for name in SLOT_FIELDS if name != "service_id"),
        ),
        **link,
        "wkst": "MO",
        "opens_at": slot.opens_at.strftime("%H:%M"),
        "closes_at": slot.closes_at.strftime("%H:%M"),
        "description": describe_slot(slot),
    }
    weeks = slot.weeks_of_month or []
    if weeks:
        schedule["freq"] = "MONTHLY"
        schedule["byday"] = ",".join(
            f"{week}{day}"
            for week in sorted(weeks, key=lambda week: (week == OpeningSlot.Week.LAST, week))
        )
    else:
        schedule["freq"] = "WEEKLY"
        schedule["byday"] = day
    if slot.valid_from:
        schedule["valid_from"] = slot.valid_from.isoformat()
    if slot.valid_until:
        schedule["valid_to"] = slot.valid_until.isoformat()
    return schedule


def _closures_alert(closures, service):
    return "\n".join(
        f"Fermé du {closure.starts_on:%d/%m/%Y} au {closure.ends_on:%d/%m/%Y}"
        + (f" : {closure.message}" if closure.message else "")
        for closure in closures
        if closure.service_id in (None, service.pk)
    )
