"""The load balancer's health check, `GET /sante/`: 200 when this server reaches the database.

Answered by a middleware placed before Django's host check and HTTPS redirect: a load balancer
probes each app server at its own address (http://10.0.0.5:8000/sante/), which is not one of
ALLOWED_HOSTS, over plain HTTP, which SecurityMiddleware would answer with a redirect. The
answer tells nothing of the host it was asked for, so that check has nothing to protect here.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEALTH_PATH = "/sante/"


@never_cache
@require_GET
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)
