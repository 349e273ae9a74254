"""One log line per request (id, method, path, status, duration) and a warning per slow query.

The request id comes from the load balancer's X-Request-ID header when it sends one, so that its
logs and ours can be matched; otherwise a new one is made. It is sent back in the response and
added to every log record written while the request runs.
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connections

logger = logging.getLogger("roubaix_aide.requests")
slow_query_logger = logging.getLogger("roubaix_aide.slow_queries")

current_request_id = contextvars.ContextVar("request_id", default="-")
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so that formatters can print it."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


def log_slow_queries(execute, sql, params, many, context):
    start = time.monotonic()
    try:
        return execute(sql, params, many, context)
    finally:
        duration_ms = (time.monotonic() - start) * 1000
        if duration_ms >= settings.SLOW_QUERY_MS:
            slow_query_logger.warning("slow query (%.0f ms): %s", duration_ms, sql[:1000])


class RequestLogMiddleware:
    """A request's line is written when its answer is complete: for an answer streamed while
    it is computed (a /donnees/ export being built), after the last chunk, so that its duration
    counts the build and the build's slow queries are logged with the request's id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if VALID_REQUEST_ID.match(sent) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        start = time.monotonic()
        try:
            with connections["default"].execute_wrapper(log_slow_queries):
                response = self.get_response(request)
            response["X-Request-ID"] = request_id
            # A file is sent by the server (sendfile) after this returns: nothing left to time.
            if response.streaming and getattr(response, "file_to_stream", None) is None:
                response.streaming_content = self._logged(
                    response.streaming_content, request, response, request_id, start
                )
            else:
                self._log(request, response, start)
            return response
        finally:
            current_request_id.reset(token)

    def _logged(self, chunks, request, response, request_id, start):
        # Run by the server as it sends the chunks, once this middleware has returned.
        previous = current_request_id.get()
        current_request_id.set(request_id)
        try:
            with connections["default"].execute_wrapper(log_slow_queries):
                yield from chunks
        finally:
            self._log(request, response, start)
            current_request_id.set(previous)

    def _log(self, request, response, start):
        logger.info(
            "%s %s %s %.0fms",
            request.method,
            request.get_full_path()[:500],
            response.status_code,
            (time.monotonic() - start) * 1000,
            extra={"request": request},  # for the filter that masks tokens (operations/secrets.py)
        )
