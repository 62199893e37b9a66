"""Public pages of the conference archive: all editions, and one conference with its
programme, documents, publications and the award conferred.

GET only, no form and no CSRF token, so that the pages can be cached and shared.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import TemplateView

from awards.enums import CyclePhase

from . import selectors
from .enums import ConferenceStatus

# "<", ">" and "&" escaped so that the data can never close the <script> element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """A dict as the text of a <script type="application/ld+json"> element, safe in HTML."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # noqa: S308


def host_label(conference):
    if conference.host_name:
        return conference.host_name
    return conference.host_city.name if conference.host_city else ""


def event_data(request, conference):
    """schema.org Event of a conference."""
    place = {"@type": "Place", "name": conference.venue or host_label(conference)}
    address = {"@type": "PostalAddress"}
    if host_label(conference):
        address["addressLocality"] = host_label(conference)
    if conference.country:
        address["addressCountry"] = conference.country.code
    place["address"] = address
    host = conference.host_city
    if host is not None and host.has_coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(host.latitude),
            "longitude": float(host.longitude),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        # The canonical address, as in the page's OpenGraph and the other JSON-LD blocks.
        "url": f"{settings.SITE_URL}{conference.get_absolute_url()}",
        "inLanguage": get_language(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": place,
        "organizer": {
            "@type": "Organization",
            "name": "UNESCO Institute for Lifelong Learning",
            "url": "https://www.uil.unesco.org/",
        },
    }
    if conference.theme:
        data["description"] = conference.theme
    if conference.starts_on:
        data["startDate"] = conference.starts_on
        data["endDate"] = conference.ends_on or conference.starts_on
    return data


class ConferenceListView(TemplateView):
    """/conferences/: every edition, newest first, with theme, host, dates and figures."""

    template_name = "conferences/conference_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conferences = selectors.conference_list()
        for conference in conferences:
            conference.dates_display = selectors.date_range(conference)
        context["conferences"] = conferences
        return context


class ConferenceDetailView(TemplateView):
    """/conferences/<slug>/: one conference; 404 for an unknown slug."""

    template_name = "conferences/conference_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = selectors.conference_detail(self.kwargs["slug"])
        cycle = conference.award_cycle
        winners = []
        if cycle and cycle.phase == CyclePhase.PUBLISHED:
            winners = list(cycle.awards.all())
        context.update(
            conference=conference,
            dates_display=selectors.date_range(conference),
            is_planned=conference.status == ConferenceStatus.PLANNED,
            programme=selectors.programme(conference),
            document_groups=selectors.document_groups(conference),
            cycle=cycle,
            winners=winners,
            hashtags=conference.hashtags.replace(",", " ").split(),
            event_json=json_ld(event_data(self.request, conference)),
        )
        return context
