"""The punctuation the stylesheet writes follows the page's language."""

import re
from pathlib import Path

from django.conf import settings


def test_the_stylesheet_spaces_a_colon_only_in_french():
    """The labels of a list of facts ("Où :", "Where:") get their colon from the stylesheet."""
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
    generated = re.findall(r"([^{}]+)\{[^}]*content:\s*\"([^\"]*)\"", css)
    spaced = [
        selector.strip() for selector, text in generated if re.search(r"(\s|\\a0)[:;!?]", text)
    ]
    assert spaced == [".facts dt:lang(fr)::after", ".detail .facts li + li:lang(fr)::before"]
    assert (".facts dt::after", ":") in [(selector.strip(), text) for selector, text in generated]
