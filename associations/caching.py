"""Caching the public pages, the site's hot path, without ever showing stale data.

A page is cached under a key made of its URL, the language, the current minute and the
directory's generation (`DirectoryGeneration`, one row read by primary key), so that:
- statuses ("Ouvert jusqu'à 12 h") are computed at most a minute ago;
- any edit shows at once, from any app server: saving or deleting anything a public page shows
  (an association, its places, services, hours, closures, referents, publics, languages, or a
  term of a list) raises the generation in the same transaction, whatever the path (back office,
  association space, import, revert). Bulk writes send no signal: whoever writes that way calls
  `DirectoryGeneration.advance()` afterwards.
Only anonymous GET requests are cached: logged-in people see their account links and messages.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from . import models
from .models import DirectoryGeneration

SHOWN_PUBLICLY = [
    models.Association,
    models.Place,
    models.Service,
    models.ServicePublic,
    models.OpeningSlot,
    models.Closure,
    models.Referent,
    models.AidType,
    models.Public,
    models.Quartier,
    models.Language,
    models.Network,
]


def _advance(sender, raw=False, action="post_", **kwargs):
    # m2m_changed comes before and after each change of the languages: count the change once.
    if not raw and action.startswith("post_"):
        DirectoryGeneration.advance()


def connect_signals():
    for model in SHOWN_PUBLICLY:
        post_save.connect(_advance, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(
            _advance, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _advance, sender=models.Service.languages.through, dispatch_uid="page-cache-languages"
    )


def page_key(request, generation):
    minute = timezone.now().strftime("%Y%m%d%H%M")
    parts = [request.get_full_path(), translation.get_language(), minute, generation]
    return "public-page:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def cache_public_page(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated or get_messages(request):
            return view(request, *args, **kwargs)
        key = page_key(request, request.directory.generation)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
