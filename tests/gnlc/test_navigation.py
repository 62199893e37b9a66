"""The main navigation (gnlc/site/templatetags/navigation.py): rendered once per language and
current link, it still marks the page shown, in the page's language."""

import re

import pytest


def current_links(client, url):
    body = client.get(url).content.decode()
    nav = body.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"\s+aria-current="page">([^<]+)</a>', nav)


@pytest.mark.django_db
def test_the_navigation_marks_the_page_shown_in_its_language(client, network):
    assert current_links(client, "/en/cities/") == [("/en/cities/", "Member cities")]
    assert current_links(client, "/fr/cities/map/") == [("/fr/cities/map/", "Carte")]
    assert current_links(client, "/en/cities/map/") == [("/en/cities/map/", "Map")]


@pytest.mark.django_db
def test_a_page_outside_the_navigation_marks_no_link(client, network):
    client.get("/en/cities/")
    assert current_links(client, "/en/cities/cork/") == []
    assert current_links(client, "/en/cities/?region=ENA") == [("/en/cities/", "Member cities")]
