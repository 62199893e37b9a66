"""The network's official figures (staff-edited, dated, sourced) beside the portal's own
counts, labelled as the cities listed here: home page and statistics."""

import datetime
import re

import pytest

from cities.models import NetworkFigure

SOURCE = "https://example.org/gnlc-425-members"


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def figures(db):
    NetworkFigure.objects.create(
        members=356,
        countries=79,
        as_of=datetime.date(2024, 2, 14),
        source_url="https://example.org/356",
        note_en="390 million inhabitants",
    )
    NetworkFigure.objects.create(
        members=425,
        countries=91,
        as_of=datetime.date(2025, 12, 1),
        as_of_precision="month",
        source_url=SOURCE,
        note_en="nearly 500 million citizens",
        editor_note="Only a university newsletter has it so far",
    )
    NetworkFigure.objects.create(
        members=49,
        countries=22,
        as_of=datetime.date(2026, 7, 1),
        confirmed=False,
        source_url="https://example.org/unconfirmed",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "official"),
    [
        ("en", "425 members in 91 countries, December 2025"),
        ("fr", "425 membres dans 91 pays, décembre 2025"),
        ("es", "425 miembros en 91 países, diciembre de 2025"),
    ],
)
def test_home_shows_the_newest_confirmed_official_figure_with_its_source(
    client, figures, make_city, language, official
):
    make_city("Cork", "IE", member_since=2015)
    body = client.get(f"/{language}/").content.decode()
    text = text_of(body)
    assert official in text
    if language == "en":
        assert "Cities listed on this portal 1" in text
        assert "Source of the official figure" in text
    assert f'href="{SOURCE}"' in body
    assert "49" not in text  # the unconfirmed figure
    assert "university newsletter" not in body


@pytest.mark.django_db
def test_home_without_an_official_figure_shows_the_portal_counts_only(client, make_city):
    make_city("Cork", "IE", member_since=2015)
    text = text_of(client.get("/en/").content.decode())
    assert "Cities listed on this portal 1" in text
    assert "members in" not in text


@pytest.mark.django_db
def test_statistics_show_the_official_figure_and_its_history(client, figures, make_city):
    make_city("Cork", "IE", member_since=2015)
    response = client.get("/en/statistics/")
    text = text_of(response.content.decode())
    assert "425 members in 91 countries, December 2025" in text
    assert "Cities listed on this portal: 1. Their countries: 1." in text
    assert [(f.members, f.as_of_display) for f in response.context["official_history"]] == [
        (425, "December 2025"),
        (356, "14 February 2024"),
    ]
    assert "Official figures over time" in text
    assert text.count("February 2024") == text.count("14 February 2024")
    assert "14 February 2024 356 79 example.org · 390 million inhabitants" in text


@pytest.mark.django_db
def test_a_new_figure_shows_at_once(client, figures):
    assert "425 members" in text_of(client.get("/en/").content.decode())
    NetworkFigure.objects.create(
        members=430, countries=92, as_of=datetime.date(2026, 3, 1), source_url=SOURCE
    )
    assert "430 members in 92 countries" in text_of(client.get("/en/").content.decode())
