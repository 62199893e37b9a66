"""The large exports are built once per content version, language and query, stored, and
streamed (issue 17): the same bytes as a file written at once, no second build, a new file as
soon as public content changes, 304 for a client that has it, and a build limit per client."""

import csv
import io
import json

import pytest
from django.core.files.storage import storages
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import load_workbook

from cities.services import update_city
from gnlc.site.api import exports, stored_exports, views
from gnlc.site.api.exports import csv_cell
from gnlc.site.api.serializers import CITY_LIST_FIELDS
from gnlc.site.api.views import _cities, _city_table

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/cities.csv"


def written_at_once(rf, lang, query=None):
    """The CSV as the API wrote it before it was stored: every row into one string."""
    request = rf.get(CSV_URL, {**(query or {}), "lang": lang})
    with translation.override(lang):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CITY_LIST_FIELDS)
        for row in _city_table(request, _cities(request), lang):
            writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def counted_builds(monkeypatch):
    """How many times the CSV was built (its rows written)."""
    builds = []

    def counting(headers, rows):
        builds.append(1)
        return exports.csv_chunks(headers, rows)

    monkeypatch.setattr(views, "csv_chunks", counting)
    return builds


@pytest.fixture
def small_chunks(monkeypatch):
    """Two rows a piece: a handful of cities make a CSV of several pieces."""
    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 2)


@pytest.mark.parametrize("query", [{"lang": "en"}, {"lang": "fr", "region": "ENA"}])
def test_csv_built_and_stored_has_the_bytes_written_at_once(
    client, rf, open_data, small_chunks, query
):
    expected = written_at_once(rf, query["lang"], {k: v for k, v in query.items() if k != "lang"})

    built = client.get(CSV_URL, query)
    built_pieces = list(built.streaming_content)
    stored = client.get(CSV_URL, query)

    assert isinstance(built, StreamingHttpResponse)
    assert len(built_pieces) > 1
    assert b"".join(built_pieces) == expected
    assert isinstance(stored, FileResponse)
    assert stored.getvalue() == expected
    assert expected.count(b"\r\n") > 3
    for response in (built, stored):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="gnlc-cities-{query["lang"]}.csv"'
        )
        assert response["Link"] == (
            '<http://testserver/api/v1/metadata.json>; rel="describedby"; type="application/json"'
        )
        assert response["Content-Language"] == query["lang"]


def test_second_request_serves_the_stored_file_without_a_build_or_a_query(
    client, open_data, counted_builds, django_assert_num_queries
):
    first = client.get(CSV_URL).getvalue()

    with django_assert_num_queries(0):
        second = client.get(CSV_URL)
    body = second.getvalue()

    assert counted_builds == [1]
    assert body == first
    assert second["Content-Length"] == str(len(first))


def test_each_language_and_query_has_its_own_file(client, open_data, counted_builds):
    for query in ({}, {"lang": "fr"}, {"region": "ENA"}, {}, {"lang": "fr"}, {"region": "ENA"}):
        client.get(CSV_URL, query).getvalue()

    assert counted_builds == [1, 1, 1]


def test_an_edit_of_public_content_serves_a_new_file_at_once(client, open_data, counted_builds):
    before = client.get(CSV_URL).getvalue().decode()
    client.get(CSV_URL).getvalue()

    update_city(open_data["cork"], name_en="Corcaigh")
    after = client.get(CSV_URL).getvalue().decode()
    again = client.get(CSV_URL)

    assert "\r\ncork,Cork," in before
    assert "\r\ncork,Cork," not in after
    assert ",Corcaigh," in after
    assert isinstance(again, FileResponse)
    assert again.getvalue().decode() == after
    assert counted_builds == [1, 1]


def test_files_of_older_versions_are_deleted_when_a_new_one_is_stored(client, open_data):
    client.get(CSV_URL).getvalue()
    storage = storages["api-exports"]
    [old_state], _files = storage.listdir(stored_exports.DIRECTORY)

    update_city(open_data["cork"], name_en="Corcaigh")
    client.get(CSV_URL).getvalue()
    [new_state], _files = storage.listdir(stored_exports.DIRECTORY)
    _dirs, files = storage.listdir(f"{stored_exports.DIRECTORY}/{new_state}")

    assert new_state != old_state
    assert files == ["cities-en-all.csv"]


