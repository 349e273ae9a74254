"""The focus ring (static/css/site.css) contrasts 3:1 at least with every background it crosses:
the site's own colours and any main colour a territory may choose (ccas/colours.py)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ccas.colours import darker, relative_luminance, validate_colour_behind_white_text

CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS))
# The backgrounds a focusable element sits on: the page, the tinted boxes, the warnings, the
# header and the buttons and chips in the main colour (and its darker shade).
BACKGROUNDS = ["paper", "tint", "warn-bg", "accent", "accent-dark"]


def contrast(first, second):
    lighter, darker_one = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker_one + 0.05)


def ring_colours():
    rule = re.search(r"^:focus-visible\s*\{([^}]*)\}", CSS, re.M).group(1)
    assert "outline: 3px solid var(--focus-dark)" in rule
    assert "box-shadow: 0 0 0 3px var(--focus-light)" in rule
    return VARIABLES["focus-dark"], VARIABLES["focus-light"]


def best_contrast(background):
    return max(contrast(colour, background) for colour in ring_colours())


def test_the_two_colours_of_the_ring_contrast_with_each_other():
    dark, light = ring_colours()
    # WCAG technique C40: 9:1 between them, so that one reaches 3:1 on any background.
    assert contrast(dark, light) >= 9


def test_the_ring_contrasts_with_the_sites_backgrounds():
    for name in BACKGROUNDS:
        assert best_contrast(VARIABLES[name]) >= 3, name


def test_the_old_single_blue_ring_did_not_on_the_header():
    assert contrast("#1a4fd1", VARIABLES["accent-dark"]) < 3


@given(st.integers(min_value=0, max_value=0xFFFFFF).map(lambda value: f"#{value:06x}"))
def test_the_ring_contrasts_with_any_colour_a_territory_may_choose(colour):
    try:
        validate_colour_behind_white_text(colour)
    except ValidationError:  # a colour the back office refuses is never shown
        return
    assert best_contrast(colour) >= 3
    assert best_contrast(darker(colour)) >= 3


@given(st.integers(min_value=0, max_value=0xFFFFFF).map(lambda value: f"#{value:06x}"))
def test_the_ring_contrasts_with_any_colour_at_all(colour):
    assert best_contrast(colour) >= 3
