import pytest
from django.urls import reverse
from django.utils import translation


def profile_url(slug, language="en"):
    with translation.override(language):
        return reverse("cities:city-detail", kwargs={"slug": slug})


@pytest.mark.django_db
class TestCityProfile:
    def test_shows_public_facts_and_clusters(self, client, network):
        response = client.get(profile_url("cork"))
        body = response.content.decode()
        assert "<h1" in body
        assert ">Cork</h1>" in body
        assert "Ireland · Europe and North America" in body
        assert "since 2015" in body
        assert "190,384" in body
        assert "Health and well-being" in body
        assert "Cluster coordinator" in body

    def test_links_neighbours_in_country_and_region(self, client, network):
        response = client.get(profile_url("cork"))
        neighbours = response.context["neighbours"]
        assert [c.display_name for c in neighbours["same_country"]] == ["Limerick"]
        assert [c.display_name for c in neighbours["same_region"]] == ["Espoo"]

    def test_never_shows_the_private_focal_point(self, client, network):
        city = network["cork"]
        city.focal_point_name = "Private Person"
        city.focal_point_email = "focal.point@cork.example"
        city.focal_point_phone = "+353 21 000 0000"
        city.save()
        body = client.get(profile_url("cork")).content.decode()
        for secret in ("Private Person", "focal.point@cork.example", "+353 21 000 0000"):
            assert secret not in body

    def test_translated_name_in_french_and_spanish(self, client, network):
        assert ">Mexico</h1>" in client.get(profile_url("mexico-city", "fr")).content.decode()
        spanish = client.get(profile_url("mexico-city", "es")).content.decode()
        assert ">Ciudad de México</h1>" in spanish

    def test_withdrawn_city_is_not_found(self, client, network):
        assert client.get(profile_url("goneville")).status_code == 404

    def test_unknown_slug_gives_404_page_in_the_visitors_language(self, client, network):
        response = client.get(profile_url("atlantis", "fr"))
        assert response.status_code == 404
        body = response.content.decode()
        assert '<html lang="fr"' in body
        assert "<h1>Page introuvable</h1>" in body

    def test_profile_query_count_does_not_grow(self, client, make_city, django_assert_num_queries):
        from tests.world import conferences

        city = make_city("Alpha", "IE", member_since=2015)
        first = conferences.conference(1)
        conferences.document(first, "publication", "Book 1").featured_cities.add(city)
        with django_assert_num_queries(PROFILE_QUERIES):
            body = client.get(profile_url(city.slug)).content.decode()
        assert "Book 1" in body
        make_city("Beta", "IE", member_since=2016)
        make_city("Gamma", "FR", member_since=2017)
        for number in (2, 3):
            other = conferences.conference(number)
            conferences.document(other, "report", f"Book {number}").featured_cities.add(city)
        with django_assert_num_queries(PROFILE_QUERIES):
            body = client.get(profile_url(city.slug)).content.decode()
        assert "Book 3" in body


# The city with its clusters, its awards with their cycles, the conferences it hosted and the
# documents that feature it (5), its neighbours in the country and the region (2). Each
# prefetch is one query whatever the number of rows; the conferences hosted added one (5
# before), the publications featuring the city one more (6 before), the public answers of its
# latest accepted progress report one more (7 before).
PROFILE_QUERIES = 8


