"""The site's pages that depend on the language, under its prefix (/en/, /ar/): the manifest."""

from django.urls import path

from . import views

app_name = "install"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
