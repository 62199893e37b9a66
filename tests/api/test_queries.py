"""The number of SQL queries of every list endpoint does not grow with the number of objects
(locked with 1 and 3 of each)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cities.enums import ClusterRole
from cities.services import set_cluster_role
from conferences.enums import DocumentKind, SessionKind
from gnlc.site.directory.selectors import directory_facets
from tests import world

pytestmark = pytest.mark.django_db

COUNTRIES = ["IE", "FI", "CO", "MX"]


@pytest.fixture
def records(make_city, make_cluster):
    """n cities, each in its own cluster (as coordinator), winner of its own published cycle
    and host of its own conference with a session and a document in two languages."""

    def make(n, start=0):
        for index in range(start, start + n):
            city = make_city(
                f"City {index}",
                COUNTRIES[index],
                member_since=2015 + index,
                latitude=10,
                longitude=-10,
            )
            cluster = make_cluster(f"Cluster {index}")
            set_cluster_role(city, cluster, role=ClusterRole.COORDINATOR)
            cycle = world.past_award_cycle(2015 + index)
            world.criterion(cycle, "Vision")
            world.award(cycle, city, citation_en="Citation")
            conference = world.conference(
                index + 1,
                title_en=f"Conference {index}",
                host=city,
                starts_on=datetime.date(2015 + index, 9, 28),
                award_cycle=cycle,
            )
            world.session(conference, SessionKind.PLENARY, "Opening")
            document = world.document(
                conference,
                DocumentKind.STATEMENT,
                "Statement",
                versions=dict.fromkeys(("en", "fr"), "https://uil.example/s.pdf"),
            )
            document.featured_cities.add(city)

    return make


# (endpoint, query, queries): the queries of the answer itself; the directory's facet counts
# are cached per content version and warmed first (they are the directory's own cost).
LISTS = [
    ("api:city-list", {}, 2),  # count, page
    ("api:city-list", {"country": "IE", "sort": "newest", "q": "city"}, 2),
    ("api:city-csv", {}, 1),
    ("api:city-xlsx", {}, 1),
    ("api:city-geojson", {"winner": "yes"}, 1),
    ("api:cluster-list", {}, 2),  # clusters with counts, coordinators
    ("api:cycle-list", {}, 2),  # cycles, published winners with their cities
    (
        "api:conference-list",
        {},
        4,
    ),  # conferences with host and cycle, sessions, documents, versions
]


EXPORTS = ("api:city-csv", "api:city-xlsx", "api:city-geojson")


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("name", "query", "queries"), LISTS, ids=lambda v: str(v))
def test_list_endpoints_query_count_is_fixed(
    client, records, django_assert_num_queries, n, name, query, queries
):
    records(n)
    for language in ("en", "fr"):
        with translation.override(language):
            directory_facets()

    # The large exports stream their rows after the view returns: read inside the count.
    with django_assert_num_queries(queries):
        response = client.get(reverse(name), query)
        response.getvalue()
    with django_assert_num_queries(queries):
        french = client.get(reverse(name), {**query, "lang": "fr"})
        french.getvalue()
    # Built once per content version: the same export again is the stored file, no query.
    if name in EXPORTS:
        with django_assert_num_queries(0):
            again = client.get(reverse(name), query)
            again.getvalue()
        assert again.status_code == 200

    assert response.status_code == 200
    assert french.status_code == 200
    if name == "api:city-list":
        assert response.json()["count"] == (n if not query else 1)


@pytest.mark.parametrize("name", EXPORTS)
def test_an_unfiltered_export_starts_before_any_query(client, records, name):
    """Every member: no filter to check, so the facet counts (the choices a filter is checked
    against, one grouped query each) are not computed on a new content version; the answer
    starts before its one query runs (at 50,000 cities the facets were 190 ms before the
    CSV's first byte)."""
    records(3)
    with CaptureQueriesContext(connection) as before_the_body:
        response = client.get(reverse(name))
    with CaptureQueriesContext(connection) as with_the_body:
        body = response.getvalue()
    assert response.status_code == 200
    assert len(before_the_body) == 0, [q["sql"][:80] for q in before_the_body]
    assert len(with_the_body) == 1
    assert body
    # A filter is still checked against the network's values.
    refused = client.get(reverse(name), {"region": "XX"})
    assert refused.status_code == 400
    assert "region" in refused.json()["errors"]


@pytest.mark.parametrize("name", ["api:figures", "api:openapi"])
def test_figures_and_document_query_count_does_not_grow(client, records, name):
    """Both are built from cached aggregates; counted with an empty cache, 1 then 3 objects."""
    counts = []
    for n, start in ((1, 0), (2, 1)):
        records(n, start=start)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("n", [1, 3])
def test_detail_endpoints_query_count_is_fixed(client, records, django_assert_num_queries, n):
    records(n)

    with django_assert_num_queries(4):  # city, clusters, awards, conferences hosted
        assert client.get(reverse("api:city-detail", kwargs={"slug": "city-0"})).status_code == 200
    with django_assert_num_queries(2):  # cluster with its count, public members
        assert (
            client.get(reverse("api:cluster-detail", kwargs={"slug": "cluster-0"})).status_code
            == 200
        )
    with django_assert_num_queries(3):  # cycle, winners, criteria
        assert client.get(reverse("api:cycle-detail", kwargs={"year": 2015})).status_code == 200
    # conference, sessions, speakers, documents, versions, featured cities
    with django_assert_num_queries(6):
        assert (
            client.get(reverse("api:conference-detail", kwargs={"slug": "iclc-1"})).status_code
            == 200
        )


@pytest.mark.parametrize("n", [1, 3])
def test_reporting_endpoints_query_count_is_fixed(client, make_city, django_assert_num_queries, n):
    """n accepted reports with public answers, in each of n cycles."""
    from members.enums import ReportState

    cities = [make_city(f"City {index}", COUNTRIES[index], member_since=2015) for index in range(n)]
    staff = world.reviewer()
    editor = world.user("editor@example.org")
    cycles = []
    for index in range(n):
        cycle = world.open_reporting_cycle(
            title=f"Reporting {index}",
            period=(datetime.date(2010 + 2 * index, 1, 1), datetime.date(2011 + 2 * index, 12, 31)),
            cut_off=datetime.date(2030, 12, 31),
        )
        public = list(cycle.questions.values_list("pk", flat=True))
        for city in cities:
            world.progress_report(
                cycle, city, ReportState.ACCEPTED, by=editor, staff=staff, public=public
            )
        cycles.append(cycle)

    with django_assert_num_queries(1):  # cycles with their published reports counted
        listing = client.get(reverse("api:report-cycle-list"))
    with django_assert_num_queries(4):  # cycle, questions, accepted reports, public answers
        detail = client.get(reverse("api:report-cycle-detail", kwargs={"pk": cycles[0].pk}))
    assert [c["published_reports"] for c in listing.json()["results"]] == [n] * n
    assert len(detail.json()["reports"]) == n
