from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import colours as colour_rules
from . import territory
from .models import Territory

# The page links the sheet with the colour in its address (templates/base.html): a new colour is
# a new address, so a browser may keep a sheet for long.
KEPT_SECONDS = 365 * 24 * 3600
# The manifest's address stays the same when the territory changes its name or colour.
MANIFEST_KEPT_SECONDS = 3600


@require_safe
def colours(request):
    """The territory's main colour as the site's CSS custom properties: a sheet of its own
    rather than a style in the page, which the Content-Security-Policy forbids."""
    colour = territory.of_request(request).colour
    response = HttpResponse(
        f":root {{ --accent: {colour}; --accent-dark: {colour_rules.darker(colour)}; }}\n",
        content_type="text/css; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=KEPT_SECONDS)
    return response


@require_safe
def logo(request):
    """The territory's logo file; its address carries the file's digest (templates/base.html),
    so a browser may keep it for long."""
    content, content_type = Territory.objects.values_list("logo", "logo_type").get(
        pk=Territory.SINGLE_ROW
    )
    if not content:
        raise Http404
    response = HttpResponse(bytes(content), content_type=content_type)
    patch_cache_control(response, public=True, max_age=KEPT_SECONDS)
    return response


@require_safe
def manifest(request):
    """The web app manifest, in the page's language: a phone can put the site on its home screen
    under the territory's name. Nothing else changes: the site needs no JavaScript, and has no
    service worker (a directory read offline would show out-of-date hours)."""
    site = territory.of_request(request)
    data = {
        "name": site.site_name,
        "short_name": site.site_name,
        "description": _(
            "Où trouver de l'aide alimentaire à %(place)s : colis, épiceries solidaires, repas, "
            "horaires et conditions."
        )
        % {"place": site.name},
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("associations:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": site.colour,
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=MANIFEST_KEPT_SECONDS)
    return response
