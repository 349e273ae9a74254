from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("compte/", include("accounts.urls")),
    path("espace/", include("space.urls")),
    path("", include("associations.urls")),
]
