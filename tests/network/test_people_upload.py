"""The people sketch sent with the yearly figures: only managers (and agents) send one, through
the figures' one write path and its history; junk is a form error; no name, birth date or hash of
one reaches the server's database or logs."""

import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from network import people_sketch
from network.models import DiagnosticYear, PeopleCountKey, YearlyFigures

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
NAMES = [("Dupont-Ferrand", "Angélique", "05/03/1971"), ("Benali", "Yasmine", "1988-11-30")]


def figures_url(association, year=None):
    if year:
        return reverse("network:edit_figures", args=[association.slug, year])
    return reverse("network:figures", args=[association.slug])


def sent(rows, year=YEAR):
    """What the manager's browser sends for `rows`, with the network's key of `year`."""
    sketch, _skipped = people_sketch.sketch_of(PeopleCountKey.objects.of_year(year), rows)
    return people_sketch.encode(sketch, year)


def posted(year=YEAR, **fields):
    return {"year": str(year), "registrations": "2", **fields}


def test_the_manager_gets_the_years_keys_and_the_list_stays_in_the_browser(manager_client, own):
    response = manager_client.get(figures_url(own))
    page = response.content.decode()
    keys = response.context["sketch_keys"]
    assert set(keys) == {YEAR, YEAR - 1}
    assert keys[YEAR] == PeopleCountKey.objects.of_year(YEAR).hex()
    assert 'id="people-sketch-keys"' in page
    assert "js/people-sketch" in page
    # The file input has no name: the browser cannot send the list with the form.
    assert '<input type="file" id="people-sketch-file"' in page
    assert 'name="people_sketch"' in page
    assert "Cette partie a besoin de JavaScript" in page


def test_a_volunteer_gets_no_key(volunteer_client, own):
    page = volunteer_client.get(figures_url(own)).content.decode()
    assert "people-sketch-keys" not in page
    for key in PeopleCountKey.objects.all():
        assert bytes(key.secret).hex() not in page


def test_a_closed_year_has_no_key(manager_client, own):
    DiagnosticYear.objects.create(year=YEAR - 1)
    assert set(manager_client.get(figures_url(own)).context["sketch_keys"]) == {YEAR}


def test_manager_sends_the_sketch_with_the_figures_and_history_keeps_it(manager_client, own):
    text = sent(NAMES)
    response = manager_client.post(figures_url(own), posted(people_sketch=text))
    assert response.status_code == 302
    figures = YearlyFigures.objects.get(association=own, year=YEAR)
    assert bytes(figures.people_sketch) == people_sketch.decode(text, YEAR)
    assert round(people_sketch.load(bytes(figures.people_sketch)).count()) == 2
    assert figures.history.count() == 1
    assert own.changes.count() == 1  # one edit of the association, in its change log
    page = manager_client.get(figures_url(own)).content.decode()
    assert "envoyé" in page


def test_editing_the_figures_without_a_new_sketch_keeps_the_one_sent(manager_client, own):
    manager_client.post(figures_url(own), posted(people_sketch=sent(NAMES)))
    kept = bytes(YearlyFigures.objects.get().people_sketch)
    manager_client.post(figures_url(own, YEAR), posted(registrations="3"))
    figures = YearlyFigures.objects.get()
    assert (figures.registrations, bytes(figures.people_sketch)) == (3, kept)


def test_a_new_sketch_replaces_the_old_one(manager_client, own):
    manager_client.post(figures_url(own), posted(people_sketch=sent(NAMES[:1])))
    manager_client.post(figures_url(own, YEAR), posted(people_sketch=sent(NAMES)))
    figures = YearlyFigures.objects.get()
    assert round(people_sketch.load(bytes(figures.people_sketch)).count()) == 2
    assert figures.history.count() == 2


@pytest.mark.parametrize(
    "junk",
    ["v1:abc", "v9:2026:AAAA", "v1:{year}:%%%%", "v1:{year}:" + "QUFB" * 10, "x" * 300_000],
)
def test_junk_is_a_form_error(manager_client, own, junk):
    response = manager_client.post(figures_url(own), posted(people_sketch=junk.format(year=YEAR)))
    assert response.status_code == 200
    assert "Le comptage envoyé" in response.content.decode()
    assert not YearlyFigures.objects.exists()
    # Sent again as it is shown, the form no longer carries the refused sketch.
    assert response.context["form"]["people_sketch"].value() == ""


