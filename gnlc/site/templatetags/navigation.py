"""The site's main navigation, the same on every page but for the link marked as the current
page: rendered once per language and current link in each server, not on every request."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

register = template.Library()

# The pages the navigation links to (templates/includes/_site_nav.html).
NAVIGATION = (
    "cities:directory",
    "cities:map",
    "cities:cluster-list",
    "gnlc:statistics",
    "cities:join",
    "awards:cycle-list",
    "conferences:conference-list",
    "api:index",
)


@register.simple_tag(takes_context=True)
def site_nav(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    language = translation.get_language()
    return _rendered(language, path if path in _addresses(language) else "")


@lru_cache(maxsize=16)
def _addresses(language):
    with translation.override(language):
        return frozenset(reverse(name) for name in NAVIGATION)


@lru_cache(maxsize=256)
def _rendered(language, current_path):
    # Nothing of the visitor: the links, their labels in `language` and the current one.
    with translation.override(language):
        return render_to_string("includes/_site_nav.html", {"current_path": current_path})
