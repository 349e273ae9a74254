"""The association's pages, in its space (and its languages)."""

from django.urls import path

from . import views

app_name = "liaison_space"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.received, name="received"),
    path("<int:pk>/accepter/", views.accept, name="accept"),
    path("<int:pk>/refuser/", views.refuse, name="refuse"),
    path("<int:pk>/presence/", views.attendance, name="attendance"),
]