def test_a_sketch_ready_is_kept_when_another_field_is_wrong(manager_client, own):
    text = sent(NAMES)
    response = manager_client.post(figures_url(own), posted(registrations="-1", people_sketch=text))
    assert response.context["form"]["people_sketch"].value() == text
    assert "Un comptage est prêt : il sera envoyé quand vous enregistrerez." in (
        response.content.decode()
    )


def test_a_sketch_made_with_another_years_key_is_a_form_error(manager_client, own):
    response = manager_client.post(
        figures_url(own), posted(year=YEAR - 1, people_sketch=sent(NAMES))
    )
    assert "préparé pour une autre année" in response.content.decode()
    assert not YearlyFigures.objects.exists()


def test_a_closed_year_refuses_a_sketch(manager_client, own):
    YearlyFigures.objects.create(association=own, year=YEAR - 1, registrations=1)
    DiagnosticYear.objects.create(year=YEAR - 1)
    response = manager_client.post(
        figures_url(own, YEAR - 1), posted(year=YEAR - 1, people_sketch=sent(NAMES, YEAR - 1))
    )
    assert response.status_code == 403
    assert YearlyFigures.objects.get().people_sketch is None


def test_a_volunteer_cannot_send_a_sketch(volunteer_client, own):
    response = volunteer_client.post(figures_url(own), posted(people_sketch=sent(NAMES)))
    assert response.status_code == 403
    assert not YearlyFigures.objects.exists()


def test_a_manager_of_another_association_cannot_send_one_for_it(own, other, make_member):
    client = Client()
    client.force_login(make_member(other, "karima", Membership.Role.MANAGER))
    response = client.post(figures_url(own), posted(people_sketch=sent(NAMES)))
    assert response.status_code == 404
    assert not YearlyFigures.objects.exists()


def test_no_name_birth_date_or_hash_is_stored_or_logged(manager_client, own, caplog, capsys):
    """What the server could leak is what it receives: the test sends what the browser sends and
    looks for the people, their normalised form and their hashes in the logs and the database."""
    key = PeopleCountKey.objects.of_year(YEAR)
    persons = [people_sketch.person_key(*row) for row in NAMES]
    hashes = [people_sketch.person_hash(key, person) for person in persons]
    secrets = [
        *(part for row in NAMES for part in row),
        "1971-03-05",
        *persons,
        *(str(value) for value in hashes),
        *(value.to_bytes(8, "big").hex() for value in hashes),
    ]
    with caplog.at_level(logging.DEBUG):
        manager_client.post(figures_url(own), posted(people_sketch=sent(NAMES)))
    assert YearlyFigures.objects.get().people_sketch is not None
    call_command("dumpdata", "--all", "--format=json", "--indent=0")
    dump = capsys.readouterr().out + caplog.text
    assert "people_sketch" in dump  # the sketch is there, and nothing else of the people
    for secret in secrets:
        assert secret.lower() not in dump.lower(), secret


def test_the_figures_list_says_which_years_sent_a_sketch_without_reading_them(manager_client, own):
    YearlyFigures.objects.create(association=own, year=YEAR - 1, registrations=5)
    manager_client.post(figures_url(own), posted(people_sketch=sent(NAMES)))
    response = manager_client.get(figures_url(own))
    rows = {row.year: row for row in response.context["rows"]}
    assert (rows[YEAR].sketch_sent, rows[YEAR - 1].sketch_sent) == (True, False)
    assert all("people_sketch" in row.get_deferred_fields() for row in rows.values())
    page = response.content.decode()
    assert f'<th scope="row">{YEAR}</th>' in page
    this_year = page.split(f'<th scope="row">{YEAR}</th>')[1].split("</tr>")[0]
    last_year = page.split(f'<th scope="row">{YEAR - 1}</th>')[1].split("</tr>")[0]
    assert "<td>envoyé</td>" in this_year
    assert "<td>envoyé</td>" not in last_year
