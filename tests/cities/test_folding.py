"""Names as people type them: every Latin letter folded to its base letters in the search and
in the addresses, the old addresses redirecting for good, and names sorted as each language
files them (on SQLite and on PostgreSQL alike)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import translation

from cities.models import City, FormerCitySlug
from cities.services import update_city
from gnlc.core.text import fold, sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sønderborg", "sonderborg"),
        ("Æbeltoft", "aebeltoft"),
        ("Œuilly", "oeuilly"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Đà Nẵng", "da nang"),
        ("Diyarbakır", "diyarbakir"),
        ("Þórshöfn", "thorshofn"),
        ("Reykjavík Ðorp", "reykjavik dorp"),
        ("Ħamrun", "hamrun"),
        ("Ŧest", "test"),
        ("Köln", "koln"),
        ("Gdańsk", "gdansk"),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold_spells_every_latin_letter_with_its_base_letters(text, expected):
    assert fold(text) == expected


def test_sort_keys_file_names_as_the_languages_do():
    names = ["Curitiba", "Canning", "Córdoba", "Hamburg", "'s-Hertogenbosch", "Câmara de Lobos"]
    assert sorted(names, key=sort_key) == [
        "Câmara de Lobos",
        "Canning",
        "Córdoba",
        "Curitiba",
        "Hamburg",
        "'s-Hertogenbosch",
    ]
    # In Spanish, ñ is a letter after n.
    assert sorted(["Peña", "Penco", "Peoria"], key=lambda n: sort_key(n, "es")) == [
        "Penco",
        "Peña",
        "Peoria",
    ]


@pytest.mark.django_db
class TestFoldedSearchAndSlugs:
    @pytest.fixture
    def cities(self, make_city):
        return {
            "sonderborg": make_city("Sønderborg", "DK", member_since=2018),
            "koln": make_city("Köln", "DE", member_since=2016),
            "gdansk": make_city("Gdańsk", "PL", member_since=2017),
            "lodz": make_city("Łódź", "PL", member_since=2019),
        }

    def test_a_new_city_gets_a_slug_of_folded_letters(self, cities):
        assert cities["sonderborg"].slug == "sonderborg"
        assert cities["lodz"].slug == "lodz"

    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ("sonderborg", "Sønderborg"),
            ("Sønderborg", "Sønderborg"),
            ("SONDERBORG", "Sønderborg"),
            ("koln", "Köln"),
            ("gdansk", "Gdańsk"),
            ("lodz", "Łódź"),
        ],
    )
    def test_the_directory_finds_a_name_as_people_type_it(self, client, cities, query, found):
        response = client.get("/en/cities/", {"q": query})
        assert [city.display_name for city in response.context["cities"]] == [found]

    def test_a_changed_slug_keeps_the_old_address_redirecting(self, client, cities):
        city = cities["koln"]
        update_city(city, slug="cologne")

        for language in ("en", "fr", "es"):
            response = client.get(f"/{language}/cities/koln/")
            assert response.status_code == 301
            assert response["Location"] == f"/{language}/cities/cologne/"
        assert client.get("/en/cities/cologne/").status_code == 200

    def test_a_former_slug_is_not_given_to_another_city(self, make_city, cities):
        update_city(cities["koln"], slug="cologne")
        assert make_city("Köln", "DE").slug == "koln-germany"

    def test_an_unknown_address_is_still_not_found(self, client, cities):
        assert client.get("/en/cities/nowhere/").status_code == 404


@pytest.mark.django_db
def test_the_data_migration_refolds_existing_rows_and_keeps_the_old_slugs(client, make_city):
    city = make_city("Sønderborg", "DK", member_since=2018)
    other = make_city("Sønderborg", "FR")
    # As the rows were before letters were folded.
    City.objects.filter(pk=city.pk).update(slug="snderborg", search_text="snderborg")
    City.objects.filter(pk=other.pk).update(slug="snderborg-france", search_text="snderborg")
    migration = import_module("cities.migrations.0014_fold_search_sort_and_slugs")

    migration.refold(apps, connection.schema_editor())

    city.refresh_from_db()
    other.refresh_from_db()
    assert (city.slug, other.slug) == ("sonderborg", "sonderborg-france")
    assert "sonderborg" in city.search_text
    assert set(FormerCitySlug.objects.values_list("slug", flat=True)) == {
        "snderborg",
        "snderborg-france",
    }
    response = client.get("/en/cities/snderborg/")
    assert (response.status_code, response["Location"]) == (301, "/en/cities/sonderborg/")
    assert client.get("/es/cities/snderborg-france/")["Location"] == "/es/cities/sonderborg-france/"


def directory_names(client, language, **params):
    with translation.override(language):
        url = reverse("cities:directory")
    return [city.display_name for city in client.get(url, params).context["cities"]]


@pytest.mark.django_db
class TestSortedAsEachLanguage:
    @pytest.fixture
    def names(self, make_city):
        make_city("Curitiba", "BR", member_since=2020)
        make_city("Canning", "AU", member_since=2020)
        make_city("Córdoba", "AR", member_since=2020)
        make_city("Câmara de Lobos", "PT", member_since=2020)
        make_city("Hamburg", "DE", member_since=2020)
        make_city("Ibadan", "NG", member_since=2020)
        make_city("'s-Hertogenbosch", "NL", member_since=2020, name_fr="Bois-le-Duc")

    def test_the_directory_sorts_accents_and_apostrophes_as_readers_expect(self, client, names):
        assert directory_names(client, "en") == [
            "Câmara de Lobos",
            "Canning",
            "Córdoba",
            "Curitiba",
            "Hamburg",
            "'s-Hertogenbosch",
            "Ibadan",
        ]

    def test_each_language_sorts_its_own_names(self, client, names):
        assert directory_names(client, "fr")[:2] == ["Bois-le-Duc", "Câmara de Lobos"]

    def test_within_a_year_the_names_sort_the_same_way(self, client, names):
        assert directory_names(client, "es", sort="newest")[:3] == [
            "Câmara de Lobos",
            "Canning",
            "Córdoba",
        ]

    def test_the_maps_text_list_sorts_the_same_way(self, client, names):
        response = client.get("/en/cities/map/")
        listed = [city.display_name for city in response.context["cities"]]
        assert listed[:2] == ["Câmara de Lobos", "Canning"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_the_first_page_in_each_language_reads_the_sort_index(network):
    from cities.enums import DirectorySort
    from gnlc.site.demo.seed import seed_synthetic

    seed_synthetic(300, report=lambda line: None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cities_city")
    for language in ("en", "fr", "es"):
        with translation.override(language):
            plan = City.objects.public().sorted_by(DirectorySort.NAME)[:24].explain()
        assert f"city_sort_name_{language}" in plan, plan
