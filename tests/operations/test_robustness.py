"""Hostile input never produces a server error; user text is never executed as HTML."""

import re
import string

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from associations.models import Closure, Public, Referent, ServicePublic

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
HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=string.printable + "\x00éŒ👍‮", max_size=30),
    st.sampled_from(
        [
            "' OR 1=1 --",
            "\x00",
            "%00",
            "-1",
            "0",
            "999999999999999999999",
            "1e308",
            "2026-02-31",
            "25:61",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "x" * 5000,
        ]
    ),
)
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), HOSTILE),
    max_size=6,
)


@pytest.fixture
def public_urls(make_association):
    association = make_association("Les Paniers")
    return [
        reverse("associations:home"),
        reverse("associations:list"),
        reverse("associations:map"),
        association.get_absolute_url(),
        reverse("sitemap"),
        reverse("robots"),
        "/sante/",
        reverse("accounts:login"),
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES, index=st.integers(min_value=0, max_value=7))
def test_hostile_query_strings_never_cause_a_server_error(public_urls, query, index):
    client = Client(raise_request_exception=False)
    response = client.get(public_urls[index], dict(query))
    assert response.status_code in (200, 400, 404), (public_urls[index], query)
    # What a page writes back of its query string holds no character that HTML forbids.
    assert not CONTROL_CHARACTER.search(response.content.decode()), (public_urls[index], query)


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


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SHORT_XSS = "<script>alert(1)</script>"  # for fields of 30 characters


def test_free_text_of_an_association_is_escaped_on_every_public_page(client, make_association):
    association = make_association(
        "Paniers " + XSS,
        summary=XSS,
        description=XSS,
        phone=SHORT_XSS,
        website="https://x.org/" + XSS,
    )
    place = association.places.get()
    place.name = place.address = place.directions = XSS
    place.latitude, place.longitude = 50.69, 3.18
    place.save()
    service = association.services.get()
    service.name = service.description = service.access_details = XSS
    service.documents = service.zone = XSS
    service.is_free, service.fee_details = False, XSS
    service.save()
    ServicePublic.objects.create(
        service=service, public=Public.objects.create(name=XSS, slug="xss")
    )
    Referent.objects.create(
        association=association,
        name=XSS,
        role=XSS,
        phone=SHORT_XSS,
        email="a@b.org",
        is_public=True,
    )
    Closure.objects.create(
        association=association, starts_on="2026-01-01", ends_on="2099-01-01", message=XSS
    )
    for url in [
        reverse("associations:home"),
        reverse("associations:list"),
        reverse("associations:list") + "?q=" + XSS,
        reverse("associations:map"),
        association.get_absolute_url(),
    ]:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url


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


def test_free_text_is_escaped_in_the_association_space(make_association, make_member):
    association = make_association("Paniers " + XSS, summary=XSS, description=XSS)
    Referent.objects.create(association=association, name=XSS, role=XSS)
    Closure.objects.create(
        association=association, starts_on="2026-01-01", ends_on="2099-01-01", message=XSS
    )
    service = association.services.get()
    service.name = service.documents = XSS
    service.save()
    client = Client()
    client.force_login(make_member(association))
    pages = [
        reverse("space:dashboard"),
        reverse("space:edit_association", args=[association.slug]),
        reverse("space:edit_places", args=[association.slug]),
        reverse("space:services", args=[association.slug]),
        reverse("space:edit_service", args=[association.slug, service.pk]),
        reverse("space:edit_closures", args=[association.slug]),
        reverse("space:edit_referents", args=[association.slug]),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
