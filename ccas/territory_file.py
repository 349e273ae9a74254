"""Setting up a town's territory from one small file: `manage.py setup_territory FILE`.

The file (TOML, or JSON with the same keys; example and documentation: docs/territoire-exemple.toml)
gives the site's name, the CCAS's, the territory's, the main colour, the mails' sender, the map's
centre and zoom, the towns with their postal and INSEE codes, the quartiers and the reception
desks. What it lists becomes the territory: towns, quartiers and reception desks that it does not
list are deleted, unless places still use them (then nothing is written and the message says
which). Every value is checked as the back office checks it (`full_clean`) before anything is
written, and everything is written in one transaction: a bad file changes nothing, and its message
names the field (« villes[2].code_insee : … »). Only what differs is written: a second run of the
same file changes nothing.
"""

import json
import tomllib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from associations import edits
from associations.models import Place, Quartier, Town

from .models import ReceptionDesk, Territory


class TerritoryFileError(Exception):
    """A file that cannot set the territory up; its message, in French, names the field."""


# The file's keys and the models' fields they fill.
TERRITORY_KEYS = {
    "site": "site_name",
    "nom": "name",
    "ccas": "ccas_name",
    "couleur": "colour",
    "expediteur": "sender_email",
}
MAP_KEYS = {"latitude": "map_latitude", "longitude": "map_longitude", "zoom": "map_zoom"}
TOWN_KEYS = {"nom": "name", "code_insee": "insee_code", "codes_postaux": "postal_codes"}
QUARTIER_KEYS = {"nom": "name", "qpv": "is_qpv"}
DESK_KEYS = {
    "nom": "name",
    "adresse": "address",
    "code_postal": "postal_code",
    "ville": "city",
    "telephone": "phone",
    "courriel": "email",
    "note": "note",
}
REQUIRED = {
    "": ["site", "nom", "ccas", "couleur", "carte", "villes"],
    "carte": ["latitude", "longitude"],
    "villes": ["nom", "code_insee", "codes_postaux"],
    "quartiers": ["nom"],
    "accueils": ["nom", "adresse", "code_postal", "ville", "telephone"],
}


def read(path):
    """The file's content: TOML, or JSON for a name ending in .json."""
    try:
        with open(path, "rb") as file:
            if str(path).endswith(".json"):
                return json.load(file)
            return tomllib.load(file)
    except OSError as error:
        raise TerritoryFileError(
            f"Le fichier {path} ne peut pas être lu : {error.strerror}."
        ) from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TerritoryFileError(f"Le fichier {path} n'est pas lisible : {error}.") from None


@dataclass
class Changes:
    written: list = field(default_factory=list)
    deleted: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.written or self.deleted)


def set_up(data):
    """Make the territory what `data` (read from the file) says; the changes made."""
    _check_shape(data)
    territory = Territory.objects.filter(pk=Territory.SINGLE_ROW).first() or Territory(
        pk=Territory.SINGLE_ROW
    )
    values = _values(data, TERRITORY_KEYS, "", sections=SECTIONS) | _values(
        data["carte"], MAP_KEYS, "carte"
    )
    values.setdefault("sender_email", "")
    changes = Changes()
    with transaction.atomic():
        # Towns first: places and desks are checked against them.
        map_keys = {f"carte.{key}": name for key, name in MAP_KEYS.items()}
        _update(territory, values, "", changes, TERRITORY_KEYS | map_keys)
        towns = _replace(
            Town.objects.all(),
            data["villes"],
            TOWN_KEYS,
            "villes",
            "insee_code",
            changes,
            with_slug=True,
        )
        _replace(
            Quartier.objects.all(),
            data.get("quartiers", []),
            QUARTIER_KEYS,
            "quartiers",
            "name",
            changes,
            with_slug=True,
        )
        _check_places_in(towns)
        _replace(
            ReceptionDesk.objects.filter(is_demo=False),
            data.get("accueils", []),
            DESK_KEYS,
            "accueils",
            "name",
            changes,
        )
        if changes:
            edits.bulk_written()
    return changes


