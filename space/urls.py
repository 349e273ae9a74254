from django.urls import path

from . import views

app_name = "space"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/", views.association_card, name="association"),
    path("<slug:slug>/a-jour/", views.mark_checked, name="mark_checked"),
    path("<slug:slug>/confirmer/<str:token>/", views.confirm_by_link, name="confirm_by_link"),
    path("<slug:slug>/fiche/", views.edit_association, name="edit_association"),
    path("<slug:slug>/lieux/", views.edit_places, name="edit_places"),
    path("<slug:slug>/services/", views.services, name="services"),
    path("<slug:slug>/services/nouveau/", views.edit_service, name="add_service"),
    path("<slug:slug>/services/<int:pk>/", views.edit_service, name="edit_service"),
    path("<slug:slug>/services/<int:pk>/supprimer/", views.delete_service, name="delete_service"),
    path("<slug:slug>/fermetures/", views.edit_closures, name="edit_closures"),
    path("<slug:slug>/referents/", views.edit_referents, name="edit_referents"),
    path("<slug:slug>/historique/", views.association_history, name="history"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:pk>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/membres/<int:pk>/retirer/", views.remove_member, name="remove_member"),
    path(
        "<slug:slug>/membres/invitations/<int:pk>/renvoyer/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "<slug:slug>/membres/invitations/<int:pk>/annuler/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
]
