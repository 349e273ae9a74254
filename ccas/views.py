from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import colours as colour_rules
from . import territory
from .models import Territory

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
