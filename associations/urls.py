from django.urls import path

from . import views

app_name = "associations"

urlpatterns = [
    path("", views.home, name="home"),
    path("associations/", views.association_list, name="list"),
    path("carte/", views.association_map, name="map"),
    path("questions/", views.quick_questions, name="questions"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("associations/<slug:slug>/", views.association_detail, name="detail"),
    path("associations/<slug:slug>/fiche/", views.liaison_sheet, name="liaison_sheet"),
]
