"""Where a map's tiles come from and the attribution their licence asks for (settings.MAP_TILE_*):
the public maps (static/js/site.js) and the back office's place map
(static/admin-extra/place-map.js) read the same template variables."""

from urllib.parse import urlsplit

from django.conf import settings


def context():
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_host": urlsplit(settings.MAP_TILE_URL).hostname,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "tile_attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
    }
