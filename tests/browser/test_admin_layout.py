"""The back office's association pages, and those agents use most, at 1,280 px: no horizontal scroll, every field labelled
(axe-core, WCAG 2.1 A and AA)."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse

from associations.models import Association

from .test_accessibility import violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 1280


@pytest.fixture
def agent_page(page, demo, log_in):
    # The demo's superuser: the live-server tests before this one may have emptied the agents'
    # group of its permissions (tests/conftest.py's seed_lists recreates the group alone).
    log_in(get_user_model().objects.get(username="admin"))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    return page


def admin_pages():
    # The association with the most rows: every inline shown, with its widest content.
    fullest = Association.objects.annotate(
        rows=Count("services", distinct=True)
        + Count("closures", distinct=True)
        + Count("referents", distinct=True)
    ).order_by("-rows")[0]
    return [
        reverse("admin:associations_association_changelist"),
        reverse("admin:associations_association_changelist") + "?q=epicerie",
        reverse("admin:associations_association_add"),
        reverse("admin:associations_association_change", args=[fullest.pk]),
        reverse("admin:associations_association_history", args=[fullest.pk]),
        reverse("admin:associations_public_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:accounts_invitation_changelist"),
        reverse("admin:network_associationfigures_changelist"),
    ]


def test_the_association_pages_fit_1280_px_and_label_every_field(agent_page):
    found = {}
    for url in admin_pages():
        response = agent_page.goto(url)
        assert response.status == 200, url
        width = agent_page.evaluate("document.documentElement.scrollWidth")
        problems = violations(agent_page)
        if width > WIDTH or problems:
            found[url] = (width, problems)
    assert found == {}


def test_rows_added_on_the_page_fit_and_are_labelled_too(agent_page):
    agent_page.goto(reverse("admin:associations_association_add"))
    for group in ["places", "services", "closures", "referents"]:
        agent_page.click(f"#{group}-group .djn-add-handler.djn-level-1")
    agent_page.click("#services-group .djn-add-handler.djn-level-2 >> nth=0")
    agent_page.click("#services-group .djn-add-handler.djn-level-2 >> nth=1")
    assert agent_page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert violations(agent_page) == []
