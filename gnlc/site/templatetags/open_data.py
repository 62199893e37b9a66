"""What connects a public page to machines: its data links, feeds, OpenGraph and JSON-LD.

`{% page_links as links %}` (in base.html) gives, for the page being shown, the open-data
URLs of the same content and the Atom feeds to advertise; `{% block_text "title" %}` renders a
block of the page once more as plain text (OpenGraph repeats the title and description);
`{% city_json_ld city %}`, `{% award_cycle_json_ld cycle awards %}` and
`{% conference_json_ld conference %}` give schema.org data (gnlc/site/structured_data.py).
"""

import html
from functools import lru_cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from gnlc.core.mail import absolute_url as absolute
from gnlc.core.memo import Memo

from ..structured_data import award_cycle_data, city_profile_data, conference_event_data, json_ld

register = template.Library()

SITE_IMAGE = "img/og-image.png"

# Formats of a data link: (label, media type, API URL name).
JSON, CSV, GEOJSON = "JSON", "CSV", "GeoJSON"
MEDIA_TYPES = {JSON: "application/json", CSV: "text/csv", GEOJSON: "application/geo+json"}
_CITY_FORMATS = [(JSON, "api:city-list"), (CSV, "api:city-csv"), (GEOJSON, "api:city-geojson")]

# Public page (URL name) → (formats, the context object and attribute giving the API URL's
# argument, whether the page's filters are carried over).
DATA_LINKS = {
    "gnlc:home": ([(JSON, "api:figures")], None, False),
    "gnlc:statistics": ([(JSON, "api:figures")], None, False),
    "cities:directory": (_CITY_FORMATS, None, True),
    "cities:map": (_CITY_FORMATS, None, True),
    "cities:city-detail": ([(JSON, "api:city-detail")], ("city", "slug"), False),
    "cities:cluster-list": ([(JSON, "api:cluster-list")], None, False),
    "cities:cluster-detail": ([(JSON, "api:cluster-detail")], ("cluster", "slug"), False),
    "awards:cycle-list": ([(JSON, "api:cycle-list")], None, False),
    "awards:cycle-detail": ([(JSON, "api:cycle-detail")], ("cycle", "year"), False),
    "conferences:conference-list": ([(JSON, "api:conference-list")], None, False),
    "conferences:conference-detail": (
        [(JSON, "api:conference-detail")],
        ("conference", "slug"),
        False,
    ),
}
# Pages that advertise the Atom feeds in their head.
FEED_TITLES = {
    "gnlc:feed-members": _("New member cities"),
    "gnlc:feed-awards": _("UNESCO Learning City Award winners"),
}
FEEDS = {
    "gnlc:home": ["gnlc:feed-members", "gnlc:feed-awards"],
    "cities:directory": ["gnlc:feed-members"],
    "awards:cycle-list": ["gnlc:feed-awards"],
    "awards:cycle-detail": ["gnlc:feed-awards"],
}
# Query parameters of the directory that are not filters of the data.
NOT_FILTERS = ("page",)
# OpenGraph wants language_TERRITORY.
OG_LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "ar": "ar_AR",
    "zh-hans": "zh_CN",
    "ru": "ru_RU",
}


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def _data_query(request, carry_filters):
    query = request.GET.copy() if carry_filters else type(request.GET)(mutable=True)
    for name in NOT_FILTERS:
        query.pop(name, None)
    query["lang"] = get_language() or settings.LANGUAGE_CODE
    return query.urlencode()


def data_links(context):
    """[{label, type, url}] of the page's data, or [] for a page without a data equivalent
    (or an error page, whose subject is missing from the context)."""
    request = context.get("request")
    entry = DATA_LINKS.get(_view_name(request))
    if entry is None:
        return []
    formats, subject, carry_filters = entry
    args = []
    if subject:
        obj = context.get(subject[0])
        if obj is None:
            return []
        args = [getattr(obj, subject[1])]
    query = _data_query(request, carry_filters)
    return [
        {
            "label": label,
            "type": MEDIA_TYPES[label],
            "url": absolute(f"{reverse(name, args=args)}?{query}"),
        }
        for label, name in formats
    ]


@register.simple_tag(takes_context=True)
def page_links(context):
    """The page's data links and Atom feeds: {"data": [...], "feeds": [...]}."""
    request = context.get("request")
    feeds = [
        {"title": FEED_TITLES[name], "url": absolute(reverse(name))}
        for name in FEEDS.get(_view_name(request), [])
    ]
    return {"data": data_links(context), "feeds": feeds}


@register.simple_tag(takes_context=True)
def block_text(context, name, default=""):
    """The page's own version of block `name`, rendered as plain text (one line)."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        return default
    with context.push(block=block):
        rendered = block.nodelist.render(context)
    # The block's text is HTML; the tag's output is escaped again where it is used.
    text = " ".join(html.unescape(strip_tags(rendered)).split())
    return text or default


@lru_cache(maxsize=1)
def _site_image():
    return static(SITE_IMAGE) if finders.find(SITE_IMAGE) else None


@register.simple_tag(takes_context=True)
def opengraph(context):
    """The OpenGraph values that are not texts of the page: url, locales, image."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    image, image_alt = None, ""
    city = context.get("city")
    if _view_name(request) == "cities:city-detail" and city is not None and city.image:
        image, image_alt = city.image.url, city.image_alt
    elif _site_image():
        image = _site_image()
    return {
        "url": absolute(request.get_full_path()) if request else settings.SITE_URL,
        "locale": og_locale(current),
        "alternate_locales": [
            og_locale(code) for code, _name in settings.LANGUAGES if code != current
        ],
        "image": absolute(image) if image else None,
        "image_alt": image_alt,
    }


def og_locale(code):
    return OG_LOCALES.get(code, to_locale(code))


@register.simple_tag(takes_context=True)
def city_json_ld(context, city):
    """JSON-LD of a city profile, with its awards and a link to the same data as JSON. Made
    once per content state and language in each worker when the view gives the state
    (`content_state`: the version and when it changed, so a cache flush never brings back an
    older copy)."""
    state = context.get("content_state")
    if state is None:
        return json_ld(city_profile_data(city))
    key = (city.pk, get_language(), state)
    found = _json_ld_memo.get(key)
    if found is None:
        found = json_ld(city_profile_data(city))
        _json_ld_memo.put(key, found, size=len(found))
    return found


# Each worker's JSON-LD of the profiles it served last (gnlc/core/memo.py).
_json_ld_memo = Memo(4 * 1024 * 1024)


@register.simple_tag
def award_cycle_json_ld(cycle, awards):
    """JSON-LD of an award year: the list of winners, each with the award it received."""
    return json_ld(award_cycle_data(cycle, awards))


@register.simple_tag
def conference_json_ld(conference):
    """JSON-LD of a conference: a schema.org Event."""
    return json_ld(conference_event_data(conference))
