"""`{% map_points_url %}`: the address of the map's points for the page being shown, with its
filters and the content state it was written for (gnlc/site/directory/map_data.py), so that a
browser may keep the answer until the content changes."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..api.http import content_state
from ..directory.map_data import STATE_PARAMETER, state_token

register = template.Library()

# Parameters of the page that do not choose cities: the text list's page, the sort.
_NOT_FILTERS = {"page", "sort", STATE_PARAMETER}


@register.simple_tag(takes_context=True)
def map_points_url(context):
    request = context["request"]
    query = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in _NOT_FILTERS
        for value in values
    ]
    state = content_state()
    if state is not None:
        query.append((STATE_PARAMETER, state_token(state)))
    address = reverse("cities:map-data")
    return f"{address}?{urlencode(query)}" if query else address
