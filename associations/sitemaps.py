from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Association


class TranslatedSitemap(Sitemap):
    """Each page in French, English and Arabic, announced as alternates of one another."""

    i18n = True
    alternates = True
    x_default = True


class AssociationSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return Association.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, association):
        return association.updated_at


class PageSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return ["associations:home", "associations:list", "associations:accessibility"]

    def location(self, name):
        return reverse(name)
