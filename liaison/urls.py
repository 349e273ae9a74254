"""The agents' pages, in French only, beside the orientation search."""

from django.urls import path

from . import views

app_name = "liaison"

urlpatterns = [
    path("", views.sent, name="sent"),
    path("service/<int:pk>/", views.send, name="send"),
    path("<int:pk>/", views.detail, name="detail"),
]
