"""The territory's main colour: a CSS hex colour that white text stays readable on.

The site writes white text on the main colour (the header, buttons, chips), so the colour must
give that text a contrast ratio of 4.5:1 at least, WCAG 2.x's level AA for normal text
(https://www.w3.org/TR/WCAG22/#contrast-minimum), computed as WCAG defines it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def relative_luminance(colour):
    """WCAG's relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour):
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_colour_behind_white_text(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Indiquez une couleur au format #rrvvbb, par exemple #0b6e4f."), code="format"
        )
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "Le texte blanc sur cette couleur n'a qu'un contraste de %(ratio)s:1 ; il en faut "
                "4,5:1 au moins pour rester lisible (RGAA, niveau AA). Choisissez une couleur "
                "plus foncée."
            ),
            params={"ratio": f"{ratio:.1f}".replace(".", ",")},
            code="contrast",
        )


def darker(colour):
    """The colour of hovered buttons and links: each channel at 73 %, as the site's first green
    (#0b6e4f) and its dark (#07513a) were. Darker, so white text keeps its contrast."""
    channels = (round(int(colour[i : i + 2], 16) * 0.73) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02x}" for channel in channels)
