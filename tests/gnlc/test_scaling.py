"""A page's number of SQL queries does not grow with the number of cities (SPEC §6): the same
pages with 3 and with 30 synthetic members (more than a directory page holds) cost the same
queries, on a first visit (empty caches) and on the next one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gnlc.site.demo.seed import seed_synthetic

PAGES = [
    "/en/",
    "/en/cities/",
    "/en/cities/?page=2",
    "/en/cities/?region=ENA&sort=newest",
    "/en/cities/?q=synthetic+city",
    "/fr/cities/?q=ville+synthetique&sort=population",
    "/en/cities/synthetic-00002/",
    "/en/cities/map/",
    "/en/cities/map/?page=2",
    "/ar/cities/map/?country=IE&page=2",
    "/en/clusters/",
    "/en/statistics/",
]


def query_counts(client):
    """{url: (queries of the first visit, queries of the second)}, caches emptied first."""
    cache.clear()
    counts = {}
    for url in PAGES:
        visits = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            visits.append(len(queries.captured_queries))
        counts[url] = tuple(visits)
    return counts


@pytest.mark.django_db
def test_queries_per_page_are_the_same_with_3_and_30_cities(client, network):
    seed_synthetic(3, report=lambda line: None)
    with_3 = query_counts(client)
    three_pages = client.get("/en/cities/").context["paginator"].num_pages

    seed_synthetic(30, report=lambda line: None)
    with_30 = query_counts(client)
    thirty = client.get("/en/cities/")

    # The 30 really are more than a page, and shown: the second page lists the rest.
    assert (three_pages, thirty.context["paginator"].num_pages) == (1, 2)
    assert thirty.context["paginator"].count == 6 + 30
    assert "Synthetic City 00030" in client.get("/en/cities/?page=2").content.decode()
    # The same queries, but one: with 3 cities, page 2 is the nearest page, the first, whose
    # cards the directory has just rendered; with 30, page 2 shows cities no page has shown
    # yet, whose cards are rendered once (one query: those cities).
    assert with_3["/en/cities/?page=2"] == (1, 1)
    assert with_30 == {**with_3, "/en/cities/?page=2": (2, 1)}


@pytest.mark.django_db
def test_the_directory_shows_a_few_page_numbers_whatever_the_number_of_pages(
    client, network, monkeypatch
):
    from gnlc.site.directory.views import CityDirectoryView

    monkeypatch.setattr(CityDirectoryView, "paginate_by", 1)
    seed_synthetic(40, report=lambda line: None)
    body = client.get("/en/cities/?page=20").content.decode()
    nav = body.split('aria-label="Pages of results"', 1)[1].split("</nav>", 1)[0]
    shown = [
        int(part.split("<", 1)[0].strip())
        for part in nav.split('<span class="visually-hidden">Page</span>')[1:]
    ]
    # The first page, two on each side of the current one and the last (of 46), with a gap
    # marked between them: the same as before, without walking all the numbers.
    assert shown == [1, 18, 19, 20, 21, 22, 46]
    assert nav.count("…") == 2


# The queries of the pages whose rendering issue 17 cut (the page cache off, as in the tests'
# settings): (a first visit with empty caches, the next visit). A first visit counts the facets
# (5, and those the filters narrow), the matches, reads the page's cities as keys and loads
# those whose card or list item is not rendered yet; the next one reads facets, count, the
# filter form and the rendered items from the cache: one query for a page of cities (its
# keys), none for a profile.
LOCKED_QUERIES = {
    "/en/cities/": (8, 1),
    "/en/cities/?region=ENA&sort=newest": (12, 1),
    "/en/cities/synthetic-00002/": (8, 0),
    "/en/cities/map/": (8, 1),
    "/en/cities/map/?page=2": (8, 1),
    "/ar/cities/map/?country=IE&page=2": (12, 1),
}


def first_and_next_visit(client, url):
    cache.clear()
    visits = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        visits.append(len(queries.captured_queries))
    return tuple(visits)


@pytest.mark.django_db
def test_the_directory_map_page_and_profile_queries_are_locked_with_20_and_200_cities(
    client, network, monkeypatch
):
    from gnlc.site.directory.views import CityMapView

    # Two pages of the map's list with 20 cities and many with 200: every query that could grow.
    monkeypatch.setattr(CityMapView, "paginate_by", 10)
    seed_synthetic(20, report=lambda line: None)
    with_20 = {url: first_and_next_visit(client, url) for url in LOCKED_QUERIES}
    seed_synthetic(200, report=lambda line: None)
    with_200 = {url: first_and_next_visit(client, url) for url in LOCKED_QUERIES}
    assert with_20 == LOCKED_QUERIES
    assert with_200 == LOCKED_QUERIES
