import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation


def names(response):
    return [city.display_name for city in response.context["cities"]]


def get_directory(client, language="en", **params):
    with translation.override(language):
        url = reverse("cities:directory")
    return client.get(url, params)


@pytest.mark.django_db
class TestDirectorySearch:
    def test_search_ignores_accents(self, client, network):
        assert names(get_directory(client, q="medellin")) == ["Medellín"]

    def test_search_ignores_case(self, client, network):
        assert names(get_directory(client, q="CORK")) == ["Cork"]

    def test_search_finds_names_in_other_languages(self, client, network):
        assert names(get_directory(client, q="ciudad de mexico")) == ["Mexico City"]

    def test_search_shows_names_in_the_visitors_language(self, client, network):
        assert names(get_directory(client, "es", q="mexico")) == ["Ciudad de México"]

    def test_search_with_no_match_shows_the_empty_state(self, client, network):
        response = get_directory(client, q="atlantis")
        assert names(response) == []
        assert "No member city matches." in response.content.decode()

    def test_search_never_finds_withdrawn_cities(self, client, network):
        assert names(get_directory(client, q="goneville")) == []

    @pytest.mark.parametrize("query", ["%", "_", " -- ", "’"])
    def test_a_search_of_punctuation_only_says_it_has_nothing_to_look_for(
        self, client, network, query
    ):
        response = get_directory(client, q=query)

        page = response.content.decode()
        assert names(response) == []
        assert "has no letter or digit to look for: type part of a city’s name." in page
        assert 'id="filter-errors"' in page

    def test_the_open_data_refuses_a_search_of_punctuation_only(self, client, network):
        response = client.get("/api/v1/cities/", {"q": "%"})

        assert response.status_code == 400
        assert response.json()["parameter"] == "q"


@pytest.mark.django_db
class TestDirectoryFilters:
    def test_unfiltered_lists_public_members_by_name(self, client, network):
        assert names(get_directory(client)) == [
            "Aswan",
            "Cork",
            "Espoo",
            "Limerick",
            "Medellín",
            "Mexico City",
        ]

    def test_filter_by_region(self, client, network):
        assert names(get_directory(client, region="ENA")) == ["Cork", "Espoo", "Limerick"]

    def test_filter_by_arab_states_region(self, client, network):
        assert names(get_directory(client, region="AS")) == ["Aswan"]

    def test_filter_by_country(self, client, network):
        assert names(get_directory(client, country="IE")) == ["Cork", "Limerick"]

    def test_filter_by_cluster(self, client, network):
        response = get_directory(client, cluster="health-and-well-being")
        assert names(response) == ["Cork", "Espoo"]

    def test_filter_by_year_joined(self, client, network):
        assert names(get_directory(client, joined="2019")) == ["Aswan", "Medellín"]

    def test_filters_combine(self, client, network):
        assert names(get_directory(client, region="ENA", joined="2015")) == ["Cork", "Espoo"]

    def test_sort_newest_first(self, client, network):
        assert names(get_directory(client, sort="newest")) == [
            "Aswan",
            "Medellín",
            "Limerick",
            "Cork",
            "Espoo",
            "Mexico City",
        ]

    def test_result_count_is_shown(self, client, network):
        response = get_directory(client, country="IE")
        assert "2 member cities" in response.content.decode()

    def test_invalid_filter_value_says_what_is_wrong(self, client, network):
        response = get_directory(client, region="XX")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Some filters could not be used" in body
        assert "Select a valid choice" in body
        assert names(response) == []

    def test_country_options_count_public_members_only(self, client, network):
        form = get_directory(client).context["filter"].form
        assert ("IE", "Ireland (2)") in form.fields["country"].choices

    def test_page_out_of_range_shows_the_last_page(self, client, network, settings):
        response = get_directory(client, page="99")
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1

    def test_page_that_is_not_a_number_shows_the_first_page(self, client, network):
        response = get_directory(client, page="abc")
        assert response.status_code == 200
        assert names(response)[0] == "Aswan"

    def test_filters_stay_in_pagination_links(self, client, make_city, settings):
        for index in range(30):
            make_city(f"Town {index:02d}", "FR", member_since=2020)
        response = get_directory(client, country="FR")
        assert "?country=FR&amp;page=2" in response.content.decode()
        assert len(names(response)) == 24


@pytest.mark.django_db
def test_directory_has_no_post_form_and_no_csrf_token(client, network):
    body = get_directory(client).content.decode()
    assert 'method="post"' not in body.lower()
    assert "csrfmiddlewaretoken" not in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["cities:directory", "cities:map", "cities:map-data", "gnlc:home", "gnlc:statistics"],
)
def test_query_count_does_not_grow_with_cities(client, make_city, url_name):
    with translation.override("en"):
        url = reverse(url_name)
    make_city("Alpha", "IE", member_since=2015)
    with_one = count_queries(client, url)
    make_city("Beta", "FR", member_since=2016)
    make_city("Gamma", "CO", member_since=2017)
    with_three = count_queries(client, url)
    assert with_one == with_three
    assert with_three == EXPECTED_QUERIES[url_name]


