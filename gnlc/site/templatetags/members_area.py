"""The header's link to the members' area, shown only to a user who edits a city."""

from django import template

from ..members.selectors import edits_a_city

register = template.Library()


@register.simple_tag(takes_context=True)
def edits_city(context):
    """Whether the signed-in user edits a city: one query, once per request (anonymous
    visitors, whose pages are cached, cost none)."""
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if request is None:
        return edits_a_city(user)
    if not hasattr(request, "_edits_a_city"):
        request._edits_a_city = edits_a_city(user)
    return request._edits_a_city
