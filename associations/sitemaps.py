from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Association


class AssociationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Association.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, association):
        return association.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["associations:home", "associations:list"]

    def location(self, name):
        return reverse(name)
