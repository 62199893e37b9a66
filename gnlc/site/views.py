from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from awards import selectors as award_selectors
from cities import selectors as city_selectors
from conferences import selectors as conference_selectors
from gnlc.core import faults, languages

from . import transparency, world_map


class HomeView(TemplateView):
    template_name = "gnlc/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = city_selectors.network_figures()
        context["official"] = city_selectors.official_figures()["latest"]
        context["newest"] = city_selectors.newest_members()
        context["call"] = city_selectors.current_call()
        context["next_conference"] = conference_selectors.next_conference()
        # The hero: the members on a world map, with its legend and text alternative.
        context["map_dots"] = world_map.member_dots()
        context["map_regions"] = [
            {"label": label, "count": count, "css": world_map.region_class(value)}
            for value, label, count in city_selectors.members_per_region()
        ]
        context["latest_award_cycle"] = award_selectors.latest_published_cycle()
        return context


class StatisticsView(TemplateView):
    template_name = "gnlc/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_region = city_selectors.members_per_region()
        growth, unknown_year = city_selectors.growth_per_year()
        official = city_selectors.official_figures()
        context.update(
            figures=city_selectors.network_figures(),
            official=official["latest"],
            official_history=official["history"],
            per_region=per_region,
            growth=growth,
            unknown_year=unknown_year,
            region_chart=bar_chart([(str(label), n) for _, label, n in per_region]),
            growth_chart=bar_chart([(str(year), total) for year, _, total in growth]),
            transparency=transparency.transparency(),
        )
        return context


class PrivacyNoticeView(TemplateView):
    """What the portal keeps about visitors, applicants, Commissions, jurors and staff, and for
    how long: written from what the code and the operations guide do (docs/design.md lists
    the sources to check again when they change)."""

    template_name = "gnlc/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session_days=settings.SESSION_COOKIE_AGE // 86400,
            cooloff_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            retry_days=round(
                settings.POST_OFFICE["MAX_RETRIES"]
                * settings.POST_OFFICE["RETRY_INTERVAL"].total_seconds()
                / 86400
            ),
            secretariat_email=settings.SECRETARIAT_EMAIL,
        )
        return context


class AccessibilityStatementView(TemplateView):
    template_name = "gnlc/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["secretariat_email"] = settings.SECRETARIAT_EMAIL
        return context


def bar_chart(rows, *, width=760, bar_height=28, gap=10, label_width=300, mirrored=None):
    """Geometry of a horizontal bar chart, drawn as SVG by the template (no script needed).

    In a language written right to left (`mirrored`, by default the active language's
    direction) the chart reads from the right: labels on the right, bars growing leftwards,
    each value at its bar's end. Only the x coordinates change: the SVG's text inherits the
    page's direction, so each anchor ("end" for a label, "start" for a value) already points
    the other way; the numbers themselves are not mirrored."""
    if mirrored is None:
        mirrored = languages.is_bidi()
    largest = max((value for _, value in rows), default=0) or 1
    span = width - label_width - 60
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (bar_height + gap)
        length = round(span * value / largest)
        bar_width = max(length, 1 if value else 0)
        x, value_x = label_width, label_width + length + 8
        if mirrored:
            x, value_x = width - label_width - bar_width, width - value_x
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + bar_height // 2 + 5,
                "x": x,
                "width": bar_width,
                "value_x": value_x,
            }
        )
    height = max(len(rows) * (bar_height + gap) - gap, bar_height)
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "bar_height": bar_height,
        "label_x": width - (label_width - 10) if mirrored else label_width - 10,
    }


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for the load balancer: 200 when the database answers, 503 with
    Retry-After when it does not (and the broken connection is dropped, so the next check
    connects afresh). A Redis outage does not fail it: the portal works without its cache."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        faults.drop_broken_connections()
        response = JsonResponse(
            {
                "status": "unavailable",
                "database": "unavailable",
                "error": type(error).__name__,
                "message": gettext("The database is unavailable."),
            },
            status=503,
        )
        response["Retry-After"] = str(faults.RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them to the real icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: /{code}/applications/" for code, _ in settings.LANGUAGES),
        *(f"Disallow: /{code}/jury/" for code, _ in settings.LANGUAGES),
        # The configured address, never the Host header of the request.
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        # The open-data API answers in JSON even when something unforeseen breaks.
        from .api.http import server_error_response

        return server_error_response()
    return render(request, "500.html", status=500)
