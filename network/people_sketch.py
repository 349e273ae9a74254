"""The people sketch: how an association's register becomes a HyperLogLog sketch, without any
name leaving the association's computer.

One format, written down in docs/comptage-des-personnes.md, read and written here and in
static/js/people-sketch.js (the browser builds the sketch; this module builds the same one for
the tests and the demo data, and reads what the browser sends):

- a person is their last name, first name and birth date, each normalised (`normalise_name`,
  `normalise_birth_date`) and joined by "|" in UTF-8;
- their hash is the first 8 bytes, big-endian, of HMAC-SHA-256 with the network's key of the
  year (`PeopleCountKey`);
- the sketch is datasketch's HyperLogLogPlusPlus with p = 16 over that 64-bit hash: register
  index = hash & (2^16 - 1), rank = 48 - bit_length(hash >> 16) + 1;
- what is sent and kept: datasketch's serialisation (one byte p, then the 65,536 registers, one
  byte each), in base64, after "v1:<year>:" so that a sketch made with one year's key is never
  mixed with another year's.
"""

import base64
import binascii
import datetime
import functools
import hashlib
import hmac
import re
import unicodedata

import numpy as np
from datasketch import HyperLogLogPlusPlus
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PRECISION = 16
REGISTERS = 1 << PRECISION
MAX_RANK = 64 - PRECISION + 1
VERSION = "v1"
SERIALISED_SIZE = 1 + REGISTERS
ENCODED_MAX = len("v1:2100:") + 4 * (SERIALISED_SIZE + 2) // 3 + 16
# Letters without their accents: what NFKD does not split (ligatures, German sharp s).
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
# What ends the date: a space or a "T" (a time follows). Python's \s and JavaScript's differ (the
# BOM is a space for JavaScript only, \x1c-\x1f and \x85 for Python only): both take them all.
DATE_SPACE_START = re.compile(r"^[\s\ufeff]+")
DATE_SPACE = re.compile(r"[\s\ufeffT]")
DATE_FORMATS = [
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$", re.ASCII),
    re.compile(r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})$", re.ASCII),
]


# Registers repeat first names and last names: each is normalised once.
@functools.lru_cache(maxsize=4096)
def normalise_name(text):
    """Lower case, no accents, anything but letters and digits as one space, trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    unmarked = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    lowered = unmarked.lower().translate(LIGATURES)
    kept = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in lowered)
    return " ".join(kept.split())


def normalise_birth_date(text):
    """A birth date as YYYY-MM-DD, from 31/01/1970, 31-1-1970, 31.01.1970 or 1970-01-31
    (a time after it, as spreadsheets export, is ignored); None if it is not a real date."""
    text = DATE_SPACE.split(DATE_SPACE_START.sub("", text), maxsplit=1)[0]
    for pattern in DATE_FORMATS:
        found = pattern.match(text)
        if found:
            try:
                day = datetime.date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                return None
            return day.isoformat()
    return None


def person_key(last_name, first_name, birth_date):
    """The normalised person, or None when a part is missing or the date is not a date."""
    last, first = normalise_name(last_name), normalise_name(first_name)
    born = normalise_birth_date(birth_date)
    if not last or not first or born is None:
        return None
    return f"{last}|{first}|{born}"


def person_hash(key, person):
    """The 64-bit hash of a normalised person with the year's key (bytes)."""
    digest = hmac.new(key, person.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")


def new_sketch(registers=None):
    # The hash is computed by `person_hash`: the sketch is fed 64-bit integers.
    return HyperLogLogPlusPlus(p=PRECISION, reg=registers, hashfunc=int)


def sketch_of(key, rows):
    """The sketch of `rows` (last name, first name, birth date), and how many rows were left out
    for a missing part or an unreadable date."""
    sketch = new_sketch()
    skipped = 0
    for row in rows:
        person = person_key(*row)
        if person is None:
            skipped += 1
            continue
        sketch.update(person_hash(key, person))
    return sketch, skipped


def serialise(sketch):
    buffer = bytearray(sketch.bytesize())
    sketch.serialize(buffer)
    return bytes(buffer)


def encode(sketch, year):
    """The text the browser sends for `year`."""
    return f"{VERSION}:{year}:{base64.b64encode(serialise(sketch)).decode('ascii')}"


def decode(text, year):
    """The serialised sketch in `text`, checked: right version, year, size and register values.
    Anything else is a ValidationError with a message for the person who sent it."""
    parts = text.strip().split(":")
    if len(text) > ENCODED_MAX or len(parts) != 3 or parts[0] != VERSION:
        raise ValidationError(_("Le comptage envoyé n'est pas lisible : recommencez."))
    if parts[1] != str(year):
        raise ValidationError(
            _(
                "Le comptage a été préparé pour une autre année que %(year)s : choisissez "
                "l'année, puis chargez à nouveau la liste."
            ),
            params={"year": year},
        )
    try:
        data = base64.b64decode(parts[2], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(_("Le comptage envoyé n'est pas lisible : recommencez.")) from error
    if len(data) != SERIALISED_SIZE or data[0] != PRECISION:
        raise ValidationError(_("Le comptage envoyé n'a pas le bon format : recommencez."))
    if max(data[1:]) > MAX_RANK:
        raise ValidationError(_("Le comptage envoyé n'a pas le bon format : recommencez."))
    return data


def load(data):
    """The sketch kept as `data` (a checked serialisation)."""
    registers = np.frombuffer(data, dtype=np.uint8, offset=1).astype(np.int8)
    return new_sketch(registers)
