"""`{% include_fixed "includes/_footer.html" clusters=True %}`: an include whose output depends
on nothing but the language and the values given (no request, no user, no content), rendered
once per language and values in each server instead of on every request. The footer, the
header's search form and the maps' stylesheets and scripts are such parts: together a fifth of
an uncached profile's time (docs/performance.md).

The values must be hashable (text, numbers, booleans); the template sees only them. A setting
changed at run time (tests) forgets what was rendered."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation

register = template.Library()


@register.simple_tag
def include_fixed(template_name, **values):
    language = translation.get_language()
    return _rendered(template_name, language, tuple(sorted(values.items())))


@lru_cache(maxsize=256)
def _rendered(template_name, language, values):
    with translation.override(language):
        # A SafeString: the template engine escaped what it had to.
        return render_to_string(template_name, dict(values))


@receiver(setting_changed)
def _forget(**kwargs):
    _rendered.cache_clear()
