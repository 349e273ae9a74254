from django.urls import path

from . import views

app_name = "ccas"
urlpatterns = [
    path("couleurs.css", views.colours, name="colours"),
    path("logo", views.logo, name="logo"),
]
