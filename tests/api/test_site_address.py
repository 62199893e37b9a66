"""Links in the open data are built on the configured site address (SITE_URL), never on the
Host header a client sends: a cached answer must not hand one client's host to the next."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:city-list", None),
        ("api:city-detail", {"slug": "mexico-city"}),
        ("api:city-geojson", None),
        ("api:openapi", None),
        ("api:cycle-list", None),
    ],
)
def test_links_use_the_site_address_whatever_the_host_header(
    client, open_data, settings, name, kwargs
):
    settings.SITE_URL = "https://learningcities.example"
    response = client.get(reverse(name, kwargs=kwargs), HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.getvalue().decode()
    assert "https://learningcities.example" in body
    assert "//localhost" not in body
    assert "//testserver" not in body
