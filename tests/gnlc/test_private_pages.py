"""What a browser or a shared cache may keep: nothing of a private area, nothing answered to
someone signed in for anyone else, and the public pages and open data as before."""

import pytest

from tests import world

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {word.strip() for word in response.get("Cache-Control", "").split(",") if word}


def test_a_public_page_answered_to_someone_signed_in_is_private(client, network):
    client.force_login(world.user("visitor@example.org"))

    assert "private" in cache_control(client.get("/en/cities/"))
    # The open data is the same for everyone: its own public caching stays.
    assert "public" in cache_control(client.get("/api/v1/cities/"))


def test_a_public_page_and_the_open_data_answered_anonymously_are_not_private(client, network):
    page, data = client.get("/en/cities/"), client.get("/api/v1/cities/")

    assert (page.status_code, data.status_code) == (200, 200)
    assert "private" not in cache_control(page)
    assert "no-store" not in cache_control(data)


def test_a_private_area_is_never_stored_even_when_it_sends_the_visitor_away(client):
    # Anonymous visitors are sent to sign in: even that answer is not kept.
    response = client.get("/en/applications/")

    assert response.status_code == 302
    assert {"private", "no-store"} <= cache_control(response)
