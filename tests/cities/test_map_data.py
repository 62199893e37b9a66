"""The map's points (gnlc/site/directory/map_data.py): a compact document built once per
content state, language and filter query, served compressed with an ETag (issue 17)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gnlc.core import public_cache
from gnlc.site.directory import map_data
from gnlc.site.directory.selectors import FACETS
from tests.map_points import points


def url(language="en"):
    with translation.override(language):
        return reverse("cities:map-data")


def current_token():
    return map_data.state_token(public_cache.content_state())


@pytest.mark.django_db
class TestWhatTheMapGets:
    def test_public_members_with_their_profiles_and_places(self, client, network):
        cities = points(client.get(url(), {"country": "IE"}))
        assert [(c["name"], c["url"], c["country"]) for c in cities] == [
            ("Cork", "/en/cities/cork/", "Ireland"),
            ("Limerick", "/en/cities/limerick/", "Ireland"),
        ]
        # Three decimals: about 110 m, less than a pixel at the map's closest zoom.
        assert (cities[0]["lat"], cities[0]["lon"]) == (51.898, -8.471)
        assert cities[0]["region"] == "Europe and North America"

    def test_in_the_pages_language(self, client, network):
        cities = points(client.get(url("es"), {"q": "mexico"}))
        assert cities == [
            {
                "name": "Ciudad de México",
                "name_language": "es",
                "url": "/es/cities/mexico-city/",
                "lon": -99.128,
                "lat": 19.428,
                "country": "México",
                "region": "América Latina y el Caribe",
            }
        ]

    def test_a_name_not_given_in_the_language_is_english_and_says_so(self, client, network):
        cities = {c["url"]: c for c in points(client.get(url("ar")))}
        cork = cities["/ar/cities/cork/"]
        assert (cork["name"], cork["name_language"]) == ("Cork", "en")
        assert cork["country"] == "آيرلندا"

    def test_withdrawn_and_unconfirmed_cities_absent(self, client, network):
        names = {c["name"] for c in points(client.get(url()))}
        assert "Goneville" not in names
        assert len(names) == 6

    def test_a_city_without_coordinates_is_not_a_point(self, client, network, make_city):
        make_city("Nowhere", "FR", member_since=2020)
        names = {c["name"] for c in points(client.get(url()))}
        assert "Nowhere" not in names

    def test_bad_filter_gives_400_with_the_field(self, client, network):
        response = client.get(url(), {"region": "XX"})
        assert response.status_code == 400
        assert "region" in response.json()["fields"]

    def test_far_smaller_than_the_open_datas_geojson(self, client, network):
        compact = client.get(url())
        geojson = json.loads(b"".join(client.get("/api/v1/cities.geojson").streaming_content))
        assert len(compact.content) * 2 < len(json.dumps(geojson, ensure_ascii=False).encode())
        assert {c["name"] for c in points(compact)} == {
            f["properties"]["name"] for f in geojson["features"]
        }


@pytest.mark.django_db
class TestHowItIsServed:
    def test_compressed_as_the_client_accepts(self, client, network):
        plain = client.get(url())
        br = client.get(url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        gz = client.get(url(), HTTP_ACCEPT_ENCODING="gzip, deflate")
        no_br = client.get(url(), HTTP_ACCEPT_ENCODING="br;q=0, gzip")
        assert "Content-Encoding" not in plain
        assert br["Content-Encoding"] == "br"
        assert gz["Content-Encoding"] == "gzip"
        assert no_br["Content-Encoding"] == "gzip"
        assert points(plain) == points(br) == points(gz)
        for response in (plain, br, gz):
            assert "Accept-Encoding" in response["Vary"]
            assert response["Content-Type"] == "application/json"
        assert len({plain["ETag"], br["ETag"], gz["ETag"]}) == 3

    def test_unchanged_is_answered_304(self, client, network):
        first = client.get(url(), HTTP_ACCEPT_ENCODING="br")
        again = client.get(url(), HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        # The gzip copy is another representation: its own tag.
        other = client.get(url(), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
        assert other.status_code == 200

    def test_kept_a_year_only_under_the_current_states_address(self, client, network):
        current = client.get(url(), {"v": current_token()})
        assert current["Cache-Control"] == "public, max-age=31536000, immutable"
        for query in ({}, {"v": "1.0"}):
            response = client.get(url(), query)
            assert response["Cache-Control"] == "public, max-age=0, must-revalidate"

    def test_the_map_page_points_to_the_current_state_with_its_filters(self, client, network):
        with translation.override("en"):
            page = client.get(reverse("cities:map"), {"country": "IE", "page": "2"})
        address = re.search(r'data-points-url="([^"]+)"', page.content.decode()).group(1)
        assert address == f"/en/cities/map/data/?country=IE&amp;v={current_token()}"
        data = client.get(address.replace("&amp;", "&"))
        assert data["Cache-Control"].endswith("immutable")
        assert [c["name"] for c in points(data)] == ["Cork", "Limerick"]

    def test_an_edit_is_on_the_map_at_once(self, client, network):
        before = points(client.get(url()))
        assert "Cork" in {c["name"] for c in before}
        network["cork"].name_en = "Corcaigh"
        network["cork"].save()
        after = {c["name"] for c in points(client.get(url()))}
        assert "Corcaigh" in after
        assert "Cork" not in after


@pytest.mark.django_db
class TestBuiltOnce:
    """A build is one query (with filters, the facet counts that check them, cached per
    content version like the directory's, come once more on the first request of a
    version); then none."""

    def queries(self, client, **headers):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(), **headers)
        assert response.status_code == 200
        sql = [query["sql"] for query in captured.captured_queries]
        return len(sql), sum("map_lon" in text for text in sql)

    def test_one_query_to_build_none_after(self, client, network):
        # Every member: nothing to filter, so not even the facet counts.
        assert self.queries(client) == (1, 1)
        assert self.queries(client) == (0, 0)

    def test_a_filtered_map_checks_its_filters_against_the_facets(self, client, network):
        with CaptureQueriesContext(connection) as captured:
            assert len(points(client.get(url(), {"country": "IE"}))) == 2
        assert len(captured) == 1 + len(FACETS)  # the facet counts: one grouped query each

    def test_another_worker_reads_the_stored_copy(self, client, network):
        assert self.queries(client, HTTP_ACCEPT_ENCODING="br")[1] == 1
        map_data.memo.clear()  # what a second worker, or a second server, starts with
        assert self.queries(client, HTTP_ACCEPT_ENCODING="br") == (0, 0)
        # The other encoding is made when first asked for: one query, no facet counted again.
        assert self.queries(client, HTTP_ACCEPT_ENCODING="gzip") == (1, 1)

    def test_the_query_count_does_not_grow_with_the_cities(self, client, make_city):
        make_city("Alpha", "IE", member_since=2015, latitude=1, longitude=2)
        first = self.queries(client)
        for number in range(20):
            make_city(f"City {number}", "FR", member_since=2016, latitude=3, longitude=4)
        assert self.queries(client) == first
        assert first[1] == 1
        assert len(points(client.get(url()))) == 21

    def test_each_language_and_query_its_own(self, client, network):
        assert len(points(client.get(url()))) == 6
        assert len(points(client.get(url(), {"country": "IE"}))) == 2
        assert len(points(client.get(url("fr"), {"country": "IE"}))) == 2
        assert points(client.get(url("fr"), {"country": "IE"}))[0]["country"] == "Irlande"

    def test_served_without_the_cache(self, client, network, settings):
        # A cache that cannot answer (Redis down): the map is built for each request.
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        map_data.memo.clear()
        response = client.get(url(), {"v": "1.0"})
        assert len(points(response)) == 6
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_accepted_encoding():
    assert map_data.accepted_encoding("gzip, deflate, br, zstd") == "br"
    assert map_data.accepted_encoding("gzip") == "gzip"
    assert map_data.accepted_encoding("br;q=0, gzip;q=0.5") == "gzip"
    assert map_data.accepted_encoding("*") == "br"
    assert map_data.accepted_encoding("identity") == ""
    assert map_data.accepted_encoding("") == ""
    assert map_data.accepted_encoding("gzip;q=0, br;q=nonsense") == ""
