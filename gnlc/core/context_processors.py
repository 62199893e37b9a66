from functools import lru_cache

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_info


def same_page_in(path, code):
    """The address of `path` in language `code`. A path that reads as another site's address
    ("//evil.example/", typed by someone) gives the language's home page instead, so that the
    language links never lead off the site."""
    url = translate_url(path, code)
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    with translation.override(code):
        return reverse("gnlc:home")


def site(request):
    """The language switcher's links (the same page in each language) and hreflang data."""
    current = get_language() or settings.LANGUAGE_CODE
    alternates, default_url = _alternates(request.get_full_path(), current)
    return {
        "language_alternates": alternates,
        "default_language_url": default_url,
        "site_url": settings.SITE_URL,
    }


@lru_cache(maxsize=4096)
def _alternates(path, current):
    """The links of `path` in every language, and in the default one: they follow from the
    URL patterns alone (never from the database), so each server works them out once per
    address and language rather than resolving the address seven times on every request.
    Read only: the same tuple serves every request for that address."""
    alternates = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": same_page_in(path, code),
                "is_current": code == current,
            }
        )
    return tuple(alternates), same_page_in(path, settings.LANGUAGE_CODE)
