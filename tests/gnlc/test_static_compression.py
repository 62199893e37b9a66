"""Static files as production serves them: collected with hashed names and compressed copies,
answered Brotli-compressed to a browser that accepts it (docs/performance.md), gzip to one
that does not, and as they are to one that accepts neither."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client


def collect_static_as_production(settings, tmp_path):
    """Collect the static files with the production storage (hashed names, gzip and Brotli
    copies) into `tmp_path`, served by WhiteNoise from there; returns the folder."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture
def collected(settings, tmp_path):
    return collect_static_as_production(settings, tmp_path)


@pytest.mark.django_db
def test_the_stylesheet_is_served_compressed_as_the_browser_accepts(collected):
    url = staticfiles_storage.url("css/gnlc.css")
    name = url.removeprefix("/static/")
    original = (collected / name).read_bytes()
    assert (collected / f"{name}.br").is_file()
    assert (collected / f"{name}.gz").is_file()

    # One collection (it takes seconds) for the three kinds of browser.
    for accepted, encoding in [("br, gzip", "br"), ("gzip", "gzip"), ("identity", None)]:
        response = Client().get(url, HTTP_ACCEPT_ENCODING=accepted)

        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding, accepted
        body = b"".join(response.streaming_content)
        if encoding is None:
            assert body == original
        else:
            assert len(body) < len(original) / 2, accepted
