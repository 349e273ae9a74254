"""Hostile input never produces a server error (user text never runs as HTML: test_escaping.py)."""

import datetime
import re
import string

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from associations.filters import DAYS_AHEAD

from .pages import every_public_url

pytestmark = pytest.mark.django_db

# The C0 and C1 control characters HTML allows in no text (tab, newlines and form feed aside).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

PARAMETERS = [
    "q",
    "type",
    "quartier",
    "ouvert",
    "jour",
    "heure",
    "public",
    "langue",
    "sans_orientation",
    "gratuit",
    "accessible",
    "page",
]
HOSTILE_VALUES = [
    "' OR 1=1 --",
    "\x00",
    "%00",
    "-1",
    "0",
    "999999999999999999999",
    "1e308",
    "2026-02-31",
    "9999-12-31",
    "0001-01-01",
    "25:61",
    "23:59:59.999999",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "x" * 5000,
]
HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=string.printable + "\x00éŒ👍‮", max_size=30),
    st.sampled_from(HOSTILE_VALUES),
)
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), HOSTILE),
    max_size=6,
)


def text_of(response):
    # Read to the end, a streamed answer is closed by the test client.
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def public_urls(make_association):
    return every_public_url(make_association("Les Paniers"))


def test_every_public_page_is_among_those_tested(public_urls):
    # The walk finds what a visitor opens, in each language, and nothing that needs an account.
    for url in [
        "/",
        "/en/associations/",
        "/ar/carte/",
        "/accessibilite/",
        "/associations/les-paniers/",
        "/en/associations/les-paniers/fiche/",
        "/donnees/",
        "/donnees/hsds/les-paniers.json",
        "/sante/",
        "/compte/connexion/",
        "/ar/compte/mot-de-passe/oublie/",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        assert url in public_urls, url
    assert not [url for url in public_urls if url.startswith(("/espace/", "/orientation/"))]


def test_every_public_page_takes_every_hostile_value_in_every_criterion(public_urls):
    client = Client(raise_request_exception=False)
    for value in HOSTILE_VALUES:
        query = dict.fromkeys([*PARAMETERS, value[:10]], value)
        for url in public_urls:
            response = client.get(url, query)
            assert response.status_code in (200, 400, 404), (url, value)
            assert not CONTROL_CHARACTER.search(text_of(response)), (url, value)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES, data=st.data())
def test_hostile_query_strings_never_cause_a_server_error(public_urls, query, data):
    url = data.draw(st.sampled_from(public_urls), label="url")
    response = Client(raise_request_exception=False).get(url, dict(query))
    assert response.status_code in (200, 400, 404), (url, query)
    # What a page writes back of its query string holds no character that HTML forbids.
    assert not CONTROL_CHARACTER.search(text_of(response)), (url, query)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    day=st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    time=st.times(),
    when=st.sampled_from(["", "maintenant", "aujourdhui", "demain"]),
    page=st.sampled_from(["associations:home", "associations:list", "associations:map"]),
)
def test_any_day_and_time_from_year_1_to_9999_never_cause_a_server_error(
    public_urls, day, time, when, page
):
    criteria = {"jour": day.isoformat(), "heure": time.isoformat(), "ouvert": when}
    response = Client(raise_request_exception=False).get(reverse(page), criteria)
    assert response.status_code == 200, criteria
    far = abs((day - timezone.localdate()).days) > DAYS_AHEAD
    assert ("jour" in response.context["filter"].errors) is far, criteria


def test_control_characters_are_taken_out_of_the_criteria(make_association):
    make_association("Les Paniers")
    criteria = {"q": "Pan\x00iers", "type": "col\x01is", "jour": "\x00", "langue": "\x7f"}
    pages = {}
    for name in ("associations:home", "associations:list", "associations:map"):
        response = Client().get(reverse(name), criteria)
        assert response.status_code == 200
        pages[name] = response.content.decode()
        assert not CONTROL_CHARACTER.search(pages[name]), name
    # The criteria without them: the search for "Paniers" finds the association.
    assert "<title>« Paniers » : associations" in pages["associations:list"]
    assert "Les Paniers" in pages["associations:list"]


@pytest.mark.parametrize("path", ["/associations/%00/", "/associations/" + "x" * 3000 + "/"])
def test_hostile_paths_are_not_found(path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "fr"), ("/associations/", "fr"), ("/en/carte/", "en"), ("/ar/compte/connexion/", "ar")],
)
def test_a_host_that_is_not_ours_gets_the_400_page(settings, path, language):
    # The page is answered before the middleware that the site's pages count on has run.
    settings.ALLOWED_HOSTS = ["aide.roubaix.example"]
    response = Client(raise_request_exception=False).get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    content = response.content.decode()
    with translation.override(language):
        assert f"<h1>{translation.gettext('Demande incorrecte')}</h1>" in content
    assert "evil.example" not in content


def test_every_form_is_protected_against_cross_site_requests(agent, make_association):
    association = make_association("Les Paniers")
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("accounts:login"), {"username": "x"}).status_code == 403
    client.force_login(agent)
    posts = [
        reverse("admin:associations_association_change", args=[association.pk]),
        reverse("space:edit_association", args=[association.slug]),
        reverse("space:mark_checked", args=[association.slug]),
        reverse("accounts:logout"),
    ]
    for url in posts:
        assert client.post(url, {}).status_code == 403, url
