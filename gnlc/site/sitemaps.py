from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import City, Cluster


class MultilingualSitemap(Sitemap):
    """Every URL once per language, each with its alternates (hreflang) and x-default."""

    i18n = True
    alternates = True
    x_default = True

    # Addresses on the configured site, never on the Host header of the request.
    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StaticPagesSitemap(MultilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "gnlc:home",
            "cities:directory",
            "cities:map",
            "cities:cluster-list",
            "gnlc:statistics",
            "gnlc:privacy",
            "gnlc:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class CitySitemap(MultilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return City.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, city):
        return city.updated_at


class ClusterSitemap(MultilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Cluster.objects.order_by("slug")


SITEMAPS = {"pages": StaticPagesSitemap, "cities": CitySitemap, "clusters": ClusterSitemap}
