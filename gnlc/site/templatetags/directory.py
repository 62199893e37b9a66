"""The directory's search and filters form and its lists of cities, as the directory and the
map page show them: parts that change only with the public content, rendered once per
content version and language (gnlc.core.public_cache)."""

from django import template
from django.template.loader import get_template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gnlc.core.public_cache import cached_each_found, store_each

register = template.Library()


@register.simple_tag(takes_context=True)
def directory_filters(context, action, without_sort=False):
    """The form of the page's filter set (`filter`), rendered once per content version,
    language and filter values (CityFilter.rendered_form)."""
    return context["filter"].rendered_form(action=action, without_sort=without_sort)


@register.simple_tag
def each_city(page, template_name):
    """`template_name` rendered with each city of `page` (a page of the directory's paginator)
    as `city`, every one as a list item. What an item shows depends on the city and the
    language only, so each is rendered once per content version and language: the page reads
    its cities' keys (one small query), their items from the cache at once, and loads only
    the cities whose item is missing (one more query, when one is)."""
    pks = list(page.object_list.values_list("pk", flat=True))
    kind = f"city-item:{template_name}:{get_language() or 'en'}"
    items = cached_each_found(kind, pks)
    missing = [pk for pk in pks if pk not in items]
    if missing:
        city_template = get_template(template_name)
        # From the page's own query: the same annotations (the name in the page's language).
        cities = page.paginator.object_list.in_bulk(missing)
        rendered = {pk: city_template.render({"city": cities[pk]}) for pk in missing}
        store_each(kind, rendered)
        items.update(rendered)
    return format_html_join("\n", "<li>{}</li>", ((mark_safe(items[pk]),) for pk in pks))  # noqa: S308 - rendered by the template engine, which escapes
