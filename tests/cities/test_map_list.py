"""The map page's text list of the cities (the map's text alternative), a page at a time:
the directory's paginator, the filters kept in its links, which land on the list."""

import re

import pytest

from gnlc.site.directory.views import CityMapView


@pytest.fixture
def two_a_page(monkeypatch):
    # The six public members of the network on three pages.
    monkeypatch.setattr(CityMapView, "paginate_by", 2)


def listed(response):
    """The names in the text list, as the page shows them."""
    body = response.content.decode()
    text_list = body.split('id="city-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', text_list)


def page_links(response):
    body = response.content.decode()
    nav = body.split('aria-label="Pages of results"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'class="page-link" href="([^"]+)"', nav)


@pytest.mark.django_db
@pytest.mark.usefixtures("two_a_page")
class TestMapTextList:
    def test_the_first_page_lists_the_first_cities_and_counts_all(self, client, network):
        response = client.get("/en/cities/map/")
        assert listed(response) == ["Aswan", "Cork"]
        assert "6 member cities" in response.content.decode()

    def test_page_two_shows_the_next_cities(self, client, network):
        response = client.get("/en/cities/map/", {"page": "2"})
        assert listed(response) == ["Espoo", "Limerick"]
        assert "6 member cities" in response.content.decode()

    def test_page_links_land_on_the_list(self, client, network):
        response = client.get("/en/cities/map/", {"page": "2"})
        assert page_links(response) == [
            "?page=1#city-list",
            "?page=1#city-list",
            "?page=3#city-list",
            "?page=3#city-list",
        ]

    def test_page_links_keep_the_filters(self, client, network, make_city):
        for name in ["Galway", "Dublin", "Sligo"]:
            make_city(name, "IE", member_since=2020)
        first = client.get("/en/cities/map/", {"country": "IE"})
        assert listed(first) == ["Cork", "Dublin"]
        assert "?country=IE&amp;page=2#city-list" in page_links(first)
        second = client.get("/en/cities/map/", {"country": "IE", "page": "2"})
        assert listed(second) == ["Galway", "Limerick"]
        assert "5 member cities" in second.content.decode()

    def test_a_page_out_of_range_shows_the_last_page(self, client, network):
        response = client.get("/en/cities/map/", {"page": "99"})
        assert response.status_code == 200
        assert listed(response) == ["Medellín", "Mexico City"]

    def test_a_page_that_is_not_a_number_shows_the_first(self, client, network):
        response = client.get("/en/cities/map/", {"page": "two"})
        assert response.status_code == 200
        assert listed(response) == ["Aswan", "Cork"]

    def test_the_list_links_each_city_to_its_profile(self, client, network):
        body = client.get("/en/cities/map/", {"page": "2"}).content.decode()
        text_list = body.split('id="city-list"', 1)[1].split("</ul>", 1)[0]
        assert re.findall(r'<a href="([^"]+)"', text_list) == [
            "/en/cities/espoo/",
            "/en/cities/limerick/",
        ]

    def test_the_list_in_arabic_links_to_the_arabic_profiles(self, client, network):
        client.get("/en/cities/map/", {"page": "2"})
        body = client.get("/ar/cities/map/", {"page": "2"}).content.decode()
        text_list = body.split('id="city-list"', 1)[1].split("</ul>", 1)[0]
        assert re.findall(r'<a href="([^"]+)"', text_list) == [
            "/ar/cities/espoo/",
            "/ar/cities/limerick/",
        ]

    def test_skip_the_map_leads_to_the_folded_list(self, client, network):
        body = client.get("/en/cities/map/", {"page": "3"}).content.decode()
        assert '<a href="#city-list">Skip the map: go to the list of cities</a>' in body
        assert body.count('id="city-list"') == 1
        details = body.split('<details class="city-list-details', 1)[1].split("</details>", 1)[0]
        assert 'id="city-list"' in details
        assert 'aria-label="Pages of results"' in details

    def test_one_page_shows_no_page_links(self, client, network, monkeypatch):
        monkeypatch.setattr(CityMapView, "paginate_by", 100)
        body = client.get("/en/cities/map/").content.decode()
        assert listed(client.get("/en/cities/map/"))[-1] == "Mexico City"
        assert "Pages of results" not in body

    def test_no_match_says_so_in_place_of_the_list(self, client, network):
        body = client.get("/en/cities/map/", {"q": "nowhere"}).content.decode()
        assert re.search(r'<p id="city-list"[^>]*>\s*No member city matches\.', body)


@pytest.mark.django_db
def test_the_directorys_map_link_keeps_the_filters_but_not_its_page(client, network, make_city):
    for index in range(30):
        make_city(f"Town {index:02d}", "IE", member_since=2020)
    body = client.get("/en/cities/", {"country": "IE", "page": "2"}).content.decode()
    # A directory page (24 cities) is not a page of the map's list (100).
    assert '<a href="/en/cities/map/?country=IE">Show these cities on the map</a>' in body
