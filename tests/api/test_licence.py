"""The open data carries its licence and credits in the answers themselves, links its
metadata from the files, and publishes only what the public pages show: the year joined only
where it is stated, cluster counts only where members are recorded, demonstration cycles
marked as such."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from cities.models import Cluster, NetworkFigure
from cities.services import update_city
from tests import world

pytestmark = pytest.mark.django_db

METADATA = "http://testserver/api/v1/metadata.json"
GEONAMES = "GeoNames (geonames.org)"


def get(client, name, query=None, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs or None), query or {})
    assert response.status_code == 200, response.content[:300]
    return response


JSON_ANSWERS = [
    ("api:city-list", {}),
    ("api:city-detail", {"slug": "cork"}),
    ("api:city-geojson", {}),
    ("api:cluster-list", {}),
    ("api:cluster-detail", {"slug": "health-and-well-being"}),
    ("api:cycle-list", {}),
    ("api:cycle-detail", {"year": 2024}),
    ("api:conference-list", {}),
    ("api:figures", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), JSON_ANSWERS)
def test_every_json_answer_carries_its_licence_and_credits(client, open_data, name, kwargs):
    response = get(client, name, **kwargs)
    data = json.loads(response.getvalue())
    assert data["license"]["name"] == "CC BY-SA 3.0 IGO"
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by-sa/3.0/igo/"
    assert data["license"]["metadata_url"] == METADATA
    credits = {item["text"]: item for item in data["attribution"]}
    assert credits[GEONAMES]["license"] == "CC BY 4.0"
    assert credits[GEONAMES]["fields"] == ["latitude", "longitude", "population"]
    assert METADATA in response["Link"]
    assert 'rel="describedby"' in response["Link"]


def test_geojson_has_top_level_licence_members_and_stays_a_feature_collection(client, open_data):
    data = json.loads(get(client, "api:city-geojson").getvalue())
    assert data["type"] == "FeatureCollection"
    assert list(data)[-2:] == ["license", "attribution"]
    assert all(feature["type"] == "Feature" for feature in data["features"])


def test_csv_links_its_metadata(client, open_data):
    response = get(client, "api:city-csv")
    assert response["Link"] == f'<{METADATA}>; rel="describedby"; type="application/json"'
    assert "Link" in response["Access-Control-Expose-Headers"]


def test_metadata_names_the_licence_the_credits_and_the_csv_fields(client, open_data):
    data = get(client, "api:metadata").json()
    assert data["profile"] == "data-package"
    assert data["licenses"][0]["name"] == "CC BY-SA 3.0 IGO"
    credits = [item["text"] for item in data["attribution"]]
    assert GEONAMES in credits
    assert any(text.startswith("Natural Earth") for text in credits)
    resources = {item["name"]: item for item in data["resources"]}
    csv_response = get(client, "api:city-csv")
    header = next(csv.reader(io.StringIO(csv_response.getvalue().decode())))
    assert [f["name"] for f in resources["cities-csv"]["schema"]["fields"]] == header
    assert resources["cities-csv"]["path"] == "http://testserver/api/v1/cities.csv"
    assert datetime.datetime.fromisoformat(data["updated"]).tzinfo is not None


def test_metadata_in_french_links_the_french_files(client, open_data):
    data = get(client, "api:metadata", {"lang": "fr"}).json()
    paths = [item["path"] for item in data["resources"]]
    assert "http://testserver/api/v1/cities.csv?lang=fr" in paths


def test_year_joined_is_published_only_where_it_is_stated(client, open_data):
    update_city(open_data["limerick"], member_since_precision="at_latest")
    rows = {row["slug"]: row for row in get(client, "api:city-list").json()["results"]}
    assert (rows["cork"]["member_since"], rows["cork"]["member_since_precision"]) == (
        2015,
        "year",
    )
    assert rows["limerick"]["member_since"] is None
    assert rows["limerick"]["member_since_precision"] == "unknown"
    detail = get(client, "api:city-detail", slug="limerick").json()
    assert detail["member_since"] is None
    features = json.loads(get(client, "api:city-geojson").getvalue())["features"]
    limerick = next(f for f in features if f["id"] == "limerick")
    assert limerick["properties"]["member_since"] is None
    text = get(client, "api:city-csv").getvalue().decode()
    limerick_row = next(line for line in text.splitlines() if line.startswith("limerick,"))
    assert "2016" not in limerick_row
    assert "at_latest" not in limerick_row


def test_cluster_counts_only_where_members_are_recorded(client, open_data):
    Cluster.objects.filter(slug="health-and-well-being").update(memberships_recorded=False)
    listing = get(client, "api:cluster-list").json()["results"]
    assert [(c["slug"], c["member_count"]) for c in listing] == [("health-and-well-being", None)]
    detail = get(client, "api:cluster-detail", slug="health-and-well-being").json()
    assert detail["memberships_recorded"] is False
    assert [(c["slug"], c["role"]) for c in detail["cities"]] == [("cork", "coordinator")]


def test_cluster_with_recorded_members_has_its_count_and_members(client, open_data):
    detail = get(client, "api:cluster-detail", slug="health-and-well-being").json()
    assert detail["member_count"] == 2
    assert [c["slug"] for c in detail["cities"]] == ["cork", "espoo"]


def test_demonstration_cycles_say_so(client, open_data):
    world.award_cycle(2031, is_demonstration=True)
    cycles = {c["year"]: c for c in get(client, "api:cycle-list").json()["results"]}
    assert cycles[2031]["is_demonstration"] is True
    assert cycles[2024]["is_demonstration"] is False


def test_figures_give_the_official_count_with_its_date_and_source(client, open_data):
    NetworkFigure.objects.create(
        members=425,
        countries=91,
        as_of=datetime.date(2025, 12, 1),
        as_of_precision="month",
        source_url="https://example.org/425",
        note_en="nearly 500 million citizens",
        note_fr="près de 500 millions d'habitants",
    )
    data = get(client, "api:figures", {"lang": "fr"}).json()
    assert data["official"] == {
        "members": 425,
        "countries": 91,
        "as_of": "2025-12-01",
        "as_of_precision": "month",
        "source_url": "https://example.org/425",
        "remark": "près de 500 millions d'habitants",
    }
    assert data["members"] == 6
