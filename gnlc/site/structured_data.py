"""Structured data of the public pages (schema.org, written as JSON-LD): a city profile with
its awards, an award year with its winners, a conference as an Event. It combines apps, so it
lives in the site layer; the template tags of templatetags/open_data.py put it in the pages.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gnlc.core.mail import absolute_url as absolute

NETWORK_NAME = "UNESCO Global Network of Learning Cities"

# "<", ">" and "&" escaped so that the data can never close the <script> element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """A dict as the text of a <script type="application/ld+json"> element, safe in HTML."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # noqa: S308


def host_label(conference):
    if conference.host_name:
        return conference.host_name
    return conference.host_city.name if conference.host_city else ""


def conference_event_data(conference):
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


def city_data(city, *, awards=None):
    """schema.org description of a member: the place (City) and its administration, which is
    the member of the network and the award winner (GovernmentOrganization)."""
    data = {
        "@type": ["City", "GovernmentOrganization"],
        "name": city.name,
        "url": absolute(city.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": city.country.code},
        "memberOf": {"@type": "Organization", "name": NETWORK_NAME},
    }
    if city.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }
    if city.website:
        data["sameAs"] = [city.website]
    if awards:
        data["award"] = [str(award.cycle.title) for award in awards]
    return data


def city_profile_data(city):
    """schema.org data of a city profile, with its awards and a link to the same data as JSON
    (the city comes from the profile's selector, its awards prefetched)."""
    data = {"@context": "https://schema.org", **city_data(city, awards=city.awards.all())}
    if city.description:
        data["description"] = city.description
    if city.image:
        data["image"] = absolute(city.image.url)
    data["subjectOf"] = {
        "@type": "Dataset",
        "name": city.name,
        "encodingFormat": "application/json",
        "url": absolute(reverse("api:city-detail", args=[city.slug])),
    }
    return data


def award_cycle_data(cycle, awards):
    """schema.org data of an award year: the list of winners, each with the award it
    received."""
    winners = []
    for position, award in enumerate(awards, start=1):
        city = award.city
        item = {
            "@type": ["City", "GovernmentOrganization"],
            "name": getattr(award, "city_display", None) or city.name,
            "address": {"@type": "PostalAddress", "addressCountry": city.country.code},
            "award": str(cycle.title),
        }
        if city.is_public:
            item["url"] = absolute(city.get_absolute_url())
        winners.append({"@type": "ListItem", "position": position, "item": item})
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": str(cycle.title),
        "url": absolute(cycle.get_absolute_url()),
        "numberOfItems": len(winners),
        "itemListElement": winners,
    }
    if cycle.description:
        data["description"] = cycle.description
    return data
