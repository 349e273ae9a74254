"""`manage.py setup_territory FILE` and the territory in the back office."""

import io
import json
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, execute_from_command_line

from associations.models import DirectoryGeneration, Quartier, Town
from ccas.models import ReceptionDesk, Territory

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "territoire-exemple.toml"


def setup(path):
    out = io.StringIO()
    call_command("setup_territory", str(path), stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Territory.objects.values()),
        list(Town.objects.values()),
        list(Quartier.objects.values()),
        list(ReceptionDesk.objects.values()),
    )


def test_the_example_file_sets_a_territory_up(db):
    setup(EXAMPLE)
    territory = Territory.objects.get()
    assert (territory.site_name, territory.ccas_name, territory.colour) == (
        "Aide alimentaire du Val-Fictif",
        "CIAS du Val-Fictif",
        "#5b2a86",
    )
    assert list(Town.objects.values_list("name", "postal_codes", "insee_code")) == [
        ("Fictiville", "59990", "59991"),
        ("Imaginville", "59991, 59992", "59992"),
    ]
    assert list(Quartier.objects.values_list("name", "is_qpv")) == [
        ("Centre-Bourg", False),
        ("Les Tilleuls", True),
        ("Le Moulin Rouge-Gorge", False),
    ]
    assert ReceptionDesk.objects.get().city == "Fictiville"


def test_running_it_twice_changes_nothing_the_second_time(db):
    setup(EXAMPLE)
    before, generation = snapshot(), DirectoryGeneration.current()
    assert "rien n'a changé" in setup(EXAMPLE)
    assert snapshot() == before
    assert DirectoryGeneration.current() == generation


def test_the_same_file_in_json_gives_the_same_territory(db, tmp_path):
    setup(EXAMPLE)
    as_json = tmp_path / "territoire.json"
    as_json.write_text(json.dumps(tomllib.loads(EXAMPLE.read_text())))
    assert "rien n'a changé" in setup(as_json)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(couleur="#aaaaaa"), "couleur : Le texte blanc sur cette couleur"),
        (lambda d: d.update(couleur="vert"), "couleur : Indiquez une couleur au format #rrvvbb"),
        (lambda d: d["villes"][1].update(code_insee="5999"), "villes[2].code_insee :"),
        (lambda d: d["villes"][0].pop("codes_postaux"), "villes[1].codes_postaux : ce champ"),
        (lambda d: d["carte"].update(zoom=40), "carte.zoom :"),
        (lambda d: d["accueils"][0].update(ville="Roubaix"), "accueils[1].ville : Choisissez"),
        (lambda d: d.update(ville="X"), "ville : clé inconnue"),
    ],
)
def test_a_bad_file_changes_nothing_and_names_the_field(db, tmp_path, change, message):
    data = tomllib.loads(EXAMPLE.read_text())
    change(data)
    bad = tmp_path / "faux.json"
    bad.write_text(json.dumps(data))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        setup(bad)
    assert str(error.value).startswith("Rien n'a été changé. ")
    assert message in str(error.value)
    assert snapshot() == before


def test_an_unreadable_file_is_refused_in_french(db, tmp_path):
    bad = tmp_path / "faux.toml"
    bad.write_text("site = ")
    with pytest.raises(CommandError, match="n'est pas lisible"):
        setup(bad)


def test_towns_still_used_by_places_are_kept(make_association):
    make_association()
    before = snapshot()
    with pytest.raises(CommandError, match="Alma"):
        setup(EXAMPLE)
    assert snapshot() == before


def test_the_exit_code_of_a_bad_file_is_not_zero(db, tmp_path):
    bad = tmp_path / "faux.toml"
    bad.write_text('site = "Un site"\n')
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "setup_territory", str(bad)])
    assert exit.value.code != 0


def test_an_agent_changes_the_territory_in_the_back_office(agent_client):
    url = "/admin/ccas/territory/1/change/"
    page = agent_client.get("/admin/ccas/territory/")
    assert page["Location"] == url
    form = {
        "site_name": "Roubaix Aide",
        "name": "Roubaix",
        "ccas_name": "CCAS de Roubaix",
        "sender_email": "",
        "colour": "#999999",
        "map_latitude": "50.69",
        "map_longitude": "3.18",
        "map_zoom": "13",
    }
    refused = agent_client.post(url, form).content.decode()
    assert "contraste de 2,8:1" in refused
    form["colour"] = "#1d3557"
    assert agent_client.post(url, form).status_code == 302
    assert "/couleurs.css?v=1d3557" in agent_client.get("/").content.decode()
    assert agent_client.get("/admin/ccas/territory/add/").status_code == 403