def _check_shape(data):
    if not isinstance(data, dict):
        raise TerritoryFileError("Le fichier doit décrire un territoire (des clés et des valeurs).")
    for section, keys in REQUIRED.items():
        if not section:
            entries = [("", data)]
        elif section in data and isinstance(data[section], dict):
            entries = [(section, data[section])]
        else:
            listed = data.get(section, [])
            if not isinstance(listed, list):
                raise TerritoryFileError(f"{section} : une liste est attendue.")
            entries = [(f"{section}[{i}]", entry) for i, entry in enumerate(listed, 1)]
        for where, entry in entries:
            if not isinstance(entry, dict):
                raise TerritoryFileError(f"{where} : des clés et des valeurs sont attendues.")
            for key in keys:
                if entry.get(key) in (None, "", []):
                    raise TerritoryFileError(f"{_name(where, key)} : ce champ est obligatoire.")
    if not data["villes"]:
        raise TerritoryFileError("villes : indiquez au moins une ville.")


SECTIONS = ("carte", "villes", "quartiers", "accueils")


def _values(entry, keys, where, sections=()):
    unknown = set(entry) - set(keys) - set(sections)
    if unknown:
        raise TerritoryFileError(
            f"{_name(where, sorted(unknown)[0])} : clé inconnue (attendues : {', '.join(keys)})."
        )
    values = {}
    for key, field_name in keys.items():
        if key in entry:
            value = entry[key]
            if key == "codes_postaux" and isinstance(value, list):
                value = ", ".join(str(code) for code in value)
            elif isinstance(value, float):
                # Its shortest writing, as in the file: 50.3512, not 50.35119999999999.
                value = repr(value)
            values[field_name] = value
    return values


def _update(instance, values, where, changes, keys):
    """Give `instance` the `values`, checked; saved only if one differs from what it held."""
    before = None if instance._state.adding else [getattr(instance, name) for name in values]
    for name, value in values.items():
        setattr(instance, name, value)
    try:
        # Also turns each value into the field's type (a float into a Decimal…).
        instance.full_clean()
    except ValidationError as error:
        raise TerritoryFileError(_message(error, where, keys)) from None
    if before != [getattr(instance, name) for name in values]:
        instance.save()
        changes.written.append(str(instance))


def _replace(queryset, entries, keys, section, identity, changes, *, with_slug=False):
    """Make the rows of `queryset` the file's `entries` (by `identity`), in their order."""
    model = queryset.model
    existing = {getattr(row, identity): row for row in queryset}
    kept = []
    for position, entry in enumerate(entries, 1):
        where = f"{section}[{position}]"
        values = _values(entry, keys, where) | {"position": position}
        if with_slug:
            values["slug"] = slugify(values["name"])
        instance = existing.pop(str(values[identity]), None) or model()
        _update(instance, values, where, changes, keys)
        kept.append(instance)
    for row in existing.values():
        try:
            row.delete()
        except ProtectedError:
            raise TerritoryFileError(
                f"{section} : « {row} » n'est pas dans le fichier, mais des lieux l'utilisent "
                "encore. Changez d'abord ces lieux dans l'espace du CCAS."
            ) from None
        changes.deleted.append(str(row))
    return kept


def _check_places_in(towns):
    """Every place stays in one of the towns (`Place.clean`)."""
    names = [town.name for town in towns]
    elsewhere = Place.objects.exclude(city__in=names).values_list("city", flat=True).distinct()
    if elsewhere:
        raise TerritoryFileError(
            f"villes : des lieux sont à {', '.join(sorted(elsewhere))}, qui n'est pas dans le "
            "fichier. Ajoutez cette ville ou changez d'abord ces lieux dans l'espace du CCAS."
        )


def _message(error, where, keys):
    by_field = {field_name: key for key, field_name in keys.items()}
    lines = []
    for field_name, messages in error.message_dict.items():
        key = by_field.get(field_name, field_name)
        lines.append(f"{_name(where, key)} : {' '.join(messages)}")
    return "\n".join(lines)


def _name(where, key):
    return f"{where}.{key}" if where else key
