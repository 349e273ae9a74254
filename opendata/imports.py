"""Import associations, places and services from the CCAS spreadsheet (CSV) or data·inclusion.

``read`` turns the file into a ``Plan``: its associations in the order of the file, each a
unit: the records that describe it as (where, record), CSV lines or a data·inclusion structure
followed by its services; and the problems of the file as a whole (columns, JSON, types, ids used twice). Reading does not
query the database, so that it can be done again for each batch of an import job
(import_jobs.py). A ``converter`` then turns a unit into rows of model values, collecting every
problem (where, field, message), and ``apply_unit`` writes it as one edit (associations/edits.py).

Matching: the ids of the directory's own formats (the CCAS spreadsheet, and data·inclusion
records whose source is this directory) are the stored ids of its associations and services
(``identifier``): a record of the file is the one with its id, and one created takes the file's
id as its own, so that an export imported into this site changes nothing and into an empty site
exports again the same ids. The ids of other producers are remembered apart (``ImportedRecord``),
as are those of files imported before the ids were stored. Places are matched on their name
within the association. Importing the same file again changes nothing.
"""

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

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
    Service,
    ServicePublic,
    Town,
)
from associations.opening_hours import SLOT_FIELDS

from . import osm_hours
from .csv_safety import restore
from .exports import data_inclusion as di
from .exports.published import SOURCE as OWN_SOURCE
from .import_report import Problem
from .models import ImportedRecord
from .spreadsheet import (
    COLUMNS,
    DATE_FORMAT,
    NO,
    REQUIRED_COLUMNS,
    YES,
)

CSV_SOURCE = "csv"
DI_SOURCE = "data-inclusion:"
# The longest id an ImportedRecord keeps, and the longest producer name after DI_SOURCE.
MAX_ID_LENGTH = ImportedRecord._meta.get_field("source_id").max_length
MAX_PRODUCER_LENGTH = ImportedRecord._meta.get_field("source").max_length - len(DI_SOURCE)


@dataclass
class Plan:
    source: str
    units: list = field(default_factory=list)  # [[(where, record), …] for each association]
    problems: list = field(default_factory=list)
    header: list = field(default_factory=list)  # a CSV file's columns; its lines are lists


@dataclass
class AssociationRow:
    where: str
    source_id: str
    values: dict
    columns: dict  # model field → column or data·inclusion field, for messages
    place: dict | None = None
    place_columns: dict = field(default_factory=dict)
    page: str = ""  # the page address the file gives, for an association it creates
    data_inclusion: bool = False  # see _as_data_inclusion_carries
    # Our data·inclusion export's description: the summary and the description in one text.
    joined_description: str | None = None


@dataclass
class ServiceRow:
    where: str
    source_id: str
    values: dict
    columns: dict
    place: dict | None
    hours: osm_hours.Hours
    publics: list
    place_columns: dict = field(default_factory=dict)
    ccas_publics: list | None = None  # None: leave the CCAS-only publics as they are
    languages: list | None = None  # None: leave the languages as they are


class _Invalid(Exception):
    def __init__(self, column, message):
        self.column, self.message = column, message


class _Vocabulary:
    """The lists the CCAS edits, looked up by name or identifier, ignoring case."""

    def __init__(self, model, column):
        self.column = column
        self.by_key = {}
        for term in model.objects.all():
            self.by_key.setdefault(term.name.casefold(), term)
            self.by_key.setdefault(term.slug.casefold(), term)

    def get(self, text):
        if not text:
            return None
        try:
            return self.by_key[text.strip().casefold()]
        except KeyError:
            raise _Invalid(self.column, f"« {text} » n'est pas dans la liste.") from None

    def get_list(self, text):
        return [self.get(part) for part in text.split(",") if part.strip()]


def _choice(choices, text, column, default=None):
    """A TextChoices value from its French label or its code."""
    if not text.strip():
        return default
    for value, label in choices.choices:
        if text.strip().casefold() in (value.casefold(), str(label).casefold()):
            return value
    labels = ", ".join(f"« {label} »" for label in choices.labels)
    raise _Invalid(column, f"« {text} » : écrivez {labels}.")


# The CCAS spreadsheet


ASSOCIATION_COLUMNS = {
    "name": "association",
    "summary": "association_resume",
    "description": "association_description",
    "phone": "association_telephone",
    "email": "association_courriel",
    "website": "association_site_web",
    "network": "reseau",
    "holiday_policy": "jours_feries",
    "last_checked_on": "verifiee_le",
    "is_published": "publiee",
    "slug": "id_association",
    "identifier": "id_association",
}
SERVICE_COLUMNS = {
    "aid_type": "type_aide",
    "name": "service_intitule",
    "description": "service_description",
    "access": "acces",
    "access_details": "acces_precisions",
    "is_free": "gratuit",
    "fee_details": "participation",
    "documents": "justificatifs",
    "zone": "zone",
    "place": "lieu_nom",
    "identifier": "id_service",
}
PLACE_COLUMNS = {
    "name": "lieu_nom",
    "address": "lieu_adresse",
    "postal_code": "lieu_code_postal",
    "city": "lieu_ville",
    "quartier": "lieu_quartier",
    "latitude": "lieu_latitude",
    "longitude": "lieu_longitude",
    "accessibility": "lieu_accessibilite",
    "directions": "lieu_acces",
}


