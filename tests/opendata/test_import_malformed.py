"""A malformed file gets a report of its problems in French on the import page, never an error
page; nothing is written."""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from associations.models import Association
from opendata.import_jobs import import_texts
from opendata.imports import DI_LIST_FIELDS, DI_NUMBER_FIELDS, DI_TEXT_FIELDS
from opendata.spreadsheet import COLUMNS

IMPORT_URL = reverse("admin:opendata_importedrecord_import")
HEADER = ";".join(COLUMNS)
STRUCTURE = {"id": "s", "nom": "Les Paniers du Pile", "date_maj": "2026-01-15"}


def _import(client, format, name, content):
    """The page the agent sees once the import of the file has ended."""
    response = client.post(
        IMPORT_URL,
        {"format": format, "files": SimpleUploadedFile(name, content), "dry_run": "on"},
        follow=True,
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _problems(page):
    """The report's table, one "where, column : message" line per problem."""
    rows = re.findall(r"<tr><td>(.*?)</td><td><code>(.*?)</code></td><td>(.*?)</td></tr>", page)
    assert "rien n'a été enregistré." in page
    return [f"{where}, {column} : {message}" for where, column, message in rows]


def _json(document):
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "profond.json",
            b"[" * 100_000 + b"]" * 100_000,
            "fichier 1, JSON : trop de niveaux imbriqués pour un fichier data·inclusion.",
        ),
        (
            "nombre.json",
            b"42",
            'fichier 1, JSON : une liste d\'enregistrements, ou {"structures": […], "services": […]}, attendue.',
        ),
        (
            "nul.json",
            b"null",
            'fichier 1, JSON : une liste d\'enregistrements, ou {"structures": […], "services": […]}, attendue.',
        ),
        (
            "nombres.json",
            b"[1,2]",
            "fichier 1, enregistrement 1, JSON : un objet { … } attendu.",
        ),
        (
            "structures.json",
            b'{"structures": 5}',
            "fichier 1, JSON : « structures » et « services » doivent être des listes.",
        ),
        (
            "coupe.json",
            b'[{"id": "s",',
            "fichier 1, JSON : JSON invalide à la ligne 1, colonne 13.",
        ),
        ("vide.json", b" ", "fichier 1, JSON : JSON invalide à la ligne 1, colonne 2."),
        (
            "types.json",
            _json([{**STRUCTURE, "nom": ["Les Paniers"]}]),
            "fichier 1, enregistrement 1, nom : texte attendu.",
        ),
        (
            "latitude.json",
            _json([{**STRUCTURE, "adresse": "1 rue de l'Alma", "latitude": 1e308}]),
            "fichier 1, enregistrement 1, latitude : nombre attendu, comme 50.6942.",
        ),
        (
            "nul-dans-un-texte.json",
            _json([{**STRUCTURE, "description": "a\x00b"}]),
            "fichier 1, enregistrement 1, description : texte attendu.",
        ),
        (
            "sans-structure.json",
            _json([{"id": "x", "structure_id": "absente", "nom": "Colis alimentaire"}]),
            "fichier 1, enregistrement 1, structure_id : « absente » : aucune structure avec cet id.",
        ),
    ],
)
def test_a_malformed_data_inclusion_file_is_reported(agent_client, name, content, message):
    page = _import(agent_client, "data-inclusion", name, content)

    assert message in _problems(page)
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            f"{HEADER}\na;{'x' * 200_000}\n".encode(),
            "ligne 2, CSV : une cellule dépasse 128 ko : est-ce bien un tableur enregistré en CSV ?",
        ),
        (
            b"paniers;Les Paniers du Pile;colis;Colis alimentaire\n",
            "ligne 1, CSV : la première ligne doit nommer les colonnes (id_association, association, "
            "id_service, type_aide…) : partez du modèle fixtures/import-template.csv.",
        ),
        (b"\n\n", "ligne 1, CSV : fichier vide."),
        (
            f"{HEADER}\na;A;;;;;;;;;;{'s' * 300};Colis alimentaire\n".encode(),
            "ligne 2, id_service : 200 caractères au plus.",
        ),
        (
            (
                f"{HEADER}\na;A;;;;;;;;;;s;Colis alimentaire\nb;B;;;;;;;;;;s;Colis alimentaire\n"
            ).encode(),
            "ligne 3, id_service : déjà donné en ligne 2.",
        ),
    ],
)
def test_a_malformed_spreadsheet_is_reported(agent_client, content, message):
    page = _import(agent_client, "csv", "tableur.csv", content)

    assert message in _problems(page)
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", f"{HEADER}\na;Café".encode("latin-1"), "« latin1.csv » n'est pas en UTF-8"),
        ("classeur.csv", bytes(range(256)) * 4, "« classeur.csv » n'est pas en UTF-8"),
        ("vide.csv", b"", "Le fichier soumis est vide."),
        (
            "binaire.csv",
            b"\x00\x01\x02\x03 PK\x03\x04",
            "« binaire.csv » contient un caractère nul : ce n'est pas un fichier texte.",
        ),
    ],
)
def test_a_file_that_is_no_text_is_refused_by_the_form(agent_client, name, content, message):
    page = _import(agent_client, "csv", name, content)

    assert message in page
    assert not Association.objects.exists()


# Any text a UTF-8 file can hold (no lone surrogate, which PostgreSQL's JSON refuses too) but the
# null character, which the import page and command refuse (file_text).
CELLS = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=30)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)
DI_FIELDS = DI_TEXT_FIELDS + DI_LIST_FIELDS + DI_NUMBER_FIELDS
RECORDS = st.dictionaries(st.sampled_from(DI_FIELDS), JSON_VALUES | st.text(), max_size=8)
ANY_DOCUMENT = st.lists(RECORDS | JSON_VALUES, max_size=4) | JSON_VALUES


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=ANY_DOCUMENT, services=st.lists(RECORDS, max_size=3))
def test_any_json_gets_a_report(db, document, services):
    services = [{**record, "structure_id": "s", "id": f"x{n}"} for n, record in enumerate(services)]
    texts = [json.dumps(document), json.dumps([STRUCTURE, *services])]

    report = import_texts("data-inclusion", texts, dry_run=True)

    assert not report.written


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, max_size=len(COLUMNS)), max_size=4))
def test_any_spreadsheet_gets_a_report(db, rows):
    text = "\n".join([HEADER, *(";".join(row) for row in rows)])

    report = import_texts("csv", [text], dry_run=True)

    assert not report.written
