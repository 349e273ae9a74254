"""The association's pages, in its space (and its languages), under /espace/."""

from django.urls import path

from . import views

app_name = "liaison_space"

urlpatterns = [
    path("<slug:slug>/orientations/", views.inbox, name="inbox"),
    path("<slug:slug>/orientations/<int:pk>/", views.received, name="received"),
    path("<slug:slug>/orientations/<int:pk>/accepter/", views.accept, name="accept"),
    path("<slug:slug>/orientations/<int:pk>/refuser/", views.refuse, name="refuse"),
    path("<slug:slug>/orientations/<int:pk>/presence/", views.attendance, name="attendance"),
]
