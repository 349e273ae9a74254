"""Keyboard only: the filter form and the space's hours grid, with the focus always visible."""

import pytest
from django.contrib.auth import get_user_model

from associations.models import Association, OpeningSlot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, selector, limit=80):
    """Press Tab until `selector` has the focus, and check that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            outline = page.evaluate(
                "() => { const style = getComputedStyle(document.activeElement);"
                " return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"
            )
            assert outline[0] != "none" and outline[1] >= 2, f"{selector}: focus not visible"
            return
    pytest.fail(f"{selector} never gets the focus with Tab")


def test_search_from_the_keyboard(page, demo):
    page.goto("/associations/")
    tab_to(page, "#id_q")
    page.keyboard.type("épicerie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=%C3%A9picerie" in page.url
    assert page.locator(".cards .card-title").count() >= 1


def test_filters_from_the_keyboard_in_arabic(page, demo):
    page.goto("/ar/associations/")
    tab_to(page, ".more-filters summary")
    page.keyboard.press("Enter")
    tab_to(page, "input[name=type]")
    page.keyboard.press("Space")
    ticked = page.evaluate("() => document.activeElement.value")
    tab_to(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/ar/associations/?" in page.url
    assert f"type={ticked}" in page.url
    assert page.get_attribute("html", "dir") == "rtl"


def test_the_hours_grid_from_the_keyboard(page, demo, log_in):
    log_in(get_user_model().objects.get(username="benevole"))
    service = Association.objects.get(slug="paniers-de-l-alma").services.first()
    service.slots.update(weeks_of_month=[])
    page.goto(f"/espace/paniers-de-l-alma/services/{service.pk}/")
    grid = page.locator(".slot-form").first
    slot = OpeningSlot.objects.get(pk=grid.locator("input[name$='-id']").input_value())
    weeks = grid.locator("input[name$='-weeks_of_month']")
    first, last = weeks.first, weeks.last
    tab_to(page, f"#{first.get_attribute('id')}")
    page.keyboard.press("Space")
    assert first.is_checked()
    tab_to(page, f"#{last.get_attribute('id')}")
    page.keyboard.press("Space")
    assert last.is_checked()
    page.keyboard.press("Space")
    assert not last.is_checked()
    ticked = int(first.get_attribute("value"))
    tab_to(page, "form.form-stack button[type=submit]:not([name])")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    slot.refresh_from_db()
    assert slot.weeks_of_month == [ticked]
