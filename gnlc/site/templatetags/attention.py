from django import template

from ..attention import attention

register = template.Library()


@register.simple_tag
def staff_attention():
    """What waits for staff (gnlc/site/attention.py), for the admin's home page."""
    return attention()
