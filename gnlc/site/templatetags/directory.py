"""The directory's search and filters form and its lists of cities, as the directory and the
map page show them: parts that change only with the public content, rendered once per
content version and language (gnlc.core.public_cache)."""

from django import template
from django.template.loader import get_template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gnlc.core.public_cache import cached_each

register = template.Library()


@register.simple_tag(takes_context=True)
def directory_filters(context, action, without_sort=False):
    """The form of the page's filter set (`filter`), rendered once per content version,
    language and filter values (CityFilter.rendered_form)."""
    return context["filter"].rendered_form(action=action, without_sort=without_sort)


@register.simple_tag
def each_city(cities, template_name):
    """`template_name` rendered with each of `cities` (as `city`), every one as a list item:
    what it shows depends on the city and the language only, so each is rendered once per
    content version and language and read back from the cache with the others at once."""
    city_template = get_template(template_name)
    kind = f"city-item:{template_name}:{get_language() or 'en'}"
    items = cached_each(kind, list(cities), lambda city: city_template.render({"city": city}))
    return format_html_join("\n", "<li>{}</li>", ((mark_safe(item),) for item in items))  # noqa: S308 - rendered by the template engine, which escapes
