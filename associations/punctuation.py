"""Punctuation that follows the page's language, written once.

A list reads "Alma, Epeule" in French and English and "Alma، Epeule" in Arabic; templates
(`{% list_separator %}`, `|join_list`, `{% colon %}`) and Python (`join`) take the punctuation
from here.
"""

from django.utils.translation import pgettext


def list_separator():
    """What stands between two items of a list, or two parts of a sentence, in the page's
    language: ", ", or "، " in Arabic."""
    return pgettext("comma between the items of a list", ", ")


def semicolon():
    """Between the items of a list that hold commas themselves: " ; " in French, "; " in
    English, "؛ " in Arabic."""
    return pgettext("semicolon between the items of a list", " ; ")


def colon():
    """Between a label and what it labels, where a sentence of the translations cannot hold them
    (a map marker's name and state, put together in the browser): " : " in French, ": " in
    English and Arabic."""
    return pgettext("colon between a label and its value", " : ")


def join(items):
    """The items (anything `str` accepts) as one text, separated as the page's language does."""
    return list_separator().join(str(item) for item in items)
