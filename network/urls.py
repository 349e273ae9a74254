from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("reunions/<int:pk>/", views.meeting, name="meeting"),
    path("reunions/<int:pk>/presence/<slug:slug>/", views.attendance, name="attendance"),
    path("agenda/", views.calendar, name="calendar"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("entraide/", views.board, name="board"),
    path("entraide/archives/", views.board_archive, name="board_archive"),
    path("entraide/nouvelle/", views.new_post, name="new_post"),
    path("entraide/<int:pk>/", views.post, name="post"),
    path("entraide/<int:pk>/cloturer/", views.close_post, name="close_post"),
    path("entraide/<int:pk>/relayer/", views.relay_post, name="relay_post"),
    path("chiffres/<slug:slug>/", views.figures, name="figures"),
    path("chiffres/<slug:slug>/<int:year>/", views.figures, name="edit_figures"),
    path("diagnostic/", views.diagnostic, name="diagnostic"),
    path("diagnostic.csv", views.diagnostic_csv, name="diagnostic_csv"),
    path("diagnostic/personnes.csv", views.diagnostic_people_csv, name="diagnostic_people_csv"),
    path("orientations/", views.orientations, name="orientations"),
]
