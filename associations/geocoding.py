"""Addresses become coordinates, through the national address base (BAN, or a self-hosted addok
at `GEOCODER_URL`), limited to the territory's towns.

A place is looked up when its address is not the one its coordinates were found or placed for
(`Place.location_address`): `edits.finish()` does it for every edit that changed places (the
back office, the association space, an import), and `manage.py locate_places` for the places
still "à localiser". A failed lookup never stops a save: the place is left without coordinates,
"à localiser" for the agents, who can place it on the back office's map. Coordinates placed by
hand are kept until the address changes (`Place.clean`).

Without `GEOCODER_URL` nothing is looked up.
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.text import slugify
from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.geocoders import BANFrance
from geopy.geocoders.base import DEFAULT_SENTINEL

from .models import Place
from .taxonomies import Town

logger = logging.getLogger(__name__)

# Below this score the BAN's best answer is a guess (a street of the same name elsewhere, a
# town's centre): the place is left to an agent.
MIN_SCORE = 0.5

# A resident's "près de" address, once found, for a day: the same words give the same place.
FOUND_CACHE_SECONDS = 24 * 3600

Source = Place.LocationSource


class Unavailable(Exception):
    """The address base did not answer, or answered something unreadable."""


@dataclass(frozen=True)
class Found:
    latitude: float
    longitude: float
    label: str
    score: float


class AddressBase(BANFrance):
    """geopy's BAN client, whose search also passes the BAN's filters (`citycode`,
    `postcode`): geopy's own `geocode()` takes only the text and a limit."""

    def search(self, query, *, limit=5, timeout=DEFAULT_SENTINEL, **filters):
        params = {"q": query, "limit": limit, **filters}
        url = "?".join((self.geocode_api, urlencode(params)))
        callback = partial(self._parse_json, exactly_one=False)
        return self._call_geocoder(url, callback, timeout=timeout) or []


# Off while an import checks a file: what it writes then is rolled back.
_paused = contextvars.ContextVar("geocoding_paused", default=False)


def enabled():
    return bool(settings.GEOCODER_URL)


@contextmanager
def paused(pause=True):
    """Look nothing up within the block (if `pause`): for writes that will be rolled back."""
    token = _paused.set(pause)
    try:
        yield
    finally:
        _paused.reset(token)


def _client():
    url = urlsplit(settings.GEOCODER_URL)
    return AddressBase(
        domain=url.netloc + url.path.rstrip("/"),
        scheme=url.scheme or "https",
        timeout=settings.GEOCODER_TIMEOUT_SECONDS,
        user_agent="roubaix-aide",
        # The standard library's HTTP client: no other dependency for one GET at a time.
        adapter_factory=URLLibAdapter,
    )


def find(text, *, city=None, postal_code=None):
    """The best answer of the address base for `text` within the territory, or None.

    With a place's town, the BAN is asked for that town only (its `citycode`, and `postcode`);
    answers outside the territory's towns and postal codes are refused all the same. Raises
    `Unavailable` when the address base does not answer."""
    towns = Town.objects.all()
    insee_codes, postal_codes = towns.insee_codes(), towns.postal_codes()
    filters = {}
    if city is not None:
        code = towns.insee_codes_by_address().get((city, postal_code))
        if code:
            filters = {"citycode": code, "postcode": postal_code}
    elif len(insee_codes) == 1:
        filters = {"citycode": insee_codes[0]}
    try:
        answers = _client().search(text, **filters)
    except (GeopyError, ValueError, KeyError, IndexError, TypeError) as error:
        raise Unavailable(str(error)) from error
    for answer in answers:
        properties = answer.raw.get("properties", {})
        score = properties.get("score") or 0
        if (
            properties.get("citycode") in insee_codes
            and properties.get("postcode") in postal_codes
            and score >= MIN_SCORE
            and -90 <= answer.latitude <= 90
            and -180 <= answer.longitude <= 180
        ):
            return Found(answer.latitude, answer.longitude, answer.address, score)
    return None


def find_cached(text):
    """`find(text)` for a resident's "près de" address, kept a day (found or not)."""
    key = "geocoding:" + slugify(text)[:200]
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    found = find(text)
    cache.set(key, found or False, FOUND_CACHE_SECONDS)
    return found


def locate_places(places):
    """Look up the places (a queryset) whose address is not the one they were located for;
    how many were found. Called by `edits.finish()` and `manage.py locate_places`."""
    if not enabled() or _paused.get():
        return 0
    located = 0
    for place in places:
        if place.location_address != place.full_address:
            located += locate(place)
    return located


def locate(place):
    """Look `place` up and save what was found; a place not found, or the address base down,
    is left "à localiser", tried for this address (`manage.py locate_places` tries again)."""
    try:
        found = find(place.full_address, city=place.city, postal_code=place.postal_code)
    except Unavailable as error:
        logger.warning("The address base did not answer for place %s: %s", place.pk, error)
        found = None
    if found is None:
        place.latitude = place.longitude = place.location_score = None
        place.location_source = Source.TO_LOCATE
    else:
        place.latitude = _coordinate(found.latitude)
        place.longitude = _coordinate(found.longitude)
        place.location_score = found.score
        place.location_source = Source.ADDRESS_BASE
    place.location_address = place.full_address
    place.save(
        update_fields=[
            "latitude",
            "longitude",
            "location_score",
            "location_source",
            "location_address",
        ]
    )
    return found is not None


def _coordinate(value):
    return Decimal(str(value)).quantize(Decimal("0.000001"))
