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
class TestTheDocumentsShape:
    def test_a_column_per_field_coordinates_in_thousandths(self, client, network):
        data = json.loads(client.get(url(), {"country": "IE"}).content)
        assert data["format"] == "gnlc-map-points/2"
        assert data["cities"] == {
            "slug": ["cork", "limerick"],
            "longitude": [-8471, -8623],
            "latitude": [51898, 52665],
            "name": ["Cork", "Limerick"],
            "country": ["IE", "IE"],
        }
        assert data["coordinate_scale"] == 1000
        assert data["names_in_english"] == []
        assert data["countries"] == {"IE": "Ireland"}
        # A city's region follows from its country (cities.regions): given once per country.
        assert data["country_regions"] == {"IE": "ENA"}
        assert data["regions"]["ENA"] == "Europe and North America"

    def test_names_in_english_listed_by_position(self, client, network):
        data = json.loads(client.get(url("ar"), {"country": "IE"}).content)
        assert data["cities"]["name"] == ["Cork", "Limerick"]
        assert data["names_in_english"] == [0, 1]

    def test_no_member_gives_empty_columns(self, client, network):
        data = json.loads(client.get(url("fr"), {"q": "nowhere at all"}).content)
        assert data["cities"] == {column: [] for column in map_data.COLUMNS}
        assert (data["names_in_english"], data["countries"], data["country_regions"]) == (
            [],
            {},
            {},
        )


@pytest.mark.django_db
@pytest.mark.postgresql("the columns written by PostgreSQL's json_agg")
class TestPostgreSQLWritesWhatPythonWrites:
    """On PostgreSQL the database writes the columns' JSON (map_data._columns_by_postgresql),
    reading its ordered subquery in order; Python writes them from the rows on any other
    database. Both must give the same bytes, the columns in the directory's order."""

    NAMES = [
        ("Zürich", "Zurich", ""),
        ('Quote "City"', "", "Ciudad \\ barra"),
        ("Washington, D.C.", "Washington, D.C.", ""),
        ("Ålesund", "", ""),
        ("Tab\tTown", "", ""),
        ("北京 Beijing 🏙", "Pékin", "Pekín"),
        ("apostrophe's", "l'Apostrophe", ""),
    ]

    def build(self, language):
        from cities.models import City

        queryset = City.objects.public()
        with translation.override(language):
            by_database = map_data.document_json(
                map_data.columns_json(queryset, language), language
            )
            by_python = map_data.document_json(
                map_data.columns_by_python(map_data.map_rows(queryset, language)), language
            )
        return by_database, by_python

    def test_same_bytes_in_every_language(self, make_city):
        for number in range(60):  # ids in another order than the names
            make_city(
                f"Town {59 - number:02d}",
                ["FR", "DE", "MX", "CN"][number % 4],
                member_since=2015,
                latitude=number - 30.12345,
                longitude=2 * number - 60.98765,
                name_fr=f"Ville {number:02d}" if number % 3 else "",
            )
        for index, (english, french, spanish) in enumerate(self.NAMES):
            make_city(
                english,
                "CH",
                member_since=2016,
                latitude=45 + index,
                longitude=7 + index,
                name_fr=french,
                name_es=spanish,
            )
        for language in ("en", "fr", "es", "zh-hans"):
            by_database, by_python = self.build(language)
            assert by_database == by_python, language
            data = json.loads(by_database)
            assert len(data["cities"]["slug"]) == 67
        data = json.loads(self.build("fr")[0])
        names = data["cities"]["name"]
        # In the directory's order in French, the English names where none is French.
        assert names.index("Ville 01") < names.index("Ville 02") < names.index("Zurich")
        assert "Washington, D.C." in names
        english = {names[i] for i in data["names_in_english"]}
        assert {"Town 59", "Tab\tTown", 'Quote "City"'} <= english
        assert "Ville 01" not in english


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside a transaction
@pytest.mark.postgresql("PostgreSQL's query plans and the map's covering indexes")
class TestTheMapReadsItsIndex:
    """The map of every member can read its rows from the map's index for the page's
    language alone (migration cities/0019), already in order: no table, no sort. At 50,000
    cities PostgreSQL chooses that plan by itself and it halved a build's query
    (docs/performance.md); on a test's 1,200 cities reading the table and sorting it is
    cheaper, so both are priced out here (after a vacuum, as a table in service is): what
    is checked is that the index answers the query whole (its condition implied by the
    map's filter, every column in it, the order its own). An index missing a column would
    show as "Index Scan", a condition not implied or another order as a Seq Scan or a
    Sort."""

    @pytest.fixture(autouse=True)
    def many_cities(self, network):
        from gnlc.site.demo.seed import seed_synthetic

        seed_synthetic(1200, report=lambda line: None)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cities_city")
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_sort = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")

    @pytest.mark.parametrize("language", ["en", "zh-hans"])  # English alone; a fallback
    def test_every_member_from_the_index_of_the_language(self, language):
        from cities.models import City

        with translation.override(language):
            rows = map_data.map_rows(City.objects.public(), language)
            sql, params = map_data.aggregate_sql(rows, english=language == "en")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        index = f"city_map_{language.replace('-', '_')}"
        assert f"Index Only Scan using {index} on cities_city" in plan, plan
        assert "Sort" not in plan, plan


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
