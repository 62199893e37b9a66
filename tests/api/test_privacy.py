"""No private field and no private value leaves the database through the API: every field of
every answer is walked, in every language, with private data of every kind seeded."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import LANGUAGES, PRIVATE_KEYS, PRIVATE_VALUES

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def every_url(data):
    """Every endpoint, with every public object's detail and a few filtered lists."""
    urls = [
        reverse("api:index"),
        reverse("api:openapi"),
        reverse("api:city-list"),
        reverse("api:city-list") + "?country=IE&page_size=1",
        reverse("api:city-list") + "?winner=yes",
        reverse("api:city-csv"),
        reverse("api:city-xlsx"),
        reverse("api:city-geojson"),
        reverse("api:cluster-list"),
        reverse("api:cycle-list"),
        reverse("api:conference-list"),
        reverse("api:figures"),
    ]
    urls += [
        reverse("api:city-detail", kwargs={"slug": slug})
        for slug in ("cork", "limerick", "medellin", "mexico-city", "espoo", "aswan")
    ]
    urls += [reverse("api:cluster-detail", kwargs={"slug": "health-and-well-being"})]
    urls += [reverse("api:cycle-detail", kwargs={"year": year}) for year in (2024, 2026)]
    urls += [reverse("api:conference-detail", kwargs={"slug": "iclc-2"})]
    urls += [
        reverse("api:report-cycle-list"),
        reverse("api:report-cycle-detail", kwargs={"pk": data["reporting"].pk}),
    ]
    return urls


def walk(value, path="$"):
    """(path, key or None, leaf) for every key and leaf of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", key, None
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
    else:
        yield path, None, value


def schema_property_names(document):
    """The property names the OpenAPI document promises, wherever they are declared."""
    names = set()

    def collect(node):
        if isinstance(node, dict):
            names.update(
                node.get("properties", {}) if isinstance(node.get("properties"), dict) else {}
            )
            for item in node.values():
                collect(item)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(document.get("components", {}))
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_private_field_or_value_in_any_answer(client, private_data, language):
    walked = 0
    for url in every_url(private_data):
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}lang={language}")
        assert response.status_code == 200, (url, response.content[:200])
        if response["Content-Type"] == XLSX:
            sheets = load_workbook(io.BytesIO(response.getvalue()), read_only=True).worksheets
            rows = [row for sheet in sheets for row in sheet.iter_rows(values_only=True)]
            assert set(rows[0]) & PRIVATE_KEYS == set(), url
            text = "\n".join(str(cell) for row in rows for cell in row)
        else:
            text = response.getvalue().decode()
        for value in PRIVATE_VALUES:
            assert value not in text, f"{value!r} in {url}"
        if response["Content-Type"].startswith("text/csv"):
            header = next(csv.reader(io.StringIO(text)))
            assert set(header) & PRIVATE_KEYS == set(), url
        if response["Content-Type"].startswith(("application/json", "application/geo+json")):
            for path, key, leaf in walk(json.loads(text)):
                walked += 1
                if key is not None and url != reverse("api:openapi"):
                    assert key not in PRIVATE_KEYS, f"{path} in {url}"
                if isinstance(leaf, str):
                    assert not any(value in leaf for value in PRIVATE_VALUES), f"{path} in {url}"
    assert walked > 1000


def test_the_documented_fields_hold_nothing_private(client, private_data):
    document = client.get(reverse("api:openapi")).json()

    names = schema_property_names(document)
    assert {"slug", "name", "citation", "winners", "versions"} <= names
    assert names & PRIVATE_KEYS == set()


def test_a_cycle_not_yet_published_shows_only_public_facts(client, private_data):
    data = client.get(reverse("api:cycle-detail", kwargs={"year": 2026})).json()
    listing = client.get(reverse("api:cycle-list")).json()

    assert data["phase"] == "jury"
    assert data["published"] is False
    assert data["winners"] == []
    assert data["winner_count"] is None
    assert [c["name"] for c in data["criteria"]] == ["Vision"]
    assert [(c["year"], len(c["winners"])) for c in listing["results"]] == [(2026, 0), (2024, 2)]
    # Espoo is not yet a winner anywhere in public.
    espoo = client.get(reverse("api:city-detail", kwargs={"slug": "espoo"})).json()
    assert espoo["awards"] == []
    assert client.get(reverse("api:city-list"), {"award_year": "2026"}).status_code == 400


def test_a_suspended_member_is_public_but_its_status_note_is_not(client, private_data):
    data = client.get(reverse("api:city-detail", kwargs={"slug": "limerick"})).json()

    assert data["status"] == "suspended"
    assert "Secret-Status-Note" not in json.dumps(data)


def test_the_open_data_publishes_only_the_public_answers_of_accepted_reports(client, private_data):
    cycle = private_data["reporting"]
    data = client.get(reverse("api:report-cycle-detail", kwargs={"pk": cycle.pk})).json()
    listing = client.get(reverse("api:report-cycle-list")).json()

    assert [(c["title"], c["published_reports"]) for c in listing["results"]] == [
        ("Progress report 2019–2021", 1)
    ]
    assert [r["city"]["slug"] for r in data["reports"]] == ["cork"]
    [cork] = data["reports"]
    questions = {q["id"]: q["title"] for q in data["questions"]}
    assert "Attach your strategy." not in questions.values()
    assert [(questions[a["question"]], a["text"], a["number"]) for a in cork["public_answers"]] == [
        ("Describe your city's lifelong learning strategy.", "Public-Strategy-Answer", None),
        ("Adult learners enrolled", None, 12500.0),
    ]
    assert cork["public_answers"][1]["data_year"] == 2021
    assert data["license"]["name"] == "CC BY-SA 3.0 IGO"
    assert listing["license"]["name"] == "CC BY-SA 3.0 IGO"


def test_a_reporting_cycle_being_prepared_is_not_found(client, private_data):
    from members.models import ReportingCycle

    draft = ReportingCycle.objects.get(title_en="Secret-Draft-Cycle")
    response = client.get(reverse("api:report-cycle-detail", kwargs={"pk": draft.pk}))
    assert response.status_code == 404
    assert "Secret-Draft-Cycle" not in response.content.decode()
