from django.urls import path

from . import views

app_name = "opendata"


def _export(route, export, name):
    return path(route, views.download, {"export": export}, name=name)


urlpatterns = [
    path("", views.index, name="index"),
    _export(
        "data-inclusion/structures.json", "data-inclusion-structures-json", "di-structures-json"
    ),
    _export("data-inclusion/services.json", "data-inclusion-services-json", "di-services-json"),
    _export("data-inclusion/structures.csv", "data-inclusion-structures-csv", "di-structures-csv"),
    _export("data-inclusion/services.csv", "data-inclusion-services-csv", "di-services-csv"),
    _export("hsds/organizations.json", "hsds-organizations", "hsds-organizations"),
    path("hsds/<slug:slug>.json", views.hsds_organization, name="hsds-organization"),
    _export("services.csv", "services-spreadsheet", "services-csv"),
]
