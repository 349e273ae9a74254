"""The people sketch's format (docs/comptage-des-personnes.md): normalisation, hash, registers,
what is sent; the browser's side is checked against the same vectors in
tests/browser/test_people_sketch.py."""

import base64
from pathlib import Path

import pytest
from datasketch import HyperLogLogPlusPlus
from django.core.exceptions import ValidationError

from network import people_sketch

KEY = bytes(range(32))
# (last name, first name, birth date as written) -> normalised person, first 8 bytes of its
# HMAC-SHA-256 with KEY, register, rank. Written in the documentation too.
VECTORS = [
    (("Dupont", "Jean", "05/03/1971"), "dupont|jean|1971-03-05", "6e0e840831197bdb", 31707, 2),
    (("  DUPONT ", "jean", "1971-03-05"), "dupont|jean|1971-03-05", "6e0e840831197bdb", 31707, 2),
    (("Lefèbvre", "Zoé", "1.2.1980"), "lefebvre|zoe|1980-02-01", "774f988e6a6b2cb3", 11443, 2),
    (
        ("N'Diaye-Sow", "Aïcha", "31-12-1999"),
        "n diaye sow|aicha|1999-12-31",
        "10e40626c2a43970",
        14704,
        4,
    ),
    (
        ("Œuvray", "Stéphane", "29/02/2000 00:00"),
        "oeuvray|stephane|2000-02-29",
        "c50acf9178507114",
        28948,
        1,
    ),
]
IGNORED = [("Martin", "Marie", "30/02/2001"), ("Martin", "", "01/01/2001"), ("A", "B", "01/01/71")]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "comptage-des-personnes.md"


@pytest.mark.parametrize(("row", "person", "digest", "register", "rank"), VECTORS)
def test_vectors(row, person, digest, register, rank):
    assert people_sketch.person_key(*row) == person
    hashed = people_sketch.person_hash(KEY, person)
    assert hashed.to_bytes(8, "big").hex() == digest
    sketch, skipped = people_sketch.sketch_of(KEY, [row])
    assert skipped == 0
    assert [(i, int(v)) for i, v in enumerate(sketch.reg) if v] == [(register, rank)]


@pytest.mark.parametrize("row", IGNORED)
def test_a_row_without_a_real_date_or_a_name_is_left_out(row):
    sketch, skipped = people_sketch.sketch_of(KEY, [row])
    assert skipped == 1
    assert sketch.is_empty()


@pytest.mark.parametrize(("row", "person", "digest", "register", "rank"), VECTORS)
def test_the_documentation_gives_the_vectors(row, person, digest, register, rank):
    # In a Markdown table, "|" inside a cell is written "\|".
    text = DOCS.read_text().replace("\\|", "|")
    assert f"`{person}`" in text
    assert f"`{digest}`" in text


def _documented_vectors():
    """The rows of the documentation's table of test vectors: (row, person or None, digest,
    register, rank), cells read as written (a `code` cell's text, "(vide)" an empty one)."""
    section = DOCS.read_text().split("### Vecteurs de test", 1)[1]
    found = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        # In a Markdown table, "|" inside a cell is written "\|".
        cells = [cell.strip() for cell in line.replace("\\|", "\0").strip("|").split(" | ")]
        row = tuple(
            "" if part == "(vide)" else part.removeprefix("`").removesuffix("`")
            for part in cells[0].split(" ; ")
        )
        if cells[1].startswith("ignorée"):
            found.append((row, None, "", None, None))
            continue
        person = cells[1].strip("`").replace("\0", "|")
        found.append((row, person, cells[2].strip("`"), int(cells[3]), int(cells[4])))
    return found


def test_the_documentations_table_is_the_tests_vectors():
    """Every row of the table, inputs included, is a vector checked here and in the browser."""
    assert _documented_vectors() == [
        *VECTORS,
        *((row, None, "", None, None) for row in IGNORED),
    ]


def test_the_sketch_is_datasketchs_hyperloglog_plus_plus():
    sketch, _skipped = people_sketch.sketch_of(KEY, [row for row, *_ in VECTORS])
    assert isinstance(sketch, HyperLogLogPlusPlus)
    assert (sketch.p, len(sketch.reg)) == (16, 65_536)
    assert round(sketch.count()) == 4  # the first two rows are one person


def test_what_is_sent_reads_back_as_the_same_registers():
    sketch, _skipped = people_sketch.sketch_of(KEY, [row for row, *_ in VECTORS])
    text = people_sketch.encode(sketch, 2025)
    assert text.startswith("v1:2025:")
    data = people_sketch.decode(text, 2025)
    assert people_sketch.load(data) == sketch


def _sent(registers, precision=16):
    return "v1:2025:" + base64.b64encode(bytes([precision, *registers])).decode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "v1:2025",
        "v2:2025:AAAA",
        "v1:2025:not base64!",
        "v1:2025:" + base64.b64encode(b"\x10" + b"\x00" * 100).decode(),
        _sent([0] * 65_536, precision=14),
        _sent([50] + [0] * 65_535),
        "v1:2025:" + "A" * 200_000,
    ],
)
def test_junk_is_refused_with_a_message(text):
    with pytest.raises(ValidationError):
        people_sketch.decode(text, 2025)


def test_a_sketch_of_another_year_is_refused():
    sketch, _skipped = people_sketch.sketch_of(KEY, [VECTORS[0][0]])
    with pytest.raises(ValidationError, match="une autre année"):
        people_sketch.decode(people_sketch.encode(sketch, 2024), 2025)
