"""Texts short enough for two SMS, to paste into a phone for the person.

An SMS of several parts carries 153 characters a part in the GSM 03.38 alphabet (GSM-7), but only
67 when a single character is outside it and the whole message goes as UCS-2. French letters
é è à ù are GSM-7; â ê î ô û ë ï ç œ are not, and one of them would cut the room by more than
half: they are written without their accent (ê -> e, œ -> oe), which reads fine in a text message.
Characters of the extension table (€ [ ] { } ^ ~ | \\) count as two.
"""

import unicodedata

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


def _shortened(start, part):
    """The longest beginning of `part` that fits after `start`, cut between words, or None."""
    words = part.split(" ")
    for count in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:count]).rstrip(" ,;:.-") + ELLIPSIS
        if fits_two_sms(start + candidate):
            return candidate
    return None


def compose(parts, separator=". "):
    """The parts, most important first, joined into a text that fits in two SMS.

    A part that does not fit whole is cut between words with "..." (and dropped if not even its
    first word fits); the parts after it get what room is left.
    """
    message = ""
    for part in (gsm_text(part.strip()) for part in parts if part and part.strip()):
        start = message + separator if message else ""
        if fits_two_sms(start + part):
            message = start + part
        elif shortened := _shortened(start, part):
            message = start + shortened
    return message