@pytest.mark.parametrize("header", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
def test_client_that_has_the_file_gets_304_without_a_body(client, open_data, header):
    first = client.get(CSV_URL)
    first.getvalue()
    validator = first["ETag"] if header == "HTTP_IF_NONE_MATCH" else first["Last-Modified"]

    again = client.get(CSV_URL, **{header: validator})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_request_during_a_build_waits_for_that_build(
    client, open_data, counted_builds, monkeypatch
):
    building = client.get(CSV_URL)  # the lock is held until its answer is sent

    finished = []

    def meanwhile_the_build_finishes(seconds):
        if not finished:
            finished.append(building.getvalue())

    monkeypatch.setattr(stored_exports.time, "sleep", meanwhile_the_build_finishes)
    waiting = client.get(CSV_URL)

    assert isinstance(waiting, FileResponse)
    assert waiting.getvalue().startswith(b"slug,name,")
    assert counted_builds == [1]


def test_a_build_whose_body_is_never_sent_releases_its_lock(client, open_data, counted_builds):
    head = client.head(CSV_URL)  # the server sends the headers only
    head.getvalue()

    rebuilt = client.get(CSV_URL)

    assert isinstance(rebuilt, StreamingHttpResponse)
    assert not isinstance(rebuilt, FileResponse)
    assert rebuilt.getvalue().startswith(b"slug,name,")
    assert head.status_code == 200
    assert counted_builds == [1, 1]


def test_builds_past_the_clients_limit_get_429_and_stored_files_are_still_served(
    client, open_data, settings
):
    settings.API_EXPORT_BUILD_RATE_LIMIT = "2/hour"
    client.get(CSV_URL).getvalue()
    client.get(CSV_URL, {"lang": "fr"}).getvalue()

    refused = client.get(CSV_URL, {"region": "ENA"})
    stored = client.get(CSV_URL, {"lang": "fr"})

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert refused["Cache-Control"] == "no-store"
    assert "ETag" not in refused
    assert "Too many requests" in refused.json()["message"]
    assert stored.status_code == 200
    assert "\r\ncork,Cork," in stored.getvalue().decode()


def test_a_wrong_filter_is_refused_before_it_counts_as_a_build(client, open_data, settings):
    settings.API_EXPORT_BUILD_RATE_LIMIT = "1/hour"

    wrong = client.get(CSV_URL, {"country": "ZZ"})
    right = client.get(CSV_URL)

    assert wrong.status_code == 400
    assert wrong.json()["parameter"] == "country"
    assert right.status_code == 200


def test_geojson_and_xlsx_are_stored_too(client, open_data):
    geojson, geojson_bodies, xlsx, xlsx_bodies = [], [], [], []
    for _ in range(2):
        geojson.append(client.get("/api/v1/cities.geojson"))
        geojson_bodies.append(geojson[-1].getvalue())
        xlsx.append(client.get("/api/v1/cities.xlsx"))
        xlsx_bodies.append(xlsx[-1].getvalue())

    assert isinstance(geojson[1], FileResponse)
    assert isinstance(xlsx[1], FileResponse)
    assert geojson_bodies[0] == geojson_bodies[1]
    assert xlsx_bodies[0] == xlsx_bodies[1]
    collection = json.loads(geojson_bodies[1])
    assert collection["type"] == "FeatureCollection"
    assert collection["license"]["name"] == "CC BY-SA 3.0 IGO"
    assert geojson[1]["Content-Type"] == "application/geo+json"
    assert "Content-Disposition" not in geojson[1]
    assert load_workbook(io.BytesIO(xlsx_bodies[1])).sheetnames == ["cities", "licence"]


def test_a_build_of_an_older_version_that_ends_last_keeps_the_newer_file(
    client, open_data, counted_builds
):
    slow = client.get(CSV_URL)  # built for this version, sent later
    update_city(open_data["cork"], name_en="Corcaigh")
    client.get(CSV_URL).getvalue()

    slow.getvalue()
    served = client.get(CSV_URL)

    assert isinstance(served, FileResponse)
    assert ",Corcaigh," in served.getvalue().decode()
    assert counted_builds == [1, 1]
