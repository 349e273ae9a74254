"""axe-core (the copy bundled by axe-playwright-python) in Chromium: no WCAG 2.1 A or AA violation on the main pages, in the three languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from associations.models import Association

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LANGUAGES = {"fr": "", "en": "/en", "ar": "/ar"}
PUBLIC_PAGES = [
    "/",
    "/associations/?type=colis&gratuit=on",
    "/associations/paniers-de-l-alma/",
    "/associations/paniers-de-l-alma/fiche/",
    "/carte/",
    "/compte/connexion/",
    "/accessibilite/",
    "/questions/",
    "/questions/?papiers=peut-etre&enfants=oui",
]
SPACE_PAGES = [
    "/espace/paniers-de-l-alma/fiche/",
    "/espace/paniers-de-l-alma/lieux/",
    "/espace/paniers-de-l-alma/services/{service}/",
    "/espace/paniers-de-l-alma/fermetures/",
    "/espace/paniers-de-l-alma/referents/",
]


def violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


def visit(page, url, language):
    response = page.goto(LANGUAGES[language] + url)
    assert response.status == 200, url
    assert page.get_attribute("html", "lang") == language
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violation(page, demo, language):
    found = {}
    for url in PUBLIC_PAGES:
        visit(page, url, language)
        if problems := violations(page):
            found[url] = problems
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_space_pages_have_no_wcag_violation(page, demo, log_in, language):
    log_in(get_user_model().objects.get(username="benevole"))
    service = Association.objects.get(slug="paniers-de-l-alma").services.first()
    found = {}
    for url in SPACE_PAGES:
        url = url.format(service=service.pk)
        visit(page, url, language)
        if problems := violations(page):
            found[url] = problems
    assert found == {}


def test_the_wide_layout_has_no_wcag_violation_either(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, "/associations/?type=colis", "ar")
    assert violations(page) == []


def test_axe_does_report_a_violation(page, live_server):
    """The check above is not vacuous: a field without a label is caught."""
    page.goto("/sante/")
    page.set_content('<html lang="fr"><title>t</title><main><input type="text"></main></html>')
    assert any(problem.startswith("label:") for problem in violations(page))
