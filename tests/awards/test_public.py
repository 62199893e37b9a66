"""The public award pages, the awards on city profiles and the directory's winner filter."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.enums import CyclePhase
from awards.models import Criterion
from tests import world
from tests.map_points import points

LANGUAGES = ["en", "fr", "es"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def make_cycle(year, *, phase=CyclePhase.PUBLISHED, **fields):
    """A cycle of the history (published), or a current one moved to `phase`."""
    fields.setdefault("conference_en", f"Conference of {year}")
    if phase == CyclePhase.PUBLISHED:
        return world.past_award_cycle(year, **fields)
    return world.award_cycle(year, phase=phase, **fields)


def award(cycle, city, citation="Conferred at the conference."):
    return world.award(cycle, city, citation_en=citation)


@pytest.fixture
def history(network):
    """2015: Cork, Espoo, Mexico City and the withdrawn Goneville; 2024: Cork, with criteria."""
    c2015 = make_cycle(
        2015, nominations_per_country=3, one_winner_per_country=False, max_winners_per_region=6
    )
    c2024 = make_cycle(2024, conferred_on="2024-12-02")
    for name in ("cork", "espoo", "mexico", "gone"):
        award(c2015, network[name], citation=f"Citation 2015 {network[name].name_en}.")
    award(c2024, network["cork"], citation="Citation 2024 Cork.")
    world.criterion(c2024, "Advancement of learning city plan")
    world.criterion(c2024, "Contributions to GNLC activities")
    return {**network, "2015": c2015, "2024": c2024}


@pytest.mark.django_db
class TestCycleList:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_page_in_each_language(self, client, history, language):
        response = client.get(url("awards:cycle-list", language))
        body = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}"' in body
        assert body.count("<h1") == 1
        assert url("awards:cycle-detail", language, year=2015) in body
        assert 'method="post"' not in body.lower()
        assert "csrfmiddlewaretoken" not in body

    def test_shows_cycles_newest_first_with_counts_and_criteria(self, client, history):
        response = client.get(url("awards:cycle-list"))
        body = response.content.decode()
        assert [c.year for c in response.context["published"]] == [2024, 2015]
        assert [c.winner_count for c in response.context["published"]] == [1, 4]
        assert "UNESCO Learning City Award</h1>" in body
        assert "Selection criteria (2024 cycle)" in body
        assert "Contributions to GNLC activities" in body
        assert "Conference of 2015" in body
        assert "4 cities" in body

    def test_shows_the_open_cycle(self, client, history):
        make_cycle(2027, phase=CyclePhase.OPEN, title_en="Award 2027 call")
        body = client.get(url("awards:cycle-list")).content.decode()
        assert "Current cycle" in body
        assert "Award 2027 call" in body
        assert "Open for applications" in body


@pytest.mark.django_db
class TestCycleDetail:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_page_in_each_language(self, client, history, language):
        response = client.get(url("awards:cycle-detail", language, year=2015))
        body = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}"' in body
        assert ">UNESCO Learning City Award 2015</h1>" in body
        assert url("cities:city-detail", language, slug="cork") in body

    def test_winners_grouped_by_region_with_citations(self, client, history):
        response = client.get(url("awards:cycle-detail", year=2015))
        regions = [
            (str(label), [a.city.name_en for a in awards])
            for label, awards in response.context["regions"]
        ]
        assert regions == [
            ("Europe and North America", ["Cork", "Espoo", "Goneville"]),
            ("Latin America and the Caribbean", ["Mexico City"]),
        ]
        body = response.content.decode()
        assert "Citation 2015 Espoo." in body
        assert "4 cities received the award" in body
        assert "Conference of 2015" in body

    def test_rules_of_the_cycle_in_words(self, client, history):
        body = client.get(url("awards:cycle-detail", year=2015)).content.decode()
        assert "nominates at most 3 cities" in body
        assert "At most 6 winners per UNESCO region." in body
        assert "At most one winner per country." not in body
        body = client.get(url("awards:cycle-detail", year=2024)).content.decode()
        assert "nominates at most 2 cities" in body
        assert "At most one winner per country." in body
        assert "Advancement of learning city plan" in body

    def test_withdrawn_city_keeps_its_award_but_is_not_linked(self, client, history):
        body = client.get(url("awards:cycle-detail", year=2015)).content.decode()
        assert "Goneville" in body
        assert "no longer a member of the network" in body
        assert "/cities/goneville/" not in body
        data = client.get(url("awards:cycle-map-data", year=2015)).json()
        assert "goneville" not in [point["slug"] for point in data["cities"]]

    def test_map_data_has_the_shape_of_the_directory_map(self, client, history):
        data = client.get(url("awards:cycle-map-data", year=2015)).json()
        assert data["count"] == 3
        assert sorted(point["slug"] for point in data["cities"]) == [
            "cork",
            "espoo",
            "mexico-city",
        ]
        cork = next(p for p in data["cities"] if p["slug"] == "cork")
        assert set(cork) == {"slug", "name", "url", "lat", "lon", "country", "region"}
        assert cork["url"] == "/en/cities/cork/"

    def test_map_is_drawn_by_the_shared_script(self, client, history):
        body = client.get(url("awards:cycle-detail", year=2015)).content.decode()
        assert f'data-points-url="{url("awards:cycle-map-data", year=2015)}"' in body
        assert "js/city-map.js" in body
        assert "<script>" not in body
        assert "style=" not in body

    def test_unknown_year_is_404_in_the_visitors_language(self, client, history):
        response = client.get(url("awards:cycle-detail", "fr", year=1999))
        assert response.status_code == 404
        assert '<html lang="fr"' in response.content.decode()
        assert client.get(url("awards:cycle-map-data", year=1999)).status_code == 404

    def test_unpublished_cycle_shows_no_winner(self, client, history):
        cycle = make_cycle(2027, phase=CyclePhase.JURY)
        award(cycle, history["limerick"])
        body = client.get(url("awards:cycle-detail", year=2027)).content.decode()
        assert "Limerick" not in body
        assert "The winners have not been published yet." in body
        assert client.get(url("awards:cycle-map-data", year=2027)).status_code == 404


@pytest.mark.django_db
class TestCityProfileAwards:
    def test_profile_lists_its_awards_newest_first(self, client, history):
        body = client.get(url("cities:city-detail", slug="cork")).content.decode()
        section = body.split('id="city-awards"')[1].split("</section>")[0]
        assert section.index("Award 2024") < section.index("Award 2015")
        assert url("awards:cycle-detail", year=2015) in section
        assert url("awards:cycle-detail", year=2024) in section

    def test_profile_without_award_has_no_award_section(self, client, history):
        body = client.get(url("cities:city-detail", slug="limerick")).content.decode()
        assert 'id="city-awards"' not in body


def directory_names(client, **params):
    response = client.get(url("cities:directory"), params)
    return [city.display_name for city in response.context["cities"]]


@pytest.mark.django_db
class TestWinnerFilter:
    def test_winners_only(self, client, history):
        assert directory_names(client, winner="yes") == ["Cork", "Espoo", "Mexico City"]

    def test_winners_of_a_year(self, client, history):
        assert directory_names(client, award_year="2024") == ["Cork"]
        assert directory_names(client, award_year="2015") == ["Cork", "Espoo", "Mexico City"]

    def test_winner_filter_combines_with_region(self, client, history):
        assert directory_names(client, winner="yes", region="LAC") == ["Mexico City"]

    def test_unpublished_cycle_is_not_a_filter_option(self, client, history):
        make_cycle(2027, phase=CyclePhase.JURY)
        form = client.get(url("cities:directory")).context["filter"].form
        assert [value for value, _ in form.fields["award_year"].choices] == ["", 2024, 2015]

    def test_map_data_shares_the_filter(self, client, history):
        cities = points(client.get(url("cities:map-data"), {"winner": "yes"}))
        assert sorted(city["url"].split("/")[-2] for city in cities) == [
            "cork",
            "espoo",
            "mexico-city",
        ]


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["awards:cycle-list", "awards:cycle-detail"])
def test_query_count_does_not_grow_with_winners(client, make_city, url_name):
    cycle = make_cycle(2024)
    Criterion.objects.create(cycle=cycle, order=1, name_en="Plan")
    kwargs = {"year": 2024} if url_name == "awards:cycle-detail" else {}
    address = url(url_name, **kwargs)
    point = {"latitude": Decimal("10"), "longitude": Decimal("10")}
    award(cycle, make_city("Alpha", "IE", **point))
    with_one = count_queries(client, address)
    award(cycle, make_city("Beta", "FR", **point))
    award(cycle, make_city("Gamma", "CO", **point))
    with_three = count_queries(client, address)
    assert with_one == with_three == EXPECTED_QUERIES[url_name]


# List: the cycles with their winner counts, the newest criteria (2).
# Detail: the cycle, its criteria, its awards with their cities (3).
EXPECTED_QUERIES = {"awards:cycle-list": 2, "awards:cycle-detail": 3}


@pytest.mark.django_db
def test_a_new_award_shows_at_once_in_the_directory_filter(client, make_city):
    from awards.models import Award

    city = make_city("Cork", "IE", member_since=2015)
    cycle = world.past_award_cycle(2030, title_en="Award 2030")
    assert [c.display_name for c in client.get("/en/cities/?winner=yes").context["cities"]] == []
    Award.objects.create(cycle=cycle, city=city)
    response = client.get("/en/cities/?winner=yes")
    assert [c.display_name for c in response.context["cities"]] == ["Cork"]
    # The cached filter options know the new award year at once.
    choices = [label for _, label in response.context["filter"].form.fields["award_year"].choices]
    assert "2030 (1)" in choices


@pytest.mark.django_db
def test_rules_the_sources_do_not_state_are_not_shown(client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=__import__("io").StringIO())
    body_2015 = client.get("/en/awards/2015/").content.decode()
    body_2024 = client.get("/en/awards/2024/").content.decode()
    assert "A city must have been a member for at least" not in body_2015
    assert "A city must have been a member for at least 12 months." in body_2024
    assert "A past winner may win again after 6 years." in body_2024
