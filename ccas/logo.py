"""The territory's logo: a small PNG or SVG file an agent gives in the back office, kept in the
database (the site has no media storage: whitenoise serves the static files only) and served by
`ccas.views.logo`, whose address changes with the file (`Territory.logo_digest`).

An SVG is a document that may hold scripts: one with a script, an event attribute or embedded
HTML is refused, and pages show the logo in an <img>, where no script of it would run anyway.
"""

import hashlib
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG = "image/png"
SVG = "image/svg+xml"
UNSAFE_SVG_ELEMENTS = {"script", "foreignObject"}


def read(upload):
    """(content, content type) of an uploaded logo; ValidationError, in French, if it cannot be
    one."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Le logo pèse %(size)s : %(limit)s au plus.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)}
        )
    content = upload.read()
    if content.startswith(PNG_SIGNATURE):
        return content, PNG
    if _is_safe_svg(content):
        return content, SVG
    raise ValidationError(
        _("Le logo doit être une image PNG ou SVG, sans script dans le SVG."), code="logo"
    )


def digest(content):
    """A short fingerprint of the file, for the address of the logo."""
    return hashlib.sha256(content).hexdigest()[:16]


def _local(name):
    return name.rsplit("}", 1)[-1]


def _is_safe_svg(content):
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, ValueError):
        return False
    if _local(root.tag) != "svg":
        return False
    for element in root.iter():
        if _local(element.tag) in UNSAFE_SVG_ELEMENTS:
            return False
        if any(_local(name).lower().startswith("on") for name in element.attrib):
            return False
        if any("javascript:" in value.lower() for value in element.attrib.values()):
            return False
    return True
