"""The cities as CSV, XLSX and GeoJSON: the CSV opens with Python's csv module and has the same rows
as the JSON list (all pages); the GeoJSON is what the portal's own map draws."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gnlc.site.api.serializers import CITY_LIST_FIELDS
from tests.map_points import points

pytestmark = pytest.mark.django_db


def json_rows(client, query):
    rows, url, params = [], reverse("api:city-list"), {**query, "page_size": 2}
    while url:
        data = client.get(url, params).json()
        rows += data["results"]
        url, params = data["next"], None
    return rows


def csv_rows(client, query):
    response = client.get(reverse("api:city-csv"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"), newline="")))


def as_cell(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    "query",
    [{}, {"lang": "es"}, {"region": "ENA", "sort": "population"}, {"q": "ciudad", "lang": "fr"}],
)
def test_csv_has_the_same_rows_and_fields_as_the_json(client, open_data, make_city, query):
    make_city("Nowhere Known", "IE", member_since=2020)  # no coordinates: in the CSV too

    from_json = json_rows(client, query)
    from_csv = csv_rows(client, query)

    assert len(from_json) > 0
    assert [list(row) for row in from_csv] == [list(CITY_LIST_FIELDS)] * len(from_csv)
    assert from_csv == [
        {field: as_cell(row[field]) for field in CITY_LIST_FIELDS} for row in from_json
    ]


def test_csv_neutralises_cells_a_spreadsheet_would_run(client, open_data, make_city):
    make_city('=HYPERLINK("http://evil.example")', "IE", slug="formula", member_since=2020)
    make_city("@SUM(A1)", "IE", slug="at-sign", member_since=2020, website="https://ok.example")

    rows = {row["slug"]: row for row in csv_rows(client, {"country": "IE"})}
    listed = {row["slug"]: row for row in json_rows(client, {"country": "IE"})}

    assert rows["formula"]["name"] == '\'=HYPERLINK("http://evil.example")'
    assert rows["at-sign"]["name"] == "'@SUM(A1)"
    # The JSON keeps the data as it is; numbers are never touched (a longitude is negative).
    assert listed["formula"]["name"] == '=HYPERLINK("http://evil.example")'
    assert rows["cork"]["longitude"] == "-8.47061"


def test_geojson_is_a_feature_collection_of_the_listed_cities_with_coordinates(
    client, open_data, make_city
):
    make_city("Nowhere Known", "IE", member_since=2020)

    collection = json.loads(client.get(reverse("api:city-geojson"), {"country": "IE"}).getvalue())
    listed = json_rows(client, {"country": "IE"})

    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [
        row["slug"] for row in listed if row["latitude"] is not None
    ]
    cork = collection["features"][0]
    assert cork["geometry"] == {"type": "Point", "coordinates": [-8.47061, 51.89797]}
    assert cork["properties"]["profile_url"] == "http://testserver/en/cities/cork/"
    assert cork["properties"]["name"] == "Cork"
    assert "latitude" not in cork["properties"]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("query", [{}, {"country": "IE"}, {"q": "mexico"}, {"winner": "yes"}])
def test_the_map_shows_the_cities_of_the_apis_geojson(client, open_data, language, query):
    """The map's compact points (cities:map-data) and the open data's GeoJSON of the same
    query: the same cities, names, places, countries and regions, in the same language."""
    with translation.override(language):
        map_url = reverse("cities:map-data")

    on_map = points(client.get(map_url, query))
    from_api = json.loads(
        client.get(reverse("api:city-geojson"), {**query, "lang": language}).getvalue()
    )

    assert on_map, query
    assert sorted(
        (city["url"].split("/")[-2], city["name"], city["country"], city["region"])
        for city in on_map
    ) == sorted(
        (
            f["id"],
            f["properties"]["name"],
            f["properties"]["country_name"],
            f["properties"]["region_name"],
        )
        for f in from_api["features"]
    )
    by_slug = {f["id"]: f["geometry"]["coordinates"] for f in from_api["features"]}
    for city in on_map:
        longitude, latitude = by_slug[city["url"].split("/")[-2]]
        # To three decimals (about 110 m), as the map keeps them.
        assert city["lon"] == pytest.approx(longitude, abs=0.0005)
        assert city["lat"] == pytest.approx(latitude, abs=0.0005)


def xlsx_sheets(client, query):
    response = client.get(reverse("api:city-xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="gnlc-cities-')
    workbook = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


@pytest.mark.parametrize("query", [{}, {"lang": "fr", "region": "ENA"}, {"q": "mexico"}])
def test_xlsx_has_the_csvs_rows_with_numbers_as_numbers(client, open_data, make_city, query):
    make_city("Nowhere Known", "IE", member_since=2020)

    sheets = xlsx_sheets(client, query)
    from_csv = csv_rows(client, query)

    header, *rows = sheets["cities"]
    assert header == list(CITY_LIST_FIELDS)
    assert len(rows) == len(from_csv) > 0
    assert [
        {field: as_cell(value) for field, value in zip(header, row, strict=True)} for row in rows
    ] == from_csv
    coordinates = [row[header.index("longitude")] for row in rows]
    assert all(isinstance(value, float) for value in coordinates if value is not None)


def test_xlsx_carries_its_licence_and_credits(client, open_data):
    licence = xlsx_sheets(client, {})["licence"]

    assert licence[0][:3] == [
        "license",
        "Creative Commons Attribution-ShareAlike 3.0 IGO",
        "https://creativecommons.org/licenses/by-sa/3.0/igo/",
    ]
    assert licence[1][:2] == ["metadata", "http://testserver/api/v1/metadata.json"]
    credits = {row[0]: row for row in licence[4:]}
    assert credits["GeoNames (geonames.org)"][2:] == [
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "latitude, longitude, population",
    ]


def test_xlsx_neutralises_cells_a_spreadsheet_would_run(client, open_data, make_city):
    make_city('=HYPERLINK("http://evil.example")', "IE", slug="formula", member_since=2020)

    header, *rows = xlsx_sheets(client, {"country": "IE"})["cities"]
    names = {row[header.index("slug")]: row[header.index("name")] for row in rows}

    assert names["formula"] == '\'=HYPERLINK("http://evil.example")'
