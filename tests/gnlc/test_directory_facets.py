"""The directory's facets lead somewhere: each filter's options are counted over the cities
that the OTHER active filters leave, options without a city are not offered (but the one
selected stays), and the page's query count stays locked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def choices(client, field, **params):
    form = client.get("/en/cities/", params).context["filter"].form
    return [label for value, label in form.fields[field].choices if value != ""]


@pytest.mark.django_db
class TestFacetsFollowTheOtherFilters:
    def test_without_filters_the_counts_are_the_networks(self, client, network):
        assert choices(client, "country") == [
            "Colombia (1)",
            "Egypt (1)",
            "Finland (1)",
            "Ireland (2)",
            "Mexico (1)",
        ]

    def test_choosing_a_region_offers_only_its_countries(self, client, network):
        assert choices(client, "country", region="ENA") == ["Finland (1)", "Ireland (2)"]

    def test_choosing_a_country_counts_the_clusters_within_it(self, client, network):
        assert choices(client, "cluster", country="IE") == ["Health and well-being (1)"]
        assert choices(client, "cluster", country="CO") == []

    def test_a_facet_keeps_its_own_options_when_it_is_the_one_chosen(self, client, network):
        # Choosing a region does not narrow the regions offered: one may switch.
        # Regions without a member are not offered.
        assert choices(client, "region", region="ENA") == [
            "Arab States (1)",
            "Europe and North America (3)",
            "Latin America and the Caribbean (2)",
        ]

    def test_years_follow_the_search_and_the_country(self, client, network):
        assert choices(client, "joined", country="IE") == ["2016 (1)", "2015 (1)"]
        assert choices(client, "joined", q="cork") == ["2015 (1)"]

    def test_a_selected_value_without_results_stays_selectable(self, client, network):
        labels = choices(client, "country", region="AS", country="IE")
        assert labels == ["Egypt (1)", "Ireland (0)"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_narrowed_facets_cost_one_query_each_and_are_cached(client, network, make_city):
    url = "/en/cities/?region=ENA"
    first = count_queries(client, url)
    make_city("Tampere", "FI", member_since=2020)  # A change: caches start again.
    assert count_queries(client, url) == first == EXPECTED_QUERIES["first"]
    # Another visitor, same filters: the facets come from the cache.
    assert count_queries(client, url + "&sort=name") == EXPECTED_QUERIES["again"]


# First visit: the network's facets (5), the four facets the region narrows (4), the count,
# the page's cities (their keys) and, their cards not yet rendered, those cities (3). Again:
# the count is new (another query string has the same count key but another sort, so it
# hits), and the page; facets and cards are cached.
EXPECTED_QUERIES = {"first": 12, "again": 1}
