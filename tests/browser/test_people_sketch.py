"""The people sketch in Chromium: the page's JavaScript and the server's Python make the same
sketch, register for register, from the same list (docs/comptage-des-personnes.md)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership
from network import people_sketch
from network.models import PeopleCountKey, YearlyFigures
from tests.conftest import seed_lists
from tests.network.test_people_sketch import IGNORED, KEY, VECTORS

from .test_accessibility import violations, visit

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = timezone.localdate().year
# An export as a French spreadsheet writes it: ";", quoted fields, a ";" and a quote inside one,
# CRLF, dates in three formats, a row without a first name and one with an impossible date.
LIST = (
    "\ufeffN° dossier;Nom;Prénom;Date de naissance;Commentaire\r\n"
    '1;Dupont;Jean;05/03/1971;"colis; le mardi"\r\n'
    '2;"DUPONT ";jean;1971-03-05;"dit ""Jeannot"""\r\n'
    "3;Lefèbvre;Zoé;1.2.1980;\r\n"
    "4;N'Diaye-Sow;Aïcha;31-12-1999;\r\n"
    "5;Martin;;01/01/2001;\r\n"
    "6;Martin;Marie;30/02/2001;\r\n"
    + "".join(
        f"{7 + i};Nom{i};Prénom{i};{1 + i % 28}/{1 + i % 12}/19{50 + i % 50}\r\n"
        for i in range(300)
    )
)


@pytest.fixture
def manager(live_server, make_association, make_member):
    # A transactional test before this one emptied the seeded lists (quartiers...).
    seed_lists()
    association = make_association("Les Paniers du Pile")
    return association, make_member(association, "sophie", Membership.Role.MANAGER)


def server_rows():
    reader = csv.reader(io.StringIO(LIST.removeprefix("\ufeff")), delimiter=";")
    next(reader)
    return [(row[1], row[2], row[3]) for row in reader]


def test_the_browser_and_the_server_make_the_same_sketch(page, manager, log_in, tmp_path):
    association, user = manager
    log_in(user)
    path = tmp_path / "inscriptions.csv"
    path.write_text(LIST, encoding="utf-8")
    page.goto(f"/reseau/chiffres/{association.slug}/")
    assert page.locator(".people-sketch-nojs").is_hidden()
    page.set_input_files("#people-sketch-file", str(path))
    page.wait_for_selector(".people-sketch-columns:not([hidden])")
    # The columns are guessed from the titles.
    assert page.input_value("#people-sketch-last") == "1"
    assert page.input_value("#people-sketch-first") == "2"
    assert page.input_value("#people-sketch-born") == "3"
    page.click("#people-sketch-make")
    assert "Indiquez d'abord l'année" in page.text_content(".people-sketch-status")
    page.fill("input[name=year]", str(YEAR))
    page.click("#people-sketch-make")
    expect(page.locator("input[name=people_sketch]")).not_to_have_value("")
    status = page.text_content(".people-sketch-status")
    assert "304 personnes lues, 2 lignes ignorées" in status
    sent = page.input_value("input[name=people_sketch]")

    key = PeopleCountKey.objects.of_year(YEAR)
    expected, skipped = people_sketch.sketch_of(key, server_rows())
    assert skipped == 2
    assert people_sketch.load(people_sketch.decode(sent, YEAR)) == expected
    assert sent == people_sketch.encode(expected, YEAR)

    assert page.input_value("input[name=registrations]") == "304"
    with page.expect_navigation():
        page.click("form.form-stack button[type=submit]")
    figures = YearlyFigures.objects.get(association=association, year=YEAR)
    assert bytes(figures.people_sketch) == people_sketch.serialise(expected)


def test_the_javascript_gives_the_documented_vectors(page, manager, log_in):
    association, user = manager
    log_in(user)
    page.goto(f"/reseau/chiffres/{association.slug}/")
    for row, person, *_ in VECTORS:
        assert page.evaluate("row => window.peopleSketch.personKey(...row)", list(row)) == person
    for row in IGNORED:
        assert page.evaluate("row => window.peopleSketch.personKey(...row)", list(row)) is None
    registers = page.evaluate(
        """async ([key, rows]) => {
            const result = await window.peopleSketch.sketchOf(key, rows);
            return Array.from(result.registers.entries()).filter(([, rank]) => rank > 0);
        }""",
        [KEY.hex(), [list(row) for row, *_ in VECTORS]],
    )
    assert sorted(map(tuple, registers)) == sorted(
        {(register, rank) for *_, register, rank in VECTORS}
    )


