"""The demo directory: fictional associations, a fictional reception desk of the CCAS and demo
accounts, read from fixtures/demo.json.

Loading is an idempotent reload: the demo associations and demo accounts already in the database
are deleted first, then everything is built again with the ORM, each object checked with
`full_clean()` before it is saved, each association as one edit (associations/edits.py), in one
transaction. Real associations and accounts are never
touched; a real account holding a demo username makes the load fail (`DemoDataError`).

Demo associations and reception desks carry `is_demo=True`; the real reception is entered by
agents in the back office, never here. Demo accounts are the users whose e-mail address is in
the `DEMO_EMAIL_DOMAIN` domain, which every account of the fixture must use. The demo data is
deleted for good, not archived: nothing fictional is left among the deleted associations the back
office offers to restore.

The fixture is a readable JSON document, not Django's loaddata format. Dates are offsets in days
from the day of loading, so that the demo always has a closure in progress, closures to come and
seasonal hours around today. Keys are the models' fields, saved as given (a field left out takes
the model's default), except those explained:

    {"associations": [{
        "slug", "name", "summary", "description", "phone", "email", "website", "is_published",
        "internal_notes", "habilitation", "holiday_policy",
        "network": network slug or null (independent),
        "checked_days_ago": days since the information was last checked, or null (never),
        "places": [{"key": name used by services below, "quartier": quartier slug,
                    "name", "address", "postal_code", "city", "latitude", "longitude",
                    "accessibility", "directions"}],
        "services": [{
            "key": name used by closures below, "aid_type": aid type slug,
            "place": a place key, or null (a maraude has no place),
            "name", "description", "access", "access_details", "is_free", "fee_details", "zone",
            "documents": ["one document per item"],
            "languages": [language slugs],
            "publics": [{"public": public slug, "is_public": false for CCAS agents only,
                         "sensitive_made_public": true for a sensitive public shown anyway}],
            "slots": [{"weekday": 0 (Monday) to 6 (Sunday), "opens_at": "09:00",
                       "closes_at": "12:00", "weeks_of_month": [1, 3] or [-1] (last), optional,
                       "valid_from_days", "valid_until_days": optional seasonal validity}]}],
        "closures": [{"starts_in_days", "ends_in_days", "message",
                      "service": a service key, or null (the whole association)}],
        "referents": [{"name", "role", "phone", "email", "is_public"}]}],
     "reception_desks": [{
        "name", "address", "postal_code", "city", "phone", "email", "note", "note_en",
        "note_ar", "holiday_policy", "position",
        "slots": [as a service's slots]}],
     "accounts": [{"username", "first_name", "last_name", "email", "is_staff", "is_superuser",
                   "groups": [group names],
                   "memberships": [{"association": slug, "role": "manager" or "volunteer"}]}]}

Every demo account gets the password `DEMO_PASSWORD`.
"""

import json
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from associations import edits
from associations.models import (
    AidType,
    Association,
    Closure,
    Language,
    Network,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)
from ccas.models import ReceptionDesk, ReceptionSlot

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
DEMO_PASSWORD = "demo-roubaix-2026"
DEMO_EMAIL_DOMAIN = "demo.example.org"


class DemoDataError(Exception):
    """The demo data cannot be loaded: an invalid fixture, or a real account in the way."""


@dataclass
class LoadedDemo:
    associations: list
    accounts: list


def load_demo(path=None, today=None):
    """Replace the demo data with the fixture at `path` (fixtures/demo.json by default).

    Dates are computed from `today` (today in Europe/Paris by default).
    """
    today = today or timezone.localdate()
    data = json.loads(Path(path or DEMO_FIXTURE).read_text(encoding="utf-8"))
    with transaction.atomic():
        _delete_demo_rows()
        associations = {
            entry["slug"]: _create_association(entry, today) for entry in data["associations"]
        }
        for entry in data["reception_desks"]:
            _create_reception_desk(entry, today)
        # Every page's help box shows the desks.
        edits.bulk_written()
        # Hashed once: hashing is slow on purpose, and the password is the same for all.
        password = make_password(DEMO_PASSWORD)
        accounts = [_create_account(entry, associations, password) for entry in data["accounts"]]
    return LoadedDemo(associations=list(associations.values()), accounts=accounts)


def delete_demo():
    """Delete the demo associations, reception desks and accounts; return how many associations
    and accounts."""
    with transaction.atomic():
        deleted = _delete_demo_rows()
        edits.bulk_written()
    return deleted


def _demo_accounts():
    return get_user_model().objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")


