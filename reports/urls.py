from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("associations/<slug:slug>/signaler/", views.new_report, name="new"),
    path("associations/<slug:slug>/signaler/merci/", views.thanks, name="thanks"),
]
