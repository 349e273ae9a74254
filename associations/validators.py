"""Validators shared by the directory and the apps built on it.

What the directory accepts, it publishes: a name, a description, a website, an e-mail address or
a postal code that the forms, the import and `full_clean()` let through must also be valid for the
national standard (data·inclusion v1) its open data follows. The limits below are that standard's.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MinLengthValidator,
    RegexValidator,
    validate_email,
)
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

NAME_MIN_LENGTH = 3
NAME_MAX_LENGTH = 150
DESCRIPTION_MIN_LENGTH = 5
DESCRIPTION_MAX_LENGTH = 10_000

# A name or a title is one line: it goes into e-mail subjects, where a line break is refused
# (and the mail with it), and into CSV cells and page titles.
single_line = RegexValidator(
    r"[\r\n]",
    inverse_match=True,
    message=_("Écrivez-le sur une seule ligne, sans retour à la ligne."),
    code="line_break",
)


@deconstructible
class StrippedMinLengthValidator(MinLengthValidator):
    """At least so many characters other than spaces around them: « Ab  » is two."""

    def clean(self, value):
        return len(value.strip())


name_length = [
    StrippedMinLengthValidator(
        NAME_MIN_LENGTH,
        message=_("Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d)."),
    ),
    MaxLengthValidator(
        NAME_MAX_LENGTH,
        message=_("Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d)."),
    ),
]

# Django runs no validator on an empty value: a description stays optional.
description_length = [
    StrippedMinLengthValidator(
        DESCRIPTION_MIN_LENGTH,
        message=_(
            "Écrivez au moins %(limit_value)d caractères, ou laissez vide "
            "(il y en a %(show_value)d)."
        ),
    ),
    MaxLengthValidator(
        DESCRIPTION_MAX_LENGTH,
        message=_(
            "Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d) : "
            "gardez l'essentiel."
        ),
    ),
]

WEB_SCHEMES = ("http://", "https://")
# The URLField checks the rest of the address; this refuses ftp://, file://…
web_address = RegexValidator(
    r"^https?://",
    flags=re.IGNORECASE,
    message=_("Écrivez l'adresse d'un site web, qui commence par http:// ou https://."),
    code="web_scheme",
)

# Domains no one outside can write to (RFC 6761 and the like), which the standard refuses too.
SPECIAL_USE_DOMAINS = {"arpa", "invalid", "local", "localhost", "onion", "test"}


@deconstructible
class PublicEmailValidator:
    """An address anyone can write to: its domain is a name with a dot, like « asso.fr »; not
    « localhost », an IP address or a domain kept for tests.

    It checks beside an EmailField's own validator, which reports a malformed address: this one
    only refuses, with its own reason, a well-formed address that Django accepts.
    """

    message = _(
        "Écrivez une adresse e-mail que tout le monde peut utiliser, comme "
        "« contact@association.fr » : le nom après @ doit contenir un point."
    )
    code = "email_domain"

    def __call__(self, value):
        try:
            validate_email(value)
        except ValidationError:
            return
        domain = value.rpartition("@")[2].lower()
        if (
            domain.startswith("[")
            or "." not in domain
            or domain.rsplit(".", 1)[-1] in SPECIAL_USE_DOMAINS
        ):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, PublicEmailValidator)


public_email = PublicEmailValidator()

# Metropolitan departments 01 to 95 (Corsica's postal codes start with 20), then overseas:
# 971 to 978 (Guadeloupe … Saint-Martin) and 986 to 988 (Wallis-et-Futuna, Polynésie,
# Nouvelle-Calédonie). Monaco (980) has French-looking codes but is not France.
FRENCH_POSTAL_CODE = r"^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|97[1-8][0-9]{2}|98[6-8][0-9]{2})$"
french_postal_code = RegexValidator(
    FRENCH_POSTAL_CODE,
    message=_("Écrivez un code postal français de 5 chiffres (départements d'outre-mer compris)."),
    code="postal_code",
)
