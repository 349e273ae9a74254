"""Settings read from the environment, for settings.py and gunicorn.conf.py.

A wrong value stops the start with the variable's name, rather than a bare ValueError or, worse,
a setting quietly different from what the operator wrote. An unset or empty variable keeps its
default, so that a line left blank in an environment file means "the default".
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def envbool(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name, default, minimum=0, maximum=None):
    # No setting here takes a negative number, hence the minimum of 0 unless told otherwise.
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value!r}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be {maximum} or less, not {value!r}.")
    return number


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envrate(name, default):
    """A number of requests per period, as django-ratelimit reads it: 10/h, 3/m, 100/d."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period, such as 10/h, not {value!r}."
        )
    return value
