"""The project's URLs and /bench/bare/, the cheapest page Django can serve, as a yardstick.

The project's patterns are added, not included: Django refuses `i18n_patterns` in an include.
"""

from django.http import HttpResponse
from django.urls import path

from roubaix_aide.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    *project_urlpatterns,
]
