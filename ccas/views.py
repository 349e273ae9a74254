from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import colours as colour_rules
from . import territory

# The page links the sheet with the colour in its address (templates/base.html): a new colour is
# a new address, so a browser may keep a sheet for long.
KEPT_SECONDS = 365 * 24 * 3600


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
