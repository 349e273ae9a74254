"""When is an association's information too old?"""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


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
