"""The focus ring as Chromium draws it: a dark ring and a light band, one of which contrasts 3:1
at least with the background around the focused element, on the page, in the header and on the
buttons in the territory's colour."""

import re

import pytest

from ccas.colours import relative_luminance

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The focused element's ring colours, and the first opaque background behind the ring (its
# parent's, as the ring is drawn outside the element).
RING = """element => {
  element.focus({focusVisible: true});
  const style = getComputedStyle(element);
  let node = element.parentElement;
  let background = "rgba(0, 0, 0, 0)";
  while (node) {
    background = getComputedStyle(node).backgroundColor;
    if (!background.startsWith("rgba(0, 0, 0, 0)")) break;
    node = node.parentElement;
  }
  return {outline: style.outlineColor, width: style.outlineWidth, shadow: style.boxShadow,
          background: background || "rgb(255, 255, 255)",
          focused: element.matches(":focus-visible")};
}"""


def hex_colour(css):
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def contrast(first, second):
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    "selector",
    [".site-name", ".language-links a", ".chip-strong", ".chip", "a.button", ".footer-links a"],
)
def test_the_focus_ring_stands_out_from_what_surrounds_it(page, demo, selector):
    page.goto("/ar/")
    page.keyboard.press("Tab")  # the keyboard, so that the focus is shown as from the keyboard
    ring = page.locator(selector).first.evaluate(RING)
    assert ring["focused"], selector
    assert ring["width"] == "3px"
    dark, light = hex_colour(ring["outline"]), hex_colour(ring["shadow"])
    background = hex_colour(ring["background"])
    assert contrast(dark, light) >= 9
    assert max(contrast(dark, background), contrast(light, background)) >= 3, (selector, background)
