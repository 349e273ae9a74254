"""The open-data page and its exports.

A full export is built once per state of the directory and served from a file afterwards
(exports/files.py); the first request for a new state streams it while it is built.
"""

import functools
import os

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import translate_url
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_safe

from . import catalogue
from .exports import hsds
from .exports.files import EXPORTS, build_while_streaming, current_version, open_built


def at_one_address(view):
    """A file is served at its French address only, the one reusers cite: the page is in three
    languages, the files are not (/en/… and /ar/… lead to it)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if get_language_from_path(request.path_info):
            french = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
            return HttpResponsePermanentRedirect(french)
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
def index(request):
    data = catalogue.summary()
    return render(
        request,
        "opendata/index.html",
        {"data": data, "dataset": catalogue.dataset(request, data)},
    )


@require_safe
@at_one_address
def download(request, export):
    """One of the full exports: its file if built, else streamed while it is built.

    Not Django's `condition` decorator: the ETag and Last-Modified are those of the file this
    request opens, which only the view knows; the built file changes with every new version.
    """
    export = EXPORTS[export]
    generation, today = current_version()
    file = open_built(export, generation, today)
    if file is None:
        response = StreamingHttpResponse(
            build_while_streaming(export, generation, today), content_type=export.content_type
        )
        response["Content-Disposition"] = f'inline; filename="{export.filename}"'
    else:
        built = os.fstat(file.fileno())
        modified = int(built.st_mtime)
        etag = f'"{generation}-{today:%Y%m%d}-{built.st_mtime_ns:x}"'
        response = get_conditional_response(request, etag=etag, last_modified=modified)
        if response is None:
            response = FileResponse(
                file, content_type=export.content_type, filename=export.filename
            )
        else:
            file.close()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
    response["Access-Control-Allow-Origin"] = "*"
    # Kept by the client but checked each time (a 304 while the data are the same): without it,
    # Last-Modified lets browsers reuse an old copy for hours without asking.
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
@at_one_address
def hsds_organization(request, slug):
    association = hsds.published_association(slug)
    if association is None:
        raise Http404
    return JsonResponse(
        hsds.organization_document(association), json_dumps_params={"ensure_ascii": False}
    )
