from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from associations.sitemaps import AssociationSitemap, PageSitemap

sitemaps = {"pages": PageSitemap, "associations": AssociationSitemap}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("orientation/envois/", include("liaison.urls")),
    path("orientation/", include("orientation.urls")),
    path("reseau/", include("network.urls")),
    path("", include("ccas.urls")),
]

# The public site and the associations' space in French (no prefix), English (/en/) and Arabic
# (/ar/). Staff-only pages stay in French, outside these patterns. The open-data files keep their
# French address only (opendata/views.py).
urlpatterns += i18n_patterns(
    path("donnees/", include("opendata.urls")),
    path("compte/", include("accounts.urls")),
    path("espace/", include("liaison.space_urls")),
    path("espace/", include("space.urls")),
    path("", include("ccas.install_urls")),
    path("", include("reports.urls")),
    path("", include("associations.urls")),
    prefix_default_language=False,
)

# Made without the database, which may be what failed (503 then).
handler500 = "operations.errors.server_error"
