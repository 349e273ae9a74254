from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from associations.sitemaps import AssociationSitemap, PageSitemap
from operations.views import health

sitemaps = {"pages": PageSitemap, "associations": AssociationSitemap}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sante/", health, name="health"),
    path("_nested_admin/", include("nested_admin.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("compte/", include("accounts.urls")),
    path("espace/", include("space.urls")),
    path("donnees/", include("opendata.urls")),
    path("reseau/", include("network.urls")),
    path("", include("associations.urls")),
]
