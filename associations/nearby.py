"""How far each result is from where the person is: "Près de moi" (the browser's position), an
address of the territory or a quartier.

The distance is the equirectangular approximation, exact to a few metres at a town's scale,
computed by the database from plain arithmetic that SQLite and PostgreSQL share
(`PlaceQuerySet.distances_from`).
"""

import math
import re
from dataclasses import dataclass

from django.db.models import Avg
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import geocoding
from .models import Place

POSITION = re.compile(r"\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*")


class NotFound(Exception):
    """The words name no quartier and no address of the territory; the message says so."""


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str

    @classmethod
    def of_position(cls, text):
        """The browser's position, "50.6901,3.1817"; ValueError if it is not one."""
        match = POSITION.fullmatch(text)
        if match is None:
            raise ValueError(text)
        latitude, longitude = float(match[1]), float(match[2])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(text)
        return cls(latitude, longitude, gettext_lazy("votre position"))

    @classmethod
    def of_words(cls, text, quartiers):
        """The quartier of that name (the centre of its places), else the address found in the
        address base within the territory. NotFound, with a message for the person, if none."""
        folded = slugify(text)
        for quartier in quartiers:
            if folded in (quartier.slug, slugify(quartier.name)):
                return cls._quartier(quartier)
        if len(folded) < 3:
            # The address base refuses shorter searches (and ones without a letter or digit).
            raise NotFound(cls._not_found(text))
        if not geocoding.enabled():
            raise NotFound(
                _(
                    "Choisissez un quartier de la liste : les adresses ne sont pas cherchées sur ce site."
                )
            )
        try:
            found = geocoding.find_cached(text)
        except geocoding.Unavailable:
            raise NotFound(
                _(
                    "La recherche d'adresse ne répond pas pour le moment : "
                    "choisissez un quartier, ou réessayez plus tard."
                )
            ) from None
        if found is None:
            raise NotFound(cls._not_found(text))
        return cls(found.latitude, found.longitude, found.label)

    @staticmethod
    def _not_found(text):
        return _(
            "Adresse « %(text)s » introuvable sur le territoire : vérifiez-la, "
            "ou choisissez un quartier."
        ) % {"text": text}

    @classmethod
    def _quartier(cls, quartier):
        centre = Place.objects.filter(quartier=quartier, latitude__isnull=False).aggregate(
            latitude=Avg("latitude"), longitude=Avg("longitude")
        )
        if centre["latitude"] is None:
            raise NotFound(
                _(
                    "Aucun lieu du quartier %(quartier)s n'est encore localisé : indiquez une adresse."
                )
                % {"quartier": quartier.name}
            )
        label = _("le quartier %(quartier)s") % {"quartier": quartier.name}
        return cls(float(centre["latitude"]), float(centre["longitude"]), label)

    def __str__(self):
        return str(self.label)


def distance_text(metres):
    """ "à 650 m", "à 1,2 km" (in the language's number format)."""
    if metres is None:
        return ""
    if metres < 950:
        return _("à %(metres)s m") % {"metres": max(10, int(round(metres, -1)))}
    # Tenths of a kilometre, half up: 950 m is "1,0 km", not a float's "0,9".
    tenths = math.floor(metres / 100 + 0.5)
    return _("à %(km)s km") % {"km": number_format(tenths / 10, 1)}
