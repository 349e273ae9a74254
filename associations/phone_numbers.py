"""French phone numbers: as tel: addresses, and found in the texts associations write.

"03 20 12 34 56", "0320123456", "03.20.12.34.56" and "+33 3 20 12 34 56" are one number, dialled
as tel:+33320123456. A resident reading "appelez le 03 20 12 34 56" in a description or a
closure message taps it like the page's own phone buttons.
"""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

# A national number (0 then nine digits) or an international one (+33 or 0033, an optional
# "(0)", then nine digits), its pairs of digits optionally separated by a space, a dot or a dash;
# not part of a longer run of digits.
SEPARATOR = r"[ .\-\u00a0\u202f]?"
IN_TEXT = re.compile(
    rf"(?<![\w+])(?:(?:\+|00)33{SEPARATOR}(?:\(0\){SEPARATOR})?|0)[1-9](?:{SEPARATOR}\d{{2}}){{4}}(?!\w)"
)


def tel_uri_number(number):
    """The number of a tel: address: '03 20 00 00 00' -> '+33320000000'. Other numbers (the 115,
    a number abroad) keep their digits and their '+'."""
    digits = re.sub(r"[^\d+]", "", number.replace("(0)", ""))
    if digits.startswith("0033"):
        digits = "+" + digits[2:]
    if digits.startswith("0") and len(digits) == 10:
        return "+33" + digits[1:]
    return digits


def phone_link(number):
    """`number` as a tel: link, kept left to right (as a number reads) on an Arabic page."""
    return format_html('<a href="tel:{}" dir="ltr">{}</a>', tel_uri_number(number), number)


def link_phone_numbers(text):
    """`text`, HTML-escaped, with each French phone number in it made a tel: link (kept left to
    right, as a number reads, in an Arabic page)."""
    escaped = str(conditional_escape(text))
    parts = []
    position = 0
    # Searched in the escaped text: escaping touches only <, >, &, ' and ", never a digit,
    # a space, a dot, a dash or a "+", so a number is found there exactly as it was written.
    for found in IN_TEXT.finditer(escaped):
        parts.append(escaped[position : found.start()])
        parts.append(phone_link(mark_safe(found.group())))
        position = found.end()
    parts.append(escaped[position:])
    return mark_safe("".join(parts))
