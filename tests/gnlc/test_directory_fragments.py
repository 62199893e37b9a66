"""Parts of the directory and the map page rendered once per content version and language
(gnlc/site/templatetags/directory.py): the search and filters form, each city's card and list
item. What a visitor sees follows every edit at once, in their language and for their filters."""

import json
import re

import pytest

from cities.services import update_city


def options(body, name):
    """The labels of the <select name=`name`> as the page shows them (the "All ..." first)."""
    select = body.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option [^>]*>([^<]+)</option>", select)


def directory(client, path="/en/cities/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestTheFilterFormFollowsTheContent:
    def test_a_new_member_shows_at_once_in_the_counts_and_options(self, client, network, make_city):
        before = options(directory(client), "country")
        make_city("Galway", "IE", member_since=2021)
        make_city("Osaka", "JP", member_since=2021)
        after = options(directory(client), "country")
        assert before == [
            "All countries",
            "Colombia (1)",
            "Egypt (1)",
            "Finland (1)",
            "Ireland (2)",
            "Mexico (1)",
        ]
        assert after == [
            "All countries",
            "Colombia (1)",
            "Egypt (1)",
            "Finland (1)",
            "Ireland (3)",
            "Japan (1)",
            "Mexico (1)",
        ]

    def test_the_map_page_form_follows_an_edit_too(self, client, network, make_city):
        directory(client, "/en/cities/map/")
        make_city("Galway", "IE", member_since=2021)
        assert "Ireland (3)" in options(directory(client, "/en/cities/map/"), "country")

    def test_each_language_gets_its_own_form(self, client, network):
        english = directory(client)
        french = directory(client, "/fr/cities/")
        assert "Ireland (2)" in options(english, "country")
        assert "Irlande (2)" in options(french, "country")
        assert "Ireland (2)" not in options(french, "country")
        assert options(french, "region")[0] == "Toutes les régions"

    def test_a_filtered_query_gets_its_own_form(self, client, network):
        everything = directory(client)
        europe = directory(client, region="ENA")
        assert options(everything, "country")[1:] == [
            "Colombia (1)",
            "Egypt (1)",
            "Finland (1)",
            "Ireland (2)",
            "Mexico (1)",
        ]
        assert options(europe, "country")[1:] == ["Finland (1)", "Ireland (2)"]
        assert re.search(r'<option value="ENA" selected>', europe)
        assert not re.search(r'<option value="ENA" selected>', everything)
        # ... and the network's form is still the network's afterwards.
        assert options(directory(client), "country") == options(everything, "country")

    def test_a_search_shows_its_own_words_in_the_form(self, client, network):
        directory(client, q="cork")
        body = directory(client, q="Limerick")
        field = re.search(r'<input type="search" name="q"[^>]*>', body).group(0)
        assert 'value="Limerick"' in field

    def test_the_page_number_does_not_change_the_form(self, client, network):
        first = directory(client, country="IE")
        second = directory(client, country="IE", page="2")
        form = re.compile(r'<form method="get".*?</form>', re.S)
        assert form.search(first).group(0) == form.search(second).group(0)


@pytest.mark.django_db
class TestEachCityRenderedOnce:
    def test_a_renamed_city_shows_its_new_name_at_once(self, client, network):
        assert "Cork" in directory(client)
        assert "Cork" in directory(client, "/en/cities/map/")
        update_city(network["cork"], name_en="Corcaigh")
        assert "Corcaigh" in directory(client)
        assert "Corcaigh" in directory(client, "/en/cities/map/")
        assert ">Cork<" not in directory(client)

    def test_a_card_is_in_the_language_of_the_page(self, client, network):
        directory(client)
        body = directory(client, "/es/cities/")
        assert '<a href="/es/cities/mexico-city/">Ciudad de México</a>' in body
        assert "México · América Latina y el Caribe" in body


def json_ld_of(body):
    text = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    return json.loads(text)


@pytest.mark.django_db
class TestTheProfilesJsonLdFollowsTheContent:
    """A profile's JSON-LD is made once per content state and language in each worker
    ({% city_json_ld %}): an edit shows in it at once, and each language keeps its own."""

    def test_an_edit_shows_at_once(self, client, network):
        before = json_ld_of(directory(client, "/en/cities/cork/"))
        update_city(network["cork"], name_en="Corcaigh", website="https://corcaigh.example")
        after = json_ld_of(directory(client, "/en/cities/cork/"))
        assert (before["name"], before.get("sameAs")) == ("Cork", None)
        assert (after["name"], after["sameAs"]) == ("Corcaigh", ["https://corcaigh.example"])

    def test_each_language_its_own(self, client, network):
        english = json_ld_of(directory(client, "/en/cities/cork/"))
        french = json_ld_of(directory(client, "/fr/cities/cork/"))
        assert english["url"].endswith("/en/cities/cork/")
        assert french["url"].endswith("/fr/cities/cork/")


@pytest.mark.django_db
class TestFixedParts:
    """Parts that depend only on the language (and the values given) are rendered once per
    server ({% include_fixed %}): the footer, the header's search form, the maps' styles and
    scripts. Each language and each set of values still gets its own."""

    FOOTER = {
        "en": ("Accessibility statement", "?lang=en"),
        "fr": ("Déclaration d’accessibilité", "?lang=fr"),
        "es": ("Declaración de accesibilidad", "?lang=es"),
    }

    def test_the_footer_in_each_language_in_turn(self, client, network):
        for language in ["en", "fr", "es", "en", "fr"]:
            body = directory(client, f"/{language}/cities/")
            footer = body.split('<footer class="site-footer">', 1)[1]
            label, open_data = self.FOOTER[language]
            assert label in footer, language
            assert f'href="/api/v1/{open_data}"' in footer, language
            others = [self.FOOTER[other][0] for other in self.FOOTER if other != language]
            assert not any(other in footer for other in others), language

    def test_the_search_form_in_the_pages_language(self, client, network):
        assert 'placeholder="Cities, conferences, awards"' in directory(client, "/en/cities/")
        french = directory(client, "/fr/cities/")
        assert 'placeholder="Cities, conferences, awards"' not in french
        assert 'action="/fr/search/"' in french

    def test_the_map_scripts_with_and_without_clusters(self, client, network):
        profile = directory(client, "/en/cities/cork/")
        map_page = directory(client, "/en/cities/map/")
        again = directory(client, "/en/cities/limerick/")
        assert "markercluster" not in profile
        assert "leaflet.markercluster.js" in map_page
        assert "MarkerCluster.css" in map_page
        assert "markercluster" not in again
        for body in (profile, map_page, again):
            assert "js/city-map" in body
            assert "vendor/leaflet/leaflet" in body
