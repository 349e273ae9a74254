"""Caching the public pages, the site's hot path, without ever showing stale data.

A page is cached under a key made of its whole address (scheme and host included: the page's
canonical, og:url and hreflang links are absolute), the language, the current minute and the
directory's generation (`DirectoryGeneration`, one row read by primary key), so that:
- statuses ("Ouvert jusqu'à 12 h") are computed at most a minute ago;
- any edit shows at once, from any app server: every change to the directory goes through
  associations/edits.py, which raises the generation in the same transaction.
Only anonymous GET requests are cached: logged-in people see their account links and messages.
PUBLIC_PAGE_CACHE_SECONDS=0 turns the page cache off.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from .models import DirectoryGeneration


def generation_of(request):
    """The directory's generation as this request reads it: once, for its cache key and lists."""
    if not hasattr(request, "directory_generation"):
        request.directory_generation = DirectoryGeneration.current()
    return request.directory_generation


def page_key(request, generation):
    minute = timezone.now().strftime("%Y%m%d%H%M")
    parts = [request.build_absolute_uri(), translation.get_language(), minute, generation]
    return "public-page:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def cache_public_page(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not settings.PUBLIC_PAGE_CACHE_SECONDS
            or request.method != "GET"
            or request.user.is_authenticated
            or get_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = page_key(request, generation_of(request))
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
