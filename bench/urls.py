"""The project's URLs and /bench/bare/, the cheapest page Django can serve, as a yardstick."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("roubaix_aide.urls")),
]