def read_csv(texts):
    """The CCAS spreadsheet: the text of one CSV file, ``;`` or ``,`` between cells."""
    plan = Plan(CSV_SOURCE)
    if len(texts) != 1:
        plan.problems.append(Problem("fichiers", "CSV", "un seul fichier CSV à la fois."))
        return plan
    text = texts[0].lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as error:
        plan.problems.append(Problem("ligne 1", "CSV", _csv_error(error)))
        return plan
    if not _csv_header_problems(header, plan.problems):
        _csv_units(header, reader, plan)
    return plan


def _csv_error(error):
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit() // 1024
        return f"une cellule dépasse {limit} ko : est-ce bien un tableur enregistré en CSV ?"
    return "fichier illisible à partir de cette ligne : est-ce bien un tableur enregistré en CSV ?"


def _csv_header_problems(header, problems):
    """Report a missing or wrong first line; whether the file cannot be read further."""
    if not any(header):
        problems.append(Problem("ligne 1", "CSV", "fichier vide."))
        return True
    if not set(header) & set(COLUMNS):
        problems.append(
            Problem(
                "ligne 1",
                "CSV",
                "la première ligne doit nommer les colonnes (id_association, association, "
                "id_service, type_aide…) : partez du modèle fixtures/import-template.csv.",
            )
        )
        return True
    found = [
        Problem("ligne 1", column, "colonne inconnue (voir fixtures/IMPORT.md).")
        for column in header
        if column not in COLUMNS
    ] + [
        Problem("ligne 1", column, "colonne obligatoire absente.")
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    problems += found
    return bool(found)


def _csv_units(header, reader, plan):
    """The lines grouped by association, in the order of their first line; an id of a service
    given twice is a problem. A line is named by its number in a spreadsheet (the header is
    line 1), whatever line breaks its cells hold; empty lines are skipped, and counted."""
    units, services = {}, {}
    number = 1
    try:
        for number, values in enumerate(reader, start=2):
            if any(value.strip() for value in values):
                _csv_unit_line(header, f"ligne {number}", values, units, services, plan)
    except csv.Error as error:
        plan.problems.append(Problem(f"ligne {number + 1}", "CSV", _csv_error(error)))
    plan.units = list(units.values())
    plan.header = header


def _csv_unit_line(header, where, values, units, services, plan):
    """Add a line to the unit of its association, unless its ids are too long or its service's
    id was given before."""
    row = _csv_row(header, values)
    service_id, source_id = row["id_service"], row["id_association"]
    too_long = [
        column
        for column, value in (("id_association", source_id), ("id_service", service_id))
        if len(value) > MAX_ID_LENGTH
    ]
    if too_long:
        plan.problems.append(Problem(where, too_long[0], f"{MAX_ID_LENGTH} caractères au plus."))
        return
    if service_id in services:
        plan.problems.append(Problem(where, "id_service", f"déjà donné en {services[service_id]}."))
        return
    if service_id:
        services[service_id] = where
    # The line kept as read: a list weighs a fraction of a dict, for 50,000 lines.
    units.setdefault(source_id, []).append((where, values))


def _csv_row(header, values):
    """A line's cells by column, stripped, without the quote the export put before a formula."""
    return {
        column: restore(value.strip())
        for column, value in zip_longest(header, values, fillvalue="")
        if column
    }


def _csv_rows(unit, header, vocabularies, problems):
    """The association and service rows of a unit's lines; an invalid line is reported."""
    association, services = None, []
    for where, values in unit:
        row = _csv_row(header, values)
        try:
            row_association = _csv_association(row, where, vocabularies)
            service = _csv_service(row, where, vocabularies)
        except _Invalid as invalid:
            problems.append(Problem(where, invalid.column, invalid.message))
            continue
        if association is None:
            association = row_association
        else:
            for name, value in row_association.values.items():
                if row.get(ASSOCIATION_COLUMNS[name]) and value != association.values.get(name):
                    problems.append(
                        Problem(
                            where,
                            ASSOCIATION_COLUMNS[name],
                            f"différent de la {association.where} pour la même association.",
                        )
                    )
        services.append(service)
    return association, services


def _vocabularies():
    return {
        "aid_type": _Vocabulary(AidType, "type_aide"),
        "network": _Vocabulary(Network, "reseau"),
        "quartier": _Vocabulary(Quartier, "lieu_quartier"),
        "publics": _Vocabulary(Public, "publics"),
        "publics_ccas": _Vocabulary(Public, "publics_ccas"),
        "languages": _Vocabulary(Language, "langues"),
        # A place's town when its row gives none: the territory's first.
        "town": Town.objects.first(),
    }


def _required(row, column):
    if not row.get(column):
        raise _Invalid(column, "obligatoire.")
    return row[column]


def _yes_no(row, column, default=None):
    text = row.get(column, "").casefold()
    if not text:
        return default
    if text not in (YES, NO):
        raise _Invalid(column, f"écrivez « {YES} » ou « {NO} ».")
    return text == YES


def _csv_date(row, column):
    text = row.get(column, "")
    if not text:
        return None
    for pattern in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _Invalid(column, f"« {text} » : date attendue comme 31/01/2026.")


def _decimal(row, column):
    text = row.get(column, "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise _Invalid(column, f"« {row[column]} » : nombre attendu, comme 50,6942.") from None


def _csv_association(row, where, vocabularies):
    source_id = _required(row, "id_association")
    values = {
        "name": _required(row, "association"),
        "summary": row.get("association_resume", ""),
        "description": row.get("association_description", ""),
        "phone": row.get("association_telephone", ""),
        "email": row.get("association_courriel", ""),
        "website": row.get("association_site_web", ""),
        "network": vocabularies["network"].get(row.get("reseau")),
        "last_checked_on": _csv_date(row, "verifiee_le"),
    }
    policy = _choice(Association.HolidayPolicy, row.get("jours_feries", ""), "jours_feries")
    if policy:
        values["holiday_policy"] = policy
    published = _yes_no(row, "publiee")
    if published is not None:
        values["is_published"] = published
    return AssociationRow(where, source_id, values, ASSOCIATION_COLUMNS)


def _csv_service(row, where, vocabularies):
    try:
        hours = osm_hours.parse(row.get("horaires", ""))
    except ValueError as error:
        raise _Invalid("horaires", str(error)) from None
    if hours.holidays_closed and row.get("jours_feries") and not _closed_on_holidays(row):
        raise _Invalid("horaires", "« PH off » contredit la colonne jours_feries.")
    place = None
    if any(row.get(column) for column in PLACE_COLUMNS.values()):
        place = {
            "name": row.get("lieu_nom") or _required(row, "lieu_adresse"),
            "address": _required(row, "lieu_adresse"),
            "postal_code": row.get("lieu_code_postal") or vocabularies["town"].postal_code_list[0],
            "city": row.get("lieu_ville") or vocabularies["town"].name,
            "quartier": vocabularies["quartier"].get(row.get("lieu_quartier")),
            "latitude": _decimal(row, "lieu_latitude"),
            "longitude": _decimal(row, "lieu_longitude"),
            "accessibility": _choice(
                Place.Accessibility,
                row.get("lieu_accessibilite", ""),
                "lieu_accessibilite",
                Place.Accessibility.UNKNOWN,
            ),
            "directions": row.get("lieu_acces", ""),
        }
        if place["latitude"] is None and place["longitude"] is None:
            # No coordinates in the file: the place keeps those the address base found for it.
            del place["latitude"], place["longitude"]
    values = {
        "aid_type": vocabularies["aid_type"].get(_required(row, "type_aide")),
        "name": row.get("service_intitule", ""),
        "description": row.get("service_description", ""),
        "access": _choice(
            Service.Access, row.get("acces", ""), "acces", Service.Access.UNCONDITIONAL
        ),
        "access_details": row.get("acces_precisions", ""),
        "is_free": _yes_no(row, "gratuit", default=True),
        "fee_details": row.get("participation", ""),
        "documents": "\n".join(
            line.strip() for line in row.get("justificatifs", "").splitlines() if line.strip()
        ),
        "zone": row.get("zone", ""),
    }
    return ServiceRow(
        where,
        _required(row, "id_service"),
        values,
        SERVICE_COLUMNS,
        place,
        hours,
        publics=vocabularies["publics"].get_list(row.get("publics", "")),
        place_columns=PLACE_COLUMNS,
        ccas_publics=(
            vocabularies["publics_ccas"].get_list(row["publics_ccas"])
            if "publics_ccas" in row
            else None
        ),
        languages=(
            vocabularies["languages"].get_list(row["langues"]) if "langues" in row else None
        ),
    )


def _closed_on_holidays(row):
    policy = _choice(Association.HolidayPolicy, row["jours_feries"], "jours_feries")
    return policy == Association.HolidayPolicy.CLOSED


# data·inclusion


DI_ASSOCIATION_FIELDS = {
    "name": "nom",
    "description": "description",
    "phone": "telephone",
    "email": "courriel",
    "website": "site_web",
    "network": "reseaux_porteurs",
    "last_checked_on": "date_maj",
    "slug": "lien_source",
    "identifier": "id",
}
DI_SERVICE_FIELDS = {
    "aid_type": "type",
    "name": "nom",
    "description": "description",
    "access": "mobilisation_precisions",
    "access_details": "mobilisation_precisions",
    "is_free": "frais",
    "fee_details": "frais_precisions",
    "documents": "conditions_acces",
    "zone": "conditions_acces",
    "place": "complement_adresse",
    "identifier": "id",
}
DI_PLACE_FIELDS = {
    "name": "complement_adresse",
    "address": "adresse",
    "postal_code": "code_postal",
    "city": "commune",
    "latitude": "latitude",
    "longitude": "longitude",
}


# The type of each field the import reads, checked before it reads any.
DI_TEXT_FIELDS = [
    "source",
    "id",
    "structure_id",
    "nom",
    "description",
    "date_maj",
    "telephone",
    "courriel",
    "site_web",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "horaires_accueil",
    "type",
    "frais",
    "frais_precisions",
    "publics_precisions",
    "conditions_acces",
    "mobilisation_precisions",
]
DI_LIST_FIELDS = ["reseaux_porteurs", "publics", "mobilisable_par"]
DI_NUMBER_FIELDS = ["latitude", "longitude"]


def read_data_inclusion(texts):
    """data·inclusion structures and services: each text is a JSON list of records (structures
    and services may be in separate files or mixed) or ``{"structures": […], "services": […]}``.
    A unit is a structure and its services, in the order of the structures."""
    plan = Plan(DI_SOURCE)
    records = []
    for number, text in enumerate(texts, start=1):
        try:
            records += _di_records(text, f"fichier {number}", plan.problems)
        except _Invalid as invalid:
            plan.problems.append(Problem(f"fichier {number}", invalid.column, invalid.message))
    if records:
        plan.source = DI_SOURCE + (records[0][1].get("source") or "")
    units = {}
    for where, record in records:
        if "structure_id" not in record:
            if record["id"] in units:
                first = units[record["id"]][0][0]
                plan.problems.append(Problem(where, "id", f"déjà donné en {first}."))
            else:
                units[record["id"]] = [(where, record)]
    services = {}
    for where, record in records:
        if "structure_id" in record:
            unit = units.get(record["structure_id"])
            if unit is None:
                message = f"« {record['structure_id']} » : aucune structure avec cet id."
                plan.problems.append(Problem(where, "structure_id", message))
            elif record["id"] in services:
                message = f"déjà donné en {services[record['id']]}."
                plan.problems.append(Problem(where, "id", message))
            else:
                services[record["id"]] = where
                unit.append((where, record))
    plan.units = list(units.values())
    return plan


def _di_records(text, where, problems):
    """The records of one file as (where, record), each of the types the import reads; the
    others are reported."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise _Invalid(
            "JSON", "trop de niveaux imbriqués pour un fichier data·inclusion."
        ) from None
    except json.JSONDecodeError as error:
        raise _Invalid(
            "JSON", f"JSON invalide à la ligne {error.lineno}, colonne {error.colno}."
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise _Invalid("JSON", "nombre trop long.") from None
    if isinstance(document, dict):
        parts = [document.get("structures", []), document.get("services", [])]
        if not all(isinstance(part, list) for part in parts):
            raise _Invalid("JSON", "« structures » et « services » doivent être des listes.")
        document = parts[0] + parts[1]
    if not isinstance(document, list):
        raise _Invalid(
            "JSON",
            'une liste d\'enregistrements, ou {"structures": […], "services": […]}, attendue.',
        )
    records = []
    for index, record in enumerate(document, start=1):
        record_where = f"{where}, enregistrement {index}"
        try:
            _di_check_types(record)
        except _Invalid as invalid:
            problems.append(Problem(record_where, invalid.column, invalid.message))
            continue
        records.append((record_where, record))
    return records


def _di_check_types(record):
    """Raise _Invalid for the first field the import reads that does not hold its type."""
    if not isinstance(record, dict):
        raise _Invalid("JSON", "un objet { … } attendu.")
    for name in DI_TEXT_FIELDS:
        if not _text_or_none(record.get(name)):
            raise _Invalid(name, "texte attendu.")
    for name in DI_LIST_FIELDS:
        value = record.get(name)
        if value is not None and not (
            isinstance(value, list) and all(_text_or_none(item) and item for item in value)
        ):
            raise _Invalid(name, "liste de textes attendue.")
    for name in DI_NUMBER_FIELDS:
        value = record.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise _Invalid(name, "nombre attendu.")
    for name in ["id", *(["structure_id"] if "structure_id" in record else [])]:
        if not record.get(name):
            raise _Invalid(name, "obligatoire.")
        if len(record[name]) > MAX_ID_LENGTH:
            raise _Invalid(name, f"{MAX_ID_LENGTH} caractères au plus.")
    if len(record.get("source") or "") > MAX_PRODUCER_LENGTH:
        raise _Invalid("source", f"{MAX_PRODUCER_LENGTH} caractères au plus.")


def _text_or_none(value):
    """None, or a text a database can hold (PostgreSQL refuses the null character)."""
    return value is None or (isinstance(value, str) and "\x00" not in value)


def _di_rows(unit, problems):
    """The association row of a unit's structure and the rows of its services; the invalid
    ones are reported."""
    (where, structure), *services = unit
    try:
        association = _di_structure(structure, where)
    except _Invalid as invalid:
        problems.append(Problem(where, invalid.column, invalid.message))
        association = None
    rows = []
    for where, record in services:
        try:
            rows.append(_di_service(record, where))
        except _Invalid as invalid:
            problems.append(Problem(where, invalid.column, invalid.message))
    return association, rows


def _di_required(record, name):
    value = record.get(name)
    if value in (None, ""):
        raise _Invalid(name, "obligatoire.")
    return value


def _di_date(record, name):
    try:
        return date.fromisoformat(_di_required(record, name))
    except (TypeError, ValueError):
        raise _Invalid(name, "date attendue comme 2026-01-31.") from None


def _di_place(record):
    if not record.get("adresse"):
        return None
    return {
        "name": record.get("complement_adresse") or record["adresse"],
        "address": record["adresse"],
        "postal_code": record.get("code_postal") or "",
        "city": record.get("commune") or "",
        **{
            name: _di_decimal(record, name)
            for name in ("latitude", "longitude")
            if record.get(name) is not None
        },
    }


def _di_decimal(record, name):
    try:
        return Decimal(str(record[name])).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise _Invalid(name, "nombre attendu, comme 50.6942.") from None


def _di_structure(record, where):
    codes = record.get("reseaux_porteurs") or []
    network = Network.objects.filter(di_code__in=codes).exclude(di_code="").first()
    values = {
        "name": _di_required(record, "nom"),
        "phone": record.get("telephone") or "",
        "email": record.get("courriel") or "",
        "website": record.get("site_web") or "",
        "network": network,
        "last_checked_on": _di_date(record, "date_maj"),
    }
    row = AssociationRow(
        where,
        _di_required(record, "id"),
        values,
        DI_ASSOCIATION_FIELDS,
        _di_place(record),
        DI_PLACE_FIELDS,
        data_inclusion=True,
    )
    if record.get("source") == OWN_SOURCE:
        values["is_published"] = True
        row.page = _page_slug(record.get("lien_source") or "")
        row.joined_description = record.get("description") or ""
    else:
        values["description"] = record.get("description") or ""
    return row


def _page_slug(url):
    """The page address of an association page's URL (``lien_source`` of our exports), or ""."""
    try:
        with translation.override("fr"):
            match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    return match.kwargs["slug"] if match.view_name == "associations:detail" else ""


def _di_service(record, where):
    try:
        hours = osm_hours.parse(record.get("horaires_accueil") or "")
    except ValueError as error:
        raise _Invalid("horaires_accueil", str(error)) from None
    name = _di_required(record, "nom")
    aid_type_name, documents, zone = _di_conditions(record.get("conditions_acces") or "")
    aid_type = _di_aid_type(record, aid_type_name)
    if name.casefold() == aid_type.name.casefold():
        name = ""
    description = record.get("description") or ""
    if description == di.generic_description(aid_type):
        description = ""
    access, access_details = _di_access(record)
    values = {
        "aid_type": aid_type,
        "name": name,
        "description": description,
        "access": access,
        "access_details": access_details,
        "is_free": record.get("frais") != "payant",
        "fee_details": record.get("frais_precisions") or "",
        "documents": documents,
        "zone": zone,
    }
    return ServiceRow(
        where,
        record["id"],
        values,
        DI_SERVICE_FIELDS,
        _di_place(record),
        hours,
        publics=_di_publics(record),
        place_columns=DI_PLACE_FIELDS,
    )


def _di_access(record):
    text = record.get("mobilisation_precisions") or ""
    for access in Service.Access:
        label = di.access_label(access)
        if text == label:
            return access, ""
        if text.startswith(label + di.ACCESS_SEPARATOR):
            return access, text[len(label + di.ACCESS_SEPARATOR) :]
    referral = record.get("mobilisable_par") == ["professionnels"]
    return (Service.Access.REFERRAL if referral else Service.Access.UNCONDITIONAL), text


def _di_aid_type(record, name):
    """The local type of aid our export names (``conditions_acces``); for a file of another
    producer, the type whose name is the service's, else the first of its national type."""
    if name:
        aid_type = AidType.objects.filter(name__iexact=name).first()
        if aid_type is None:
            raise _Invalid("conditions_acces", f"« {name} » : type d'aide inconnu.")
        return aid_type
    aid_type = (
        AidType.objects.filter(name__iexact=record["nom"]).first()
        or AidType.objects.filter(di_type=record.get("type") or "aide-materielle").first()
    )
    if aid_type is None:
        raise _Invalid("type", f"« {record.get('type')} » : aucun type d'aide correspondant.")
    return aid_type


def _di_conditions(text):
    """The type of aid, the documents and the zone of ``conditions_acces``."""
    aid_type, documents, zone = "", [], ""
    for line in text.splitlines():
        if line.startswith(di.TYPE_PREFIX):
            aid_type = line.removeprefix(di.TYPE_PREFIX).strip()
        elif line.startswith(di.DOCUMENTS_PREFIX):
            documents += line.removeprefix(di.DOCUMENTS_PREFIX).split(di.LIST_SEPARATOR)
        elif line.startswith(di.ZONE_PREFIX):
            zone = line.removeprefix(di.ZONE_PREFIX)
        elif line.strip():
            documents.append(line)
    return aid_type, "\n".join(documents), zone


def _di_publics(record):
    """Our local publics when the record names them, else the codes that map to one only."""
    text = record.get("publics_precisions") or ""
    if text.startswith(di.PUBLICS_PREFIX):
        names = [name.strip() for name in text.removeprefix(di.PUBLICS_PREFIX).split(",")]
        publics = {public.name: public for public in Public.objects.filter(name__in=names)}
        unknown = [name for name in names if name not in publics]
        if unknown:
            raise _Invalid("publics_precisions", f"public inconnu : {', '.join(unknown)}.")
        return [publics[name] for name in names]
    by_code = {}
    for public in Public.objects.exclude(di_code=""):
        by_code.setdefault(public.di_code, []).append(public)
    return [
        by_code[code][0] for code in record.get("publics") or [] if len(by_code.get(code, [])) == 1
    ]


# Writing


def apply_unit(source, association, services, report, user=None):
    """Write an association, its places and its services as one edit (a form loaded before the
    import and saved after it is refused as a conflict). The caller holds the transaction: an
    import job rolls it back on a dry run, or when the report has problems."""
    with translation.override("fr"):
        if any(row.hours.holidays_closed for row in services):
            association.values["holiday_policy"] = Association.HolidayPolicy.CLOSED
        _apply_association(source, association, services, report, user)


def _apply_association(source, row, service_rows, report, user):
    """Write one association, its places and its services as one edit."""
    association = _matched(source, Association, row.source_id) or Association(
        identifier=_new_identifier(source, row.source_id),
        slug=_new_slug(row),
    )
    if row.data_inclusion:
        _as_data_inclusion_carries(association, row)
    with edits.edit(association, user=user, source=edits.Source.IMPORT) as change:
        status, changed = _save(source, association, row, report)
        if status is None:
            return
        report.count("associations", status)
        change.sections += edits.sections_of(changed)
        places = {}
        if row.place:
            _save_place(association, row, places, report, change)
        for service_row in service_rows:
            _apply_service(source, association, service_row, places, report, change)


def _as_data_inclusion_carries(association, row):
    """data·inclusion names a network by its national code only, gives the day of the last
    edit as ``date_maj`` when the information was never checked, and our export joins the
    summary and the description: where the file holds what the association's own values would
    be exported as, they stay as they are."""
    checked = row.values["last_checked_on"]
    if association.pk and checked == di.date_maj(association, timezone.localdate()):
        del row.values["last_checked_on"]
    network = association.network
    if row.values["network"] is None and network is not None and not network.di_code:
        del row.values["network"]
    text = row.joined_description
    if text is not None and text != (di.structure_description(association) or ""):
        row.values |= {"summary": "", "description": text}


def _apply_service(source, association, row, places, report, change):
    place = _save_place(association, row, places, report, change) if row.place else None
    if row.place and place is None:
        return
    service = _matched(source, Service, row.source_id) or Service(
        identifier=_new_identifier(source, row.source_id)
    )
    if service.association_id not in (None, association.pk):
        message = (
            f"id d'un service de « {service.association} » : "
            "un service ne change pas d'association."
        )
        report.problems.append(Problem(row.where, row.columns["identifier"], message))
        return
    status, changed = _save(source, service, row, report, association=association, place=place)
    if status is None:
        return
    if changed:
        change.sections.append(edits.Section.SERVICES)
    details = _save_details(service, row)
    change.sections += details
    report.count("services", "updated" if details and status == "unchanged" else status)


def _own(source):
    """Whether the file's ids are this directory's stored ids: the CCAS spreadsheet, or
    data·inclusion records of this directory's export."""
    return source in (CSV_SOURCE, DI_SOURCE + OWN_SOURCE)


def _matched(source, model, source_id):
    """The association or service that the file's id names, if there is one."""
    if _own(source):
        found = model._default_manager.filter(identifier=source_id).first()
        if found is not None:
            return found
    return _imported(source, model, source_id)


def _new_identifier(source, source_id):
    """The stored id of a record the file creates: the file's id in our own formats (no record
    holds it, or it would have been matched), a new one for another producer's record."""
    return source_id if _own(source) else str(uuid.uuid4())


def _imported(source, model, source_id):
    """The row an earlier import of this source created for `source_id`, if it still exists."""
    record = ImportedRecord.objects.filter(
        source=source, content_type=ContentType.objects.get_for_model(model), source_id=source_id
    ).first()
    return model._default_manager.filter(pk=record.object_id).first() if record else None


def _save(source, instance, row, report, **links):
    """Save ``instance`` with the values of ``row``: ("created", "updated" or "unchanged", the
    names of the fields changed); (None, None) with the problems reported if it is invalid."""
    created = instance.pk is None
    changed = _assign(instance, row.values | links)
    if (created or changed) and not _valid(instance, row.where, row.columns, report):
        return None, None
    if created:
        instance.save()
        if instance.identifier == row.source_id:
            return "created", changed
        ImportedRecord.objects.update_or_create(
            source=source,
            content_type=ContentType.objects.get_for_model(type(instance)),
            source_id=row.source_id,
            defaults={"object_id": instance.pk},
        )
        return "created", changed
    if changed:
        instance.save()
        return "updated", changed
    return "unchanged", changed


def _save_place(association, row, places, report, change):
    """The association's place of that name, created or updated once per import."""
    values = row.place
    key = values["name"]
    if key in places:
        place, where, first_values = places[key]
        if values != first_values:
            report.problems.append(
                Problem(row.where, row.place_columns["name"], f"lieu décrit autrement en {where}.")
            )
        return place
    place = Place.objects.filter(association=association, name=values["name"]).first()
    created = place is None
    place = place or Place(association=association)
    changed = _assign(place, values)
    if (created or changed) and not _valid(place, row.where, row.place_columns, report):
        return None
    if created or changed:
        place.save()
        change.sections.append(edits.Section.PLACES)
    report.count("places", "created" if created else "updated" if changed else "unchanged")
    places[key] = (place, row.where, values)
    return place


def _assign(instance, values):
    """Set ``values`` on ``instance``; the names of those that changed."""
    changed = []
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if model_field.is_relation:
            current, new = getattr(instance, model_field.attname), value.pk if value else None
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _valid(instance, where, columns, report):
    """Whether a row to save is valid; its problems reported. A row the import leaves as it is
    is not checked again: checking costs a dozen queries, most of a re-import's time."""
    try:
        instance.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                report.problems.append(Problem(where, columns.get(name, name), message))
        return False
    return True


def _new_slug(row):
    """The page address the file gives, or its id when that is a readable page address (the
    spreadsheet's template: ``paniers-du-pile``), else the name's."""
    source_id = row.page or row.source_id
    usable = slugify(source_id) == source_id and not source_id.isdigit()
    base = source_id if usable and not _is_uuid(source_id) else slugify(row.values["name"])
    base = base[:190] or "association"
    slug, number = base, 2
    while Association.all_objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _is_uuid(text):
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _save_details(service, row):
    """Publics, languages, hours and closures of the service; the sections they changed."""
    sections = []
    publics = {(public.pk, True) for public in row.publics}
    if row.ccas_publics is not None:
        publics |= {(public.pk, False) for public in row.ccas_publics}
    links = service.public_links.all()
    if row.ccas_publics is None:
        # A file without the CCAS's column holds the links a public page shows: the others stay,
        # and a sensitive public the file names where it is kept CCAS-only stays so. One the file
        # adds comes CCAS-only too: only an agent makes a sensitive public public.
        links = links.shown_publicly()
        others = service.public_links.exclude(pk__in=links.values("pk"))
        kept = set(others.values_list("public_id", flat=True))
        publics = {(public, shown) for public, shown in publics if public not in kept}
    if set(links.values_list("public_id", "is_public")) != publics:
        links.delete()
        bulk_create_with_history(
            [
                ServicePublic(service=service, public_id=public, is_public=is_public)
                for public, is_public in publics
            ],
            ServicePublic,
        )
        sections.append(edits.Section.SERVICES)
    if row.languages is not None:
        languages = {language.pk for language in row.languages}
        if set(service.languages.values_list("pk", flat=True)) != languages:
            service.languages.set(languages)
            sections.append(edits.Section.SERVICES)
    slot_fields = [name for name in SLOT_FIELDS if name != "service_id"]
    wanted = {_slot_key(slot[name] for name in slot_fields) for slot in row.hours.slots}
    current = {_slot_key(values) for values in service.slots.values_list(*slot_fields)}
    if wanted != current:
        service.slots.all().delete()
        bulk_create_with_history(
            [OpeningSlot(service=service, **slot) for slot in row.hours.slots], OpeningSlot
        )
        sections.append(edits.Section.HOURS)
    if _save_closures(service, row.hours.closures):
        sections.append(edits.Section.CLOSURES)
    return sections


def _slot_key(values):
    weekday, opens_at, closes_at, weeks, valid_from, valid_until = values
    return weekday, opens_at, closes_at, tuple(weeks or ()), valid_from, valid_until


def _save_closures(service, periods):
    """Coming closures of this service only; a period the association's own closure already
    covers (our exports write it in each service's hours) is not doubled. Whether any changed."""
    today = timezone.localdate()
    coming = Closure.objects.filter(association=service.association_id, ends_on__gte=today)
    whole = set(coming.filter(service=None).values_list("starts_on", "ends_on"))
    wanted = {period for period in periods if period not in whole}
    mine = coming.filter(service=service)
    if set(mine.values_list("starts_on", "ends_on")) == wanted:
        return False
    mine.delete()
    bulk_create_with_history(
        [
            Closure(
                association_id=service.association_id,
                service=service,
                starts_on=start,
                ends_on=end,
            )
            for start, end in sorted(wanted)
        ],
        Closure,
    )
    return True


FORMATS = {"csv": "CSV", "data-inclusion": "data·inclusion"}


class Unreadable(Exception):
    pass


def file_text(name, content):
    """The text of an imported file's bytes (UTF-8, with or without a byte-order mark), or
    Unreadable with the reason. A null character, which no text file holds, is refused here:
    neither can the database keep it (PostgreSQL), nor can the job hold the file until done."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            _("« %(name)s » n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».") % {"name": name}
        ) from None
    if "\x00" in text:
        raise Unreadable(
            _("« %(name)s » contient un caractère nul : ce n'est pas un fichier texte.")
            % {"name": name}
        )
    return text


def read(format, texts):
    """The files of an import, already read as text: one CSV, or data·inclusion JSON files."""
    return read_csv(texts) if format == "csv" else read_data_inclusion(texts)


def converter(format, plan):
    """A function turning a unit of the plan into (association row or None, service rows),
    appending the problems it finds to a list; the lists of the CCAS are read once, here."""
    if format == "csv":
        vocabularies = _vocabularies()
        return lambda unit, problems: _csv_rows(unit, plan.header, vocabularies, problems)
    return _di_rows


# What an export imported into an empty site does not bring back as it was: the dry run's report
# and fixtures/IMPORT.md list it (tests/opendata/test_round_trip.py holds the first point).
SENSITIVE_PUBLICS_COME_BACK_CCAS_ONLY = gettext_lazy(
    "Un public sensible (personnes sans papiers, demandeurs d'asile…) rendu public par un agent "
    "revient réservé au CCAS : seul un agent le rend public à nouveau. L'export suivant ne le "
    "montre donc plus."
)
NOT_CARRIED = {
    "csv": [
        SENSITIVE_PUBLICS_COME_BACK_CCAS_ONLY,
        gettext_lazy(
            "Une association que l'import crée prend pour adresse de page son id s'il en est "
            "une (paniers-du-pile), sinon son nom : le tableur ne porte pas l'adresse des pages."
        ),
        gettext_lazy(
            "Le tableur ne porte pas les publics réservés au CCAS (sauf la colonne publics_ccas "
            "ajoutée à la main), les notes internes, les référents, les textes en anglais et en "
            "arabe, les messages des fermetures ni les horaires passés : l'import les laisse "
            "tels qu'ils sont ; un site vide ne les reçoit pas."
        ),
    ],
    "data-inclusion": [
        SENSITIVE_PUBLICS_COME_BACK_CCAS_ONLY,
        gettext_lazy(
            "Une association que l'import crée reçoit son résumé et sa description en un seul "
            "texte (sa description), et date_maj pour date de vérification."
        ),
        gettext_lazy(
            "data·inclusion ne porte pas les quartiers, l'accessibilité et l'accès des lieux, "
            "les langues, les réseaux sans code national, les publics réservés au CCAS, les "
            "notes internes, les référents, les textes en anglais et en arabe ni les messages "
            "des fermetures : l'import les laisse tels qu'ils sont ; un site vide ne les reçoit "
            "pas."
        ),
    ],
}
