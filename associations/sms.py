"""Texts short enough for two SMS: the orientation's text for a person (orientation/), and the
"Envoyer par SMS" link of an association's page (associations/listing.py). One rule for both.

An SMS of several parts carries 153 characters a part in the GSM 03.38 alphabet (GSM-7), but only
67 when a single character is outside it and the whole message goes as UCS-2. French letters
é è à ù are GSM-7; â ê î ô û ë ï ç œ are not, and one of them would cut the room by more than
half: they are written without their accent (ê -> e, œ -> oe), which reads fine in a text message.
Characters of the extension table (€ [ ] { } ^ ~ | \\) count as two.
"""

import unicodedata

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM_LIMIT = 2 * 153
UCS2_LIMIT = 2 * 67
ELLIPSIS = "..."

REPLACEMENTS = {
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "\u00a0": " ",
    "\u202f": " ",
}


def _to_gsm(char):
    if char in GSM_BASIC or char in GSM_EXTENSION:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare if bare and all(c in GSM_BASIC for c in bare) else char


def gsm_text(text):
    """`text` with the characters that have a plain GSM-7 equivalent replaced by it."""
    return "".join(_to_gsm(char) for char in text)


def is_gsm(text):
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def fits_two_sms(text):
    if is_gsm(text):
        return sum(2 if char in GSM_EXTENSION else 1 for char in text) <= GSM_LIMIT
    return len(text.encode("utf-16-le")) // 2 <= UCS2_LIMIT


def _shortened(start, part, tail=""):
    """The longest beginning of `part` that fits after `start` (and before `tail`), cut between
    words, or None."""
    words = part.split(" ")
    for count in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:count]).rstrip(" ,;:.-") + ELLIPSIS
        if fits_two_sms(start + candidate + tail):
            return candidate
    return None


def compose(parts, separator=". ", ending=""):
    """The parts, most important first, joined into a text that fits in two SMS.

    A part that does not fit whole is cut between words with "..." (and dropped if not even its
    first word fits); the parts after it get what room is left. `ending` (a link) is never cut:
    it closes the text, and the parts get the room it leaves.
    """
    ending = gsm_text(ending.strip())
    tail = separator + ending if ending else ""
    message = ""
    for part in (gsm_text(part.strip()) for part in parts if part and part.strip()):
        start = message + separator if message else ""
        if fits_two_sms(start + part + tail):
            message = start + part
        elif shortened := _shortened(start, part, tail):
            message = start + shortened
    if not ending:
        return message
    if not message:
        return ending
    # "...": a sentence already cut needs no full stop before the link.
    return message + (" " + ending if message.endswith(ELLIPSIS) else tail)


def short_day(day):
    """ "lun 07/12": a day as people write it in a text message."""
    return f"{WEEKDAYS_ABBR[day.weekday()]} {day:%d/%m}"


def compact_hours(hours):
    """ "9 h 30 – 12 h" -> "9h30-12h": hours as people write them in a text message."""
    return hours.replace(" – ", "-").replace(" h ", "h").replace(" h", "h")


def short_address(place):
    """A place's address in a text message, without the postal code."""
    return place.short_address if place else _("pas de lieu fixe")
