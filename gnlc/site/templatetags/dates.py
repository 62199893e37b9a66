"""Dates in the page's language (gnlc.core.dates): `{{ value|day }}`, `{{ value|moment }}`
and `{{ value|moment_zone }}` (with the time zone's abbreviation: "10:00 CET"). A built-in
library (settings.TEMPLATES): no {% load %} needed."""

from django import template
from django.template.defaultfilters import date as date_filter

from gnlc.core import dates

register = template.Library()


@register.filter(expects_localtime=True)
def day(value):
    return dates.day(value)


@register.filter(expects_localtime=True)
def moment(value):
    return dates.moment(value)


@register.filter(expects_localtime=True)
def moment_zone(value):
    if value in (None, ""):
        return ""
    return f"{dates.moment(value)} {date_filter(value, 'T')}"
