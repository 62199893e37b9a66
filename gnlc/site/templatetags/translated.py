"""Translated content in the page's language, and the language it is really in.

django-modeltranslation shows the English text where a French or Spanish one is missing. The
page must then say so, for screen readers and browsers' translators:

    <p{{ session|fallback_lang:"objective" }}>{{ session.objective }}</p>

renders ` lang="en"` when the page's language has no text of its own for that field and the one
shown comes from a fallback language, and nothing otherwise.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.settings import DEFAULT_LANGUAGE, FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def shown_language(instance, field):
    """The language of the text that `instance.<field>` shows in the active language, or None
    when it shows nothing (or the field is not translated)."""
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    candidates = [language, *FALLBACK_LANGUAGES.get(language, FALLBACK_LANGUAGES["default"])]
    for code in dict.fromkeys(candidates):
        localized = build_localized_fieldname(field, code)
        if not hasattr(instance, localized):
            return None
        if getattr(instance, localized):
            return code
    return None


@register.filter
def fallback_lang(instance, field):
    """` lang="xx"` when `field` of `instance` is shown in a fallback language, else ""."""
    if instance is None or instance == "":
        return ""
    code = shown_language(instance, field)
    active = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    if code is None or code == active:
        return ""
    return format_html(' lang="{}"', code)
