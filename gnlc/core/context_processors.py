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
    path = request.get_full_path()
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
    return {
        "language_alternates": alternates,
        "default_language_url": same_page_in(path, settings.LANGUAGE_CODE),
        "site_url": settings.SITE_URL,
    }
