from django.urls import path

from . import views

app_name = "orientation"

urlpatterns = [
    path("", views.search, name="search"),
    path("feuille/", views.person_sheet, name="person_sheet"),
    path("livret/", views.booklet, name="booklet"),
    path("<slug:slug>/fiche/", views.liaison_sheet, name="liaison_sheet"),
]
