from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("data-inclusion/structures.json", views.di_structures_json, name="di-structures-json"),
    path("data-inclusion/services.json", views.di_services_json, name="di-services-json"),
    path("data-inclusion/structures.csv", views.di_structures_csv, name="di-structures-csv"),
    path("data-inclusion/services.csv", views.di_services_csv, name="di-services-csv"),
    path("hsds/organizations.json", views.hsds_organizations, name="hsds-organizations"),
    path("hsds/<slug:slug>.json", views.hsds_organization, name="hsds-organization"),
    path("services.csv", views.services_spreadsheet, name="services-csv"),
]
