"""The design system's template tags: icons from the vendored Bootstrap Icons, the world map
of the members and a city's locator thumbnail, all drawn as SVG in the HTML."""

import functools
import re
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gnlc.site import world_map

register = template.Library()

ICONS = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"


@functools.cache
def _icon_body(name):
    """The inside of a vendored icon's <svg> (its paths). Unknown names fail loudly."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise ValueError(f"Not an icon name: {name!r}")
    svg = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
    return svg[svg.index(">") + 1 : svg.rindex("</svg>")].strip()


@register.simple_tag
def icon(name, label=""):
    """{% icon "award" %}: a decorative icon (hidden from screen readers), or with a label,
    an image with that text alternative."""
    if label:
        accessible = format_html('role="img" aria-label="{}"', label)
    else:
        accessible = mark_safe('aria-hidden="true"')
    return format_html(
        '<svg class="icon icon-{}" viewBox="0 0 16 16" focusable="false" {}>{}</svg>',
        name,
        accessible,
        # The vendored icon files of the repository, never anything a person typed.
        mark_safe(_icon_body(name)),  # noqa: S308
    )


@register.simple_tag
def land_path():
    return world_map.land_path()


@register.simple_tag
def member_dots():
    return world_map.member_dots()


@register.filter
def region_class(region):
    """The CSS class that gives an element its region's colour: "region-ena"."""
    return world_map.region_class(region)


@register.inclusion_tag("includes/_locator.html")
def locator(city, size="small"):
    """A small world with the city's dot; nothing for a city without coordinates."""
    return {"spot": world_map.locator(city), "city": city, "size": size}


@register.filter
def before_colon(label):
    """A field's label as it stands before a colon ("{label}: {error}"): without a final full
    stop or colon of its own, so that a question written as a sentence does not read "the
    period covered.: Shorten this text"."""
    return str(label).rstrip().rstrip(".:").rstrip()