@pytest.mark.django_db
class TestClusters:
    def test_cluster_list_shows_counts_and_coordinators(self, client, network):
        with translation.override("en"):
            body = client.get(reverse("cities:cluster-list")).content.decode()
        assert "Health and well-being" in body
        assert "2 member cities" in body  # the withdrawn member is not counted
        assert "Coordinators:" in body

    def test_cluster_page_lists_public_members_coordinators_first(self, client, network):
        with translation.override("en"):
            url = reverse("cities:cluster-detail", kwargs={"slug": "health-and-well-being"})
        memberships = client.get(url).context["memberships"]
        assert [m.city_name for m in memberships] == ["Cork", "Espoo"]

    def test_unknown_cluster_is_not_found(self, client, db):
        with translation.override("en"):
            url = reverse("cities:cluster-detail", kwargs={"slug": "nothing"})
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_withdrawn_city_is_absent_from_every_public_page(client, network):
    pages = [
        "/en/",
        "/en/cities/",
        "/en/cities/?q=gone",
        "/en/cities/?country=IE",
        "/en/cities/map/",
        "/en/cities/map/data/",
        "/en/clusters/",
        "/en/clusters/health-and-well-being/",
        "/en/statistics/",
        "/sitemap.xml",
        "/fr/cities/",
        "/es/cities/map/data/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Goneville" not in response.content.decode(), url
        assert "goneville" not in response.content.decode(), url
    assert client.get("/en/cities/goneville/").status_code == 404
    # Ireland counts its two public members only in the country filter.
    form = client.get("/en/cities/").context["filter"].form
    assert ("IE", "Ireland (2)") in form.fields["country"].choices


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "detail"])
def test_cluster_pages_query_count_does_not_grow(client, make_city, make_cluster, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cities.enums import ClusterRole
    from cities.services import set_cluster_role

    cluster = make_cluster("Literacy", slug="literacy")
    url = "/en/clusters/" if page == "list" else "/en/clusters/literacy/"
    counts = []
    for index in range(3):
        city = make_city(f"Town {index}", "FR", member_since=2020)
        set_cluster_role(city, cluster, role=ClusterRole.COORDINATOR)
        make_cluster(f"Theme {index}")
        if index in (0, 2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts == [CLUSTER_QUERIES[page]] * 2


# List: clusters with counts, and their coordinators. Detail: the cluster, its members.
CLUSTER_QUERIES = {"list": 2, "detail": 2}


@pytest.mark.django_db
def test_profile_keeps_provenance_for_staff(client, network):
    city = network["cork"]
    city.sources = "https://example.org/cork-source"
    city.editor_note = "Year joined: check the 2015 press release"
    city.save()
    body = client.get(profile_url("cork")).content.decode()
    assert "example.org/cork-source" not in body
    assert "check the 2015 press release" not in body
    assert ">Sources<" not in body


@pytest.mark.django_db
def test_unconfirmed_city_is_not_public(client, network):
    city = network["limerick"]
    city.confirmed = False
    city.save()
    assert client.get(profile_url("limerick")).status_code == 404
    with translation.override("en"):
        directory = client.get(reverse("cities:directory")).content.decode()
    assert "Limerick" not in directory
    assert "Cork" in directory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "since 2016"), ("at_latest", None), ("unknown", None)],
)
def test_member_since_is_shown_only_when_stated(client, make_city, precision, shown):
    make_city("Alpha", "IE", member_since=2016, member_since_precision=precision)
    body = client.get(profile_url("alpha")).content.decode()
    if shown:
        assert shown in body
        assert "Member of the network" in body
    else:
        assert "2016" not in body
        assert "Member of the network" not in body
        assert "at the latest" not in body


@pytest.mark.django_db
def test_member_since_on_cards_only_when_stated(client, make_city):
    make_city("Alpha", "IE", member_since=2016)
    make_city("Beta", "IE", member_since=2018, member_since_precision="at_latest")
    with translation.override("en"):
        body = client.get(reverse("cities:directory")).content.decode()
    cards = [card.split("</article>")[0] for card in body.split('<article class="city-card')[1:]]
    assert len(cards) == 2
    alpha, beta = sorted(cards, key=lambda card: "Beta" in card)
    assert "Member since 2016" in alpha
    assert "2018" not in beta
    assert "Member" not in beta


@pytest.mark.django_db
def test_profile_lists_the_publications_featuring_the_city(client, network):
    from tests.world import conferences

    iclc = conferences.conference(3, title_en="Third International Conference")
    case_studies = conferences.document(iclc, "publication", "Learning cities case studies")
    case_studies.featured_cities.add(network["cork"])
    conferences.document(iclc, "publication", "Another book").featured_cities.add(network["espoo"])
    body = client.get(profile_url("cork")).content.decode()
    assert "Publications featuring this city" in body
    assert "Learning cities case studies" in body
    assert "Another book" not in body
    assert f'href="{iclc.get_absolute_url()}"' in body
    espoo_alone = client.get(profile_url("limerick")).content.decode()
    assert "Publications featuring this city" not in espoo_alone


@pytest.mark.django_db
def test_profile_body_follows_an_edit_at_once_in_each_language(client, network):
    from cities.services import update_city

    assert '<h1 class="mb-1">Cork</h1>' in client.get(profile_url("cork")).content.decode()
    assert '<h1 class="mb-1">Cork</h1>' in client.get(profile_url("cork", "fr")).content.decode()
    update_city(network["cork"], name_en="Corcaigh", name_fr="Corcaigh en français")
    english = client.get(profile_url("cork")).content.decode()
    french = client.get(profile_url("cork", "fr")).content.decode()
    assert '<h1 class="mb-1">Corcaigh</h1>' in english
    assert '<h1 class="mb-1">Corcaigh en français</h1>' in french
    assert "Key figures" in english
    assert "Chiffres clés" in french
