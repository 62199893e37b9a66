"""Translated content in the page's language, and the language it is really in.

django-modeltranslation shows the English text where a French or Spanish one is missing. The
page must then say so, for screen readers and browsers' translators:

    <p{{ session|fallback_lang:"objective" }}>{{ session.objective }}</p>

renders ` lang="en"` when the page's language has no text of its own for that field and the one
shown comes from a fallback language, and nothing otherwise.
"""

from django import template
from django.utils.html import format_html
from modeltranslation.settings import DEFAULT_LANGUAGE, FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from gnlc.core import languages

register = template.Library()


def shown_language(instance, field):
    """The language of the text that `instance.<field>` shows in the active language, or None
    when it shows nothing (or the field is not translated)."""
    language = languages.current()
    candidates = [language, *FALLBACK_LANGUAGES.get(language, FALLBACK_LANGUAGES["default"])]
    for code in dict.fromkeys(candidates):
        localized = build_localized_fieldname(field, code)
        if not hasattr(instance, localized):
            return None
        if getattr(instance, localized):
            return code
    return None


# Languages written in another script than the Latin one: a name not given in them is shown
# as English writes it, which is text in another language (gnlc/core/languages.py).
OTHER_SCRIPTS = frozenset({"ar", "zh-hans", "ru"})


@register.filter
def name_lang(city):
    """` lang="en"` on a city's name shown in English on a page in Arabic, Chinese or
    Russian (no name is given in that language), else "". Reads only what the row already
    has: a name deferred by .only() counts as given, never loaded one row at a time."""
    active = languages.current()
    if city is None or city == "" or active not in OTHER_SCRIPTS:
        return ""
    localized = languages.field_name("name", active)
    if localized not in city.__dict__:
        return ""
    return "" if city.__dict__[localized] else format_html(' lang="{}"', DEFAULT_LANGUAGE)


@register.filter
def fallback_lang(instance, field):
    """` lang="xx"` when `field` of `instance` is shown in a fallback language, else ""."""
    if instance is None or instance == "":
        return ""
    code = shown_language(instance, field)
    active = languages.current()
    if code is None or code == active:
        return ""
    return format_html(' lang="{}"', code)
