"""The digital liaison in Chromium: an agent sends an orientation, a volunteer on a phone accepts
it in two taps; axe finds nothing on the pages of the exchange, the space's in three languages."""

import pytest
from django.contrib.auth import get_user_model

from associations.models import Association
from liaison.models import Orientation, Outcome

from .test_accessibility import LANGUAGES, violations, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLUG = "paniers-de-l-alma"


# The agents' pages are opened as the demo's superuser: the live-server tests before these may have
# emptied the "Agent CCAS" group's permissions (as tests/browser/test_admin_layout.py says).
def user(username):
    return get_user_model().objects.get(username=username)


def test_agent_sends_and_a_volunteer_accepts_in_two_taps(page, demo, log_in):
    service = Association.objects.get(slug=SLUG).services.first()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(user("admin"))
    visit(page, f"/orientation/envois/service/{service.pk}/", "fr")
    page.fill("input[name=person]", "Samia B.")
    page.check("input[name=consent]")
    assert violations(page) == []
    with page.expect_navigation():
        page.click("form.form-stack button[type=submit]")
    orientation = Orientation.objects.get()
    assert violations(page) == []

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(user("benevole"))
    page.goto(f"/espace/{SLUG}/orientations/{orientation.pk}/")  # Tap 1: open it.
    accept = page.get_by_role("button", name="Accepter", exact=True)
    box = accept.bounding_box()
    assert box["y"] + box["height"] <= 844, "Accepter is not on the first screen"
    with page.expect_navigation():
        accept.click()  # Tap 2.
    orientation.refresh_from_db()
    assert orientation.status == Outcome.ACCEPTED
    assert violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_association_pages_have_no_wcag_violation(page, demo, log_in, language):
    service = Association.objects.get(slug=SLUG).services.first()
    orientation = Orientation.objects.create(
        association=service.association,
        service=service,
        person="Samia B.",
        consent=True,
        sent_by=user("admin"),
    )
    log_in(user("benevole"))
    found = {}
    for url in [
        "/espace/",
        f"/espace/{SLUG}/orientations/",
        f"/espace/{SLUG}/orientations/{orientation.pk}/",
    ]:
        visit(page, url, language)
        if problems := violations(page):
            found[url] = problems
    assert found == {}


def test_the_agents_pages_have_no_wcag_violation(page, demo, log_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(user("admin"))
    found = {}
    for url in ["/orientation/?q=paniers", "/orientation/envois/", "/reseau/orientations/"]:
        visit(page, url, "fr")
        if problems := violations(page):
            found[url] = problems
    assert found == {}
