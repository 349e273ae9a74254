"""Cells a spreadsheet would run as a formula: neutralised when a CSV is written, restored when
the import reads one back.

A spreadsheet opening a CSV file reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula: ``=HYPERLINK("http://…", "…")`` lures the reader to a site with the sheet's data in its
address, ``=cmd|' /C …'!A0`` asks to run a program. Excel also skips a leading tab or carriage
return before reading the rest as a formula. Any text of the directory can hold such a cell: a
volunteer types it in a service's description, an import brings it. OWASP's guidance on CSV
injection (https://owasp.org/www-community/attacks/CSV_Injection): prefix the cell with a single
quote, which makes the spreadsheet read it as text. Its other advice, that a separator or a quote
inside a cell must not let a formula start a new cell, is the csv module's quoting: such a cell
is written between double quotes, its quotes doubled.

Left alone, because no spreadsheet can do more with them than show a number:
- values that are not text (integers, decimals, floats): the site writes them, nobody types them;
- text made of an optional leading ``+`` or ``-`` and then digits, spaces, dots and commas only:
  a number (``-3.5``, ``-3,5``) or a phone number (``+33 3 20 00 00 01``). Without a letter,
  quote, parenthesis or second operator it cannot name a function, a cell, a file or a site;
  prefixed, it would show as ``'+33 3 20 …``. ``-2+3`` has a second operator: it is neutralised,
  like ``-`` followed by any text.

A cell that begins with a quote gets a second one, so that ``restore`` tells the quote it must
remove from one typed in the text: ``restore(neutralise(text)) == text`` for every text.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NUMBER_OR_PHONE = re.compile(r"[+-]?\d[\d .,]*")


def neutralise(value):
    """The value as a CSV writer should write it: a text a spreadsheet would read as a formula
    (or that begins with a quote) behind a single quote; anything else as it is."""
    if not isinstance(value, str) or NUMBER_OR_PHONE.fullmatch(value):
        return value
    if value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def restore(text):
    """A cell read from a CSV file, without the quote ``neutralise`` put before it."""
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return text[1:]
    return text