# Locked counts (fresh cache: facets and figures computed once, then served from the cache).
# The directory, map and map data count one more than before the award filter: the award-year
# facet (published cycles with their number of winners) is computed once with the others.
# The home page counts one more for the next planned conference (one query, host joined).
# Home and statistics count one more for the network's official figures (NetworkFigure: one
# query, cached per content version like the portal's own figures). The home page counts three
# more for its hero: the members' dots on the world map, the members per region of its legend,
# and the newest published award cycle with its number of winners.
# The directory and the map page read their page's cities as keys, then (with a fresh cache)
# the cities whose card or list item is not rendered yet: one query more on a first visit.
EXPECTED_QUERIES = {
    "cities:directory": 8,
    "cities:map": 8,
    # Every member: one query, no facet to count (no filter to check).
    "cities:map-data": 1,
    "gnlc:home": 9,
    # 4 for the network figures, 1 for the official ones, 7 for the transparency section
    # (tests/gnlc/test_transparency.py), 1 for the reporting cycles (none here: their reports
    # are not counted; with cycles, one query more, see test_transparency.py).
    "gnlc:statistics": 13,
}


def directory_page_plan(language="en", **params):
    """The query plan of the directory's first page for `params`, as the view reads it (its
    filters, its order, 24 rows), with the real row counts (EXPLAIN ANALYZE)."""
    from cities.selectors import directory_queryset
    from gnlc.site.directory.filters import CityFilter

    with translation.override(language):
        filters = CityFilter(data=params, queryset=directory_queryset())
        assert filters.is_valid(), filters.errors
        return filters.qs[:24].explain(analyze=True)


@pytest.mark.django_db
@pytest.mark.postgresql("PostgreSQL's query plans and its trigram index")
class TestSearchReadsAnIndex:
    """A search at 50,000 cities took 3 to 4.5 times as long as at 500: PostgreSQL read and
    sorted every city that matched, and for a rare name every city (docs/performance.md,
    "Search at 50,000 cities"). These plans are read on the network plus 1,200 synthetic
    cities ("Synthetic City 00001" ..., "Ciudad sintética 00001" ...), analysed, so that
    PostgreSQL knows the table's size: reading all of it then costs more, in its own
    estimate, than an index (with 400 cities it still reads the table for one name), and
    the plan shows an index only where the query lets one serve. 1,200 matches are more
    than SORT_LIMIT (1,000), the number of matches above which a search's page walks the
    index of its order. Before the change, each of these plans was a "Seq Scan" of the
    table under a "Sort" of what it found."""

    @pytest.fixture(autouse=True)
    def many_cities(self, network):
        from gnlc.site.demo.seed import seed_synthetic

        seed_synthetic(1200, report=lambda line: None)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cities_city")

    def test_a_rare_name_is_found_through_the_trigram_index(self):
        """One match among 1,206 cities: the trigram index finds it; walking the name index
        would test every city, and the order is written so that it cannot."""
        plan = directory_page_plan(q="medellin")

        assert "Bitmap Index Scan on city_search_text_trgm" in plan, plan
        assert "Seq Scan" not in plan, plan

    def test_a_two_character_name_is_found_through_the_doubled_text_index(self, client, make_city):
        """ "北京" has no trigram: it is looked up as "北北京京" in the text with every character
        doubled, which has its own trigram index; without it, every city was read."""
        make_city("Beijing", "CN", name_zh_hans="北京")

        plan = directory_page_plan("zh-hans", q="北京")

        assert "Bitmap Index Scan on city_search_doubled_trgm" in plan, plan
        assert "Seq Scan" not in plan, plan
        assert names(get_directory(client, "zh-hans", q="北京")) == ["北京"]
        assert names(get_directory(client, "zh-hans", q="京")) == ["北京"]

    @pytest.mark.parametrize(
        ("language", "sort", "index"),
        [
            ("en", "", "city_sort_name_en"),
            ("fr", "newest", "city_newest_fr"),
            ("ar", "oldest", "city_oldest_ar"),
            ("zh-hans", "population", "city_population_sort"),
        ],
    )
    def test_a_word_most_cities_hold_walks_the_index_of_the_order(self, language, sort, index):
        """1,200 matches (more than SORT_LIMIT): the index of the page's order is walked and
        stops after 24 matches, where finding and sorting all of them would grow with the
        network."""
        plan = directory_page_plan(language, q="sintetica", sort=sort)

        assert f"Index Scan using {index} on cities_city" in plan, plan
        assert "Seq Scan" not in plan, plan

    def test_a_page_of_a_search_reads_two_dozen_rows_not_all_the_matches(self):
        """The walk stops with the page: it tests the network's few real cities, which sort
        before "Synthetic City" and do not match, then 24 matches; never the 1,200."""
        plan = directory_page_plan(q="synthetic city")

        walk = re.search(
            r"Index Scan using city_sort_name_en .* rows=(\d+) loops=1\)\n.*\n"
            r"\s*Rows Removed by Filter: (\d+)",
            plan,
        )
        assert walk, plan
        kept, removed = int(walk.group(1)), int(walk.group(2))
        assert kept == 24
        assert removed < 10
