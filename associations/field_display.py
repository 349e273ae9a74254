"""How a value of the directory reads for a person: choice labels, names, dates, "—" for nothing.

The history and the conflicts of a save show old and new values with it.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

NOTHING = "—"


def display(value, choices=None):
    """`value` (a model's or a form's) as a short text; `choices`: [(value, label)] if it has some."""
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return ", ".join(display(item, choices) for item in value) or NOTHING
    if value is None or value == "":
        return NOTHING
    if choices:
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time):
        return time_format(value, "H:i")
    return str(value)


def field_choices(field):
    """The [(value, label)] of a model or form field with fixed choices, else None (a foreign key
    reads as its object's name)."""
    if isinstance(field, (models.ForeignKey, models.ManyToManyField)):
        return None
    choices = getattr(field, "flatchoices", None) or getattr(field, "choices", None)
    if choices is None or hasattr(field, "queryset"):
        return None
    return list(choices)
