"""The site search (/<lang>/search/): cities, conferences with their sessions and documents,
award cycles and winners, in the page's language and accent-blind, grouped by kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conferences.enums import DocumentKind, SessionKind
from tests import world


@pytest.fixture
def archive(make_city):
    sonderborg = make_city("Sønderborg", "DK", member_since=2018)
    cork = make_city("Cork", "IE", member_since=2015)
    make_city("Köln", "DE", member_since=2016)
    world.past_award_cycle(2019, winners=[sonderborg])
    world.past_award_cycle(2017, winners=[cork])
    conference = world.conference(
        2,
        title_en="Second International Conference on Learning Cities",
        title_fr="Deuxième Conférence internationale sur les villes apprenantes",
        theme_en="Building sustainable learning cities",
        theme_fr="Bâtir des villes apprenantes durables",
        summary_en="Held in Mexico City.",
    )
    world.session(
        conference,
        SessionKind.PLENARY,
        "Lifelong learning and the economy",
        title_fr="L’éducation tout au long de la vie et l’économie",
    )
    world.document(conference, DocumentKind.DECLARATION, "Mexico City Statement")
    return conference


def search(client, query, language="en"):
    return client.get(f"/{language}/search/", {"q": query})


def groups(response):
    return {group.key: [hit.title for hit in group.hits] for group in response.context["groups"]}


@pytest.mark.django_db
class TestSiteSearch:
    @pytest.mark.parametrize("query", ["sonderborg", "Sønderborg", "SONDERBORG", "sønder"])
    def test_finds_a_city_and_its_award_whatever_the_letters_typed(self, client, archive, query):
        found = groups(search(client, query))
        assert found["cities"] == ["Sønderborg"]
        assert found["winners"] == ["Sønderborg, 2019"]

    def test_finds_conferences_sessions_and_documents_in_the_pages_language(self, client, archive):
        assert groups(search(client, "batir durables", "fr")) == {
            "conferences": ["Deuxième Conférence internationale sur les villes apprenantes"]
        }
        assert groups(search(client, "economie", "fr")) == {
            "sessions": ["L’éducation tout au long de la vie et l’économie"]
        }
        assert groups(search(client, "statement")) == {"documents": ["Mexico City Statement"]}

    def test_finds_an_award_cycle_by_its_year(self, client, archive):
        assert groups(search(client, "2019"))["award_cycles"] == ["UNESCO Learning City Award 2019"]

    def test_each_result_links_to_its_page_with_a_count(self, client, archive):
        response = search(client, "koln")
        page = response.content.decode()
        assert 'href="/en/cities/koln/"' in page
        assert "1 result for “koln”" in page
        assert "Germany · member since 2016" in page

    def test_a_search_with_no_result_says_so_helpfully(self, client, archive):
        page = search(client, "atlantis").content.decode()
        assert "Nothing matches “atlantis”." in page
        assert "Check the spelling or search with fewer words." in page

    def test_an_empty_search_says_what_to_type(self, client, archive):
        response = search(client, "")
        assert response.context["groups"] == []
        assert "What are you looking for?" in response.content.decode()

    def test_punctuation_only_has_nothing_to_look_for(self, client, archive):
        assert "has no letter or digit to look for." in search(client, "%").content.decode()

    def test_many_cities_are_capped_with_a_link_to_the_directory(self, client, make_city):
        for index in range(12):
            make_city(f"Learning Town {index:02d}", "FR")
        response = search(client, "learning town")
        (cities,) = response.context["groups"]
        assert (cities.count, len(cities.hits)) == (12, 10)
        page = response.content.decode()
        assert "See all 12 member cities in the directory" in page
        assert 'href="/en/cities/?q=learning+town"' in page

    def test_the_page_is_not_for_search_engines(self, client, archive):
        page = search(client, "cork").content.decode()
        assert '<meta name="robots" content="noindex">' in page

    def test_every_page_has_the_search_form_in_its_header(self, client, archive):
        page = client.get("/fr/cities/").content.decode()
        assert 'role="search"' in page
        assert 'action="/fr/search/"' in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_results(client, make_city):
    make_city("Learning Town 1", "FR")
    world.past_award_cycle(2019, winners=[make_city("Learning Town 2", "FR")])
    with_few = count_queries(client, "/en/search/?q=learning")
    for index in range(3, 15):
        world.past_award_cycle(2000 + index, winners=[make_city(f"Learning Town {index}", "FR")])
    with_many = count_queries(client, "/en/search/?q=learning+town")
    assert with_few == with_many == EXPECTED_QUERIES
    # An empty search reads nothing.
    assert count_queries(client, "/en/search/") == 0


# Cities: count and first rows (2); winners, conferences, sessions, documents, cycles (5).
EXPECTED_QUERIES = 7
