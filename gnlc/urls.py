from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.static import serve

from cities.urls import urlpatterns as city_patterns
from members.urls import urlpatterns as member_patterns

from .core import security
from .site import feeds, search, views
from .site.directory.urls import urlpatterns as directory_patterns
from .site.members.urls import urlpatterns as dashboard_patterns
from .site.sitemaps import SITEMAPS

handler404 = "gnlc.site.views.page_not_found"
handler500 = "gnlc.site.views.server_error"
# allauth's rate limits (sign-up, password reset) answer with this view (gnlc/core/ratelimit.py).
handler429 = "gnlc.core.ratelimit.handler429"

gnlc_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("statistics/", views.StatisticsView.as_view(), name="statistics"),
        path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
        path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
        path("search/", search.SiteSearchView.as_view(), name="search"),
        path("feeds/members.atom", feeds.MembersFeed(), name="feed-members"),
        path("feeds/awards.atom", feeds.AwardsFeed(), name="feed-awards"),
    ],
    "gnlc",
)

# One namespace for the public city pages: the directory, map and profile come from the site
# layer (they show awards and conferences), the clusters, joining and applications from cities.
cities_patterns = (directory_patterns + city_patterns, "cities")
# The members' area: the dashboard from the site layer (it reads the award too), the rest
# from members.
members_patterns = (dashboard_patterns + member_patterns, "members")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # One way in: the admin's login page sends to allauth's (throttled, second factor).
    path("admin/login/", security.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("gnlc.site.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include(gnlc_patterns)),
    path("accounts/", include("allauth.urls")),
    path("", include(cities_patterns)),
    path("", include("awards.urls")),
    path("members/", include(members_patterns)),
    path("", include("conferences.urls")),
)

if settings.BENCHMARK:
    # `make bench` only: the trivial view every page is measured against (gnlc/bench.py).
    urlpatterns += [path("", include("gnlc.bench"))]

if settings.DEBUG:
    # Public city images in development; production serves media from object storage.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
