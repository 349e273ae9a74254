"""A marker planted in every CCAS-only field, in an unpublished association, and in a resident's
report (its text and the way to answer them), appears nowhere a visitor or a volunteer of another
association reaches: no public page in any of the three languages, no search or filter result,
no export, the sitemap, no JSON-LD, no space page."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from associations import edits
from associations.models import Association, Public, Referent, ServicePublic
from reports.models import Report

from .pages import crawl, every_public_url, url_names

MARKERS = {
    "internal_notes": "MARQUEUR-NOTE-CCAS",
    "referent_name": "MARQUEUR-REFERENT-NOM",
    "referent_role": "MARQUEUR-REFERENT-ROLE",
    "referent_phone": "06 98 76 54 32",
    "referent_email": "marqueur-referent@example.org",
    "ccas_only_public": "MARQUEUR-PUBLIC-CCAS",
    "unpublished_name": "MARQUEUR-NON-PUBLIEE",
    "unpublished_referent": "MARQUEUR-REFERENT-NON-PUBLIEE",
    "report_message": "MARQUEUR-SIGNALEMENT-TEXTE",
    "report_contact": "marqueur-signalement@example.org",
}


@pytest.fixture
def planted(make_association, make_member):
    shown = make_association("Les Paniers du Pile", slug="paniers")
    Association.objects.filter(pk=shown.pk).update(internal_notes=MARKERS["internal_notes"])
    Referent.objects.create(
        association=shown,
        name=MARKERS["referent_name"],
        role=MARKERS["referent_role"],
        phone=MARKERS["referent_phone"],
        email=MARKERS["referent_email"],
        is_public=False,
    )
    secret_public = Public.objects.create(name=MARKERS["ccas_only_public"], slug="public-reserve")
    ServicePublic.objects.create(
        service=shown.services.get(), public=secret_public, is_public=False
    )
    hidden = make_association(MARKERS["unpublished_name"], slug="non-publiee", is_published=False)
    Referent.objects.create(
        association=hidden, name=MARKERS["unpublished_referent"], is_public=True
    )
    Report.objects.create(
        association=shown,
        reason=Report.Reason.CLOSED,
        message=MARKERS["report_message"],
        contact=MARKERS["report_contact"],
    )
    edits.bulk_written(Association.objects.all())
    other = make_association("L'Alma solidaire", slug="alma-solidaire")
    member = make_member(other, "voisin", Membership.Role.MANAGER)
    return shown, hidden, member


def leaks(text, asked=""):
    """The markers in `text`, but for the words the reader typed (a search repeats its query)."""
    text = text.lower().replace(asked.lower(), "") if asked else text.lower()
    return [name for name, marker in MARKERS.items() if marker.lower() in text]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode(errors="replace")


def searches():
    """The list asked for each marker, and filtered by the CCAS-only public, in each language."""
    for prefix in ("", "/en", "/ar"):
        for marker in MARKERS.values():
            yield f"{prefix}/associations/?q={marker}"
        yield f"{prefix}/associations/?public=public-reserve"
        yield f"{prefix}/associations/?q=paniers"


def exports():
    """Every file of /donnees/, found in the URLconf: a new export is checked here too."""
    for name, parameters in url_names():
        if name.startswith("opendata:") and name != "opendata:index":
            args = ["paniers"] if parameters else []
            yield reverse(name, args=args)


def test_no_marker_reaches_a_visitor(planted):
    shown, hidden, _member = planted
    client = Client()
    urls = [
        *every_public_url(shown),
        *searches(),
        *exports(),
        reverse("sitemap"),
        reverse("opendata:hsds-organization", args=[hidden.slug]),
        reverse("associations:detail", args=[hidden.slug]),
    ]
    assert any(url.startswith("/ar/") for url in urls)
    for url in urls:
        # Followed: a file's address in another language redirects to its one French address.
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        asked = url.split("?q=")[1] if "?q=" in url else ""
        assert leaks(body(response), asked) == [], url
    # The pages reached by following links from there, as a visitor browses.
    for path, page in crawl(client, every_public_url(shown)).items():
        assert leaks(page) == [], path


def test_no_marker_reaches_a_volunteer_of_another_association(planted):
    shown, hidden, member = planted
    volunteer = Client()
    volunteer.force_login(member)
    for path, page in crawl(volunteer, [reverse("space:dashboard")]).items():
        # The service form offers every public of the list to choose from: the names of the
        # terms are the network's vocabulary; which association welcomes whom stays private.
        assert set(leaks(page)) <= {"ccas_only_public"}, path
    # Their own association's pages, forced onto the planted ones: refused, and nothing shown.
    for association in (shown, hidden):
        for name in ("edit_association", "edit_places", "services", "edit_referents", "members"):
            response = volunteer.get(reverse(f"space:{name}", args=[association.slug]))
            assert response.status_code in (403, 404), (name, association.slug)
            assert leaks(body(response)) == [], (name, association.slug)


def test_the_markers_are_there_for_ccas_agents(planted, agent_client):
    # The test would prove nothing if the markers were not written where agents read them.
    shown, _hidden, _member = planted
    page = agent_client.get(reverse("orientation:liaison_sheet", args=[shown.slug]))
    found = leaks(body(page))
    assert {"internal_notes", "referent_name", "referent_phone"} <= set(found)
    report = agent_client.get(
        reverse("admin:reports_report_change", args=[Report.objects.get().pk])
    )
    assert {"report_message", "report_contact"} <= set(leaks(body(report)))