def test_a_sketch_for_another_year_is_refused_in_the_page(page, manager, log_in, tmp_path):
    association, user = manager
    log_in(user)
    path = tmp_path / "inscriptions.csv"
    path.write_text(LIST, encoding="utf-8")
    page.goto(f"/reseau/chiffres/{association.slug}/")
    page.fill("input[name=year]", str(YEAR - 5))
    page.set_input_files("#people-sketch-file", str(path))
    page.wait_for_selector(".people-sketch-columns:not([hidden])")
    page.click("#people-sketch-make")
    assert "n'est possible que pour l'année en cours" in page.text_content(".people-sketch-status")
    assert page.input_value("input[name=people_sketch]") == ""


# The network's pages have no /en/ or /ar/ address (roubaix_aide/urls.py): French only.
def test_the_upload_page_has_no_wcag_violation(page, manager, log_in, tmp_path):
    association, user = manager
    log_in(user)
    path = tmp_path / "inscriptions.csv"
    path.write_text(LIST, encoding="utf-8")
    visit(page, f"/reseau/chiffres/{association.slug}/", "fr")
    page.set_input_files("#people-sketch-file", str(path))
    page.wait_for_selector(".people-sketch-columns:not([hidden])")
    page.fill("input[name=year]", str(YEAR))
    page.click("#people-sketch-make")
    expect(page.locator("input[name=people_sketch]")).not_to_have_value("")
    assert violations(page) == []


def test_the_dashboards_estimates_have_no_wcag_violation(page, manager, log_in, make_association):
    association, _user = manager
    other = make_association("L'Épicerie de l'Alma", slug="epicerie-alma")
    key = PeopleCountKey.objects.of_year(YEAR)
    rows = server_rows()
    for member, register in ((association, rows[:200]), (other, rows[150:])):
        sketch, _skipped = people_sketch.sketch_of(key, register)
        YearlyFigures.objects.create(
            association=member,
            year=YEAR,
            registrations=len(register),
            people_sketch=people_sketch.serialise(sketch),
        )
    # The superuser: a live-server test before this one may have emptied the agents' group.
    log_in(get_user_model().objects.create_superuser("chef", password="pw-chef-ccas"))
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, "/reseau/diagnostic/", "fr")
    page.click(".people-pairs summary")
    assert "L'Épicerie de l'Alma + Les Paniers du Pile" in page.text_content(".people-pairs")
    assert violations(page) == []


# Registers as people type them: the page's JavaScript must read each one as the server's Python.
TRICKY = [
    ("D’Almeida", "Jean-Baptiste", "5/3/1971"),
    ("  van der  BERG\t", "Ève\u00a0Marie", "05.03.1971 12:00:00"),
    ("MÜLLER", "Jürgen", "1971-3-5T00:00:00"),
    ("Strauß", "ẞtefan", "1971/03/05"),
    ("Øster", "Łukasz", "31/12/1999"),
    ("ŒUVRAY", "Æsa", "29/02/2000"),
    ("İnce", "Ğül", "29/02/1900"),
    ("Ben Ali", "ﬁfi", "01/01/0050"),
    ("Lopez", "María José", "0050-01-01"),
    ("Nguyễn", "Thị", "28/02/2023"),
    ("Σωκράτης", "ΟΔΥΣΣΕΑΣ", "1/1/2001"),
    ("Дюпон", "Жан", "01-01-2001"),
    ("Müller", "", "01/01/2001"),
    ("", "Jean", "01/01/2001"),
    ("--", "Jean", "01/01/2001"),
    ("Martin", "Marie", "5/3/71"),
    ("Martin", "Marie", "1971-13-01"),
    ("Martin", "Marie", "00/01/1971"),
    ("Martin", "Marie", "01/01/0000"),
    ("Martin", "Marie", "٠١/٠١/٢٠٠١"),
    ("Martin", "Marie", "le 5 mars 1971"),
    ("Martin", "Marie", "\u202f05/03/1971\u00a0"),
    ("Martin", "Marie", "\ufeff05/03/1971\ufeff"),
    ("Martin", "Marie", "\x8505/03/1971\x1f10:00"),
]


def test_the_javascript_normalises_as_the_server(page, manager, log_in):
    association, user = manager
    log_in(user)
    page.goto(f"/reseau/chiffres/{association.slug}/")
    found = page.evaluate("rows => rows.map(row => window.peopleSketch.personKey(...row))", TRICKY)
    expected = [people_sketch.person_key(*row) for row in TRICKY]
    assert found == expected
    # Left out: 29/02/1900 (1900 is not a leap year), a missing name, a two-digit year, dates
    # that are not dates and digits that are not ASCII; the other 14 rows are kept.
    assert found.count(None) == 10
