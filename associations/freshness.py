"""When is an association's information too old?"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def months_before(day, months):
    """The same day `months` months earlier, clamped to the end of a shorter month."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def stale_threshold(today=None):
    """Information checked before this date is stale."""
    return months_before(today or timezone.localdate(), settings.STALE_AFTER_MONTHS)


def months_since(day, today=None):
    """Whole months elapsed between `day` and today."""
    today = today or timezone.localdate()
    months = (today.year - day.year) * 12 + today.month - day.month
    if today.day < day.day:
        months -= 1
    return max(months, 0)


class Freshness(models.TextChoices):
    """Where an association's information stands, by the date it was last checked, and by
    residents' reports: found closed at its opening hours, it is to check until checked again
    (associations/edits.py)."""

    FRESH = "a-jour", _("À jour")
    STALE = "a-verifier", _("À vérifier")
    NEVER = "jamais", _("Jamais vérifiée")


def freshness(last_checked_on, today=None, *, check_requested_on=None):
    """The Freshness of information last checked on `last_checked_on` (None: never), that
    residents asked to check on `check_requested_on` (None: they did not)."""
    if check_requested_on is not None:
        return Freshness.STALE
    if last_checked_on is None:
        return Freshness.NEVER
    if last_checked_on < stale_threshold(today):
        return Freshness.STALE
    return Freshness.FRESH


def having(state, today=None):
    """The condition on an association's `last_checked_on` and `check_requested_on` for the
    Freshness `state`."""
    threshold = stale_threshold(today)
    return {
        Freshness.FRESH: Q(last_checked_on__gte=threshold, check_requested_on__isnull=True),
        Freshness.STALE: Q(last_checked_on__lt=threshold) | Q(check_requested_on__isnull=False),
        Freshness.NEVER: Q(last_checked_on__isnull=True, check_requested_on__isnull=True),
    }[state]
