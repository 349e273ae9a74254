from django.urls import path

from . import views

app_name = "associations"

urlpatterns = [
    path("", views.home, name="home"),
    path("associations/<slug:slug>/", views.association_detail, name="detail"),
]
