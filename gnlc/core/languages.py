"""The portal's languages (settings.LANGUAGES) and the names of the fields that hold each.

Language codes are those of the URL prefixes and of Django ("zh-hans"); the translated fields
django-modeltranslation adds are named with an underscore ("name_zh_hans"). Code that picks a
field for a language goes through `field_name()`, never through `code.split("-")[0]` (which
would make "zh" of "zh-hans", a language the portal does not have).
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


def codes():
    """Every language code of the site, English first."""
    return [code for code, _name in settings.LANGUAGES]


def current(language=None):
    """`language` (the active one by default) as one of the site's codes: "zh-Hans",
    "zh_hans" and "zh-hans" are all "zh-hans", "fr-ca" is "fr"; English for any other."""
    code = (language or get_language() or settings.LANGUAGE_CODE).lower().replace("_", "-")
    known = codes()
    if code in known:
        return code
    base = code.split("-")[0]
    return base if base in known else settings.LANGUAGE_CODE


def field_name(field, language=None):
    """The field that holds `field` in `language` (the active one by default): "name_fr",
    "name_zh_hans"."""
    return build_localized_fieldname(field, current(language))


def is_bidi(language=None):
    """Whether `language` (the active one by default) is written right to left."""
    return current(language).split("-")[0] in settings.LANGUAGES_BIDI
