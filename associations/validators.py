"""Validators shared by the directory and the apps built on it."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A name or a title is one line: it goes into e-mail subjects, where a line break is refused
# (and the mail with it), and into CSV cells and page titles.
single_line = RegexValidator(
    r"[\r\n]",
    inverse_match=True,
    message=_("Écrivez-le sur une seule ligne, sans retour à la ligne."),
    code="line_break",
)
