from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


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
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {
        "language_alternates": alternates,
        "default_language_url": translate_url(path, settings.LANGUAGE_CODE),
        "site_url": settings.SITE_URL,
    }