def _delete_demo_rows():
    demo = Association.all_objects.filter(is_demo=True)
    association_ids = list(demo.values_list("pk", flat=True))
    demo.delete()
    ReceptionDesk.objects.filter(is_demo=True).delete()
    accounts = _demo_accounts()
    account_count = accounts.count()
    accounts.delete()
    return len(association_ids), account_count


def _save(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        label = type(instance)._meta.verbose_name
        raise DemoDataError(
            f"Donnée de démonstration invalide ({label} « {instance} ») : "
            + "; ".join(error.messages)
        ) from error
    instance.save()
    return instance


def _in_days(today, days):
    return None if days is None else today + timedelta(days=days)


def _term(model, slug):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise DemoDataError(
            f"« {slug} » n'existe pas dans la liste des {model._meta.verbose_name_plural}."
        ) from None


def _create_association(entry, today):
    fields = dict(entry)
    places = fields.pop("places")
    services = fields.pop("services")
    closures = fields.pop("closures")
    referents = fields.pop("referents")
    network = fields.pop("network")
    checked_days_ago = fields.pop("checked_days_ago")
    if checked_days_ago is not None:
        fields["last_checked_on"] = today - timedelta(days=checked_days_ago)
    association = Association(
        **fields, network=_term(Network, network) if network else None, is_demo=True
    )
    with edits.edit(association, source=edits.Source.SCRIPT, sections=[edits.Section.DESCRIPTION]):
        _save(association)
        places_by_key = {place["key"]: _create_place(association, place) for place in places}
        services_by_key = {
            service["key"]: _create_service(association, service, places_by_key, today)
            for service in services
        }
        for closure in closures:
            _save(
                Closure(
                    association=association,
                    service=services_by_key[closure["service"]] if closure["service"] else None,
                    starts_on=_in_days(today, closure["starts_in_days"]),
                    ends_on=_in_days(today, closure["ends_in_days"]),
                    message=closure["message"],
                )
            )
        for referent in referents:
            _save(Referent(association=association, **referent))
    return association


def _create_place(association, entry):
    fields = dict(entry)
    del fields["key"]
    quartier = _term(Quartier, fields.pop("quartier"))
    return _save(Place(association=association, quartier=quartier, **fields))


def _create_service(association, entry, places_by_key, today):
    fields = dict(entry)
    del fields["key"]
    place = fields.pop("place")
    languages = fields.pop("languages")
    publics = fields.pop("publics")
    slots = fields.pop("slots")
    service = _save(
        Service(
            association=association,
            place=places_by_key[place] if place else None,
            aid_type=_term(AidType, fields.pop("aid_type")),
            documents="\n".join(fields.pop("documents")),
            **fields,
        )
    )
    service.languages.set([_term(Language, slug) for slug in languages])
    for link in publics:
        _save(
            ServicePublic(
                service=service,
                public=_term(Public, link["public"]),
                is_public=link["is_public"],
                sensitive_made_public=link.get("sensitive_made_public", False),
            )
        )
    for slot in slots:
        _save(OpeningSlot(service=service, **_slot_fields(slot, today)))
    return service


def _slot_fields(entry, today):
    return {
        "weekday": entry["weekday"],
        "opens_at": time.fromisoformat(entry["opens_at"]),
        "closes_at": time.fromisoformat(entry["closes_at"]),
        "weeks_of_month": entry.get("weeks_of_month", []),
        "valid_from": _in_days(today, entry.get("valid_from_days")),
        "valid_until": _in_days(today, entry.get("valid_until_days")),
    }


def _create_reception_desk(entry, today):
    fields = dict(entry)
    slots = fields.pop("slots")
    desk = _save(ReceptionDesk(**fields, is_demo=True))
    for slot in slots:
        _save(ReceptionSlot(desk=desk, **_slot_fields(slot, today)))
    return desk


def _create_account(entry, associations, password):
    fields = dict(entry)
    groups = fields.pop("groups")
    memberships = fields.pop("memberships")
    if not fields["email"].lower().endswith(f"@{DEMO_EMAIL_DOMAIN}"):
        raise DemoDataError(
            f"Le compte de démonstration « {fields['username']} » doit avoir une adresse "
            f"@{DEMO_EMAIL_DOMAIN} : c'est à elle que la suppression le reconnaît."
        )
    User = get_user_model()
    if User.objects.filter(username=fields["username"]).exists():
        raise DemoDataError(
            f"Un compte « {fields['username']} » existe déjà et n'est pas un compte de "
            "démonstration : renommez-le avant de charger les données de démonstration."
        )
    user = _save(User(**fields, password=password))
    user.groups.set([Group.objects.get(name=name) for name in groups])
    for membership in memberships:
        _save(
            Membership(
                user=user,
                association=associations[membership["association"]],
                role=membership["role"],
            )
        )
    return user
