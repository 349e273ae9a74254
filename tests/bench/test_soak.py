"""The soak's visits (bench/soak.py): each URL once, every kind and language, bad input expecting
its refusal; and what counts as a failure."""

import random
from collections import Counter

from bench.soak import Outcome, Visits, misspelt

WORDS = ["Épicerie solidaire", "colis", "Alma", "طرد", "food parcel", "Jean Jaurès", "douche"]
TERMS = {
    "aid_types": ["colis", "repas", "epicerie"],
    "publics": ["familles", "etudiants", "sans-abri"],
    "quartiers": ["alma", "epeule", "hommelet"],
    "languages": ["arabe", "anglais"],
}
SLUGS = [f"association-{n}" for n in range(100)]


def visits(count):
    stream = Visits(WORDS, TERMS, SLUGS)
    return [next(stream) for _ in range(count)]


def test_no_url_is_asked_twice():
    drawn = visits(3000)
    assert len({(visit.path, visit.host) for visit in drawn}) == 3000


def test_every_kind_of_visit_is_drawn_in_every_language():
    drawn = visits(1000)
    assert set(Counter(visit.kind for visit in drawn)) == {
        "search",
        "filters",
        "association",
        "bad input",
    }
    for prefix in ("/en/", "/ar/"):
        assert any(visit.path.startswith(prefix) for visit in drawn), prefix
    assert any(not visit.path.startswith(("/en/", "/ar/")) for visit in drawn)


def test_bad_input_expects_its_refusal_and_pages_a_page():
    drawn = visits(1000)
    refusals = {visit.expected for visit in drawn if visit.kind == "bad input"}
    assert refusals == {(400,), (404,), (414,), (200,)}
    assert {visit.expected for visit in drawn if visit.kind != "bad input"} == {(200,)}


def test_the_visits_are_the_same_on_every_run():
    assert visits(200) == visits(200)


def test_a_misspelling_keeps_the_first_letter():
    rng = random.Random(0)
    for _ in range(200):
        word = misspelt("épicerie", rng)
        assert word[0] == "é"
        assert abs(len(word) - len("épicerie")) <= 1


def outcome(status=200, error="", expected=(200,)):
    return Outcome("search", 0.0, 0.1, status, error, expected)


def test_a_failure_is_an_error_a_server_error_or_an_unexpected_answer():
    assert outcome().failure == ""
    assert outcome(404, expected=(404,)).failure == ""
    assert outcome(0, "connection reset").failure == "connection reset"
    assert outcome(503).failure == "status 503"
    assert outcome(500, expected=(500,)).failure == "status 500"
    assert outcome(200, expected=(404,)).failure == "unexpected status 200"
