"""The public pages of the conference archive and the conferences on city profiles."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.models import Award
from conferences.enums import ConferenceStatus, DocumentKind, SessionKind
from conferences.models import Conference, Speaker
from tests import world

LANGUAGES = ["en", "fr", "es"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def make_conference(number, host=None, **fields):
    year = 2011 + 2 * number
    fields.setdefault("theme_en", f"Theme {number}")
    fields.setdefault("starts_on", datetime.date(year, 9, 28))
    fields.setdefault("ends_on", datetime.date(year, 9, 30))
    fields.setdefault("participants_en", f"{number}00+")
    fields.setdefault("countries_en", f"{number}0")
    return world.conference(number, host=host, **fields)


def add_session(conference, kind, title, order=0, **fields):
    return world.session(conference, kind, title, order=order, **fields)


def add_document(conference, kind, title, languages=("en", "fr", "es"), order=0):
    versions = {code: f"https://example.org/{title}/{code}" for code in languages}
    return world.document(conference, kind, title, versions=versions, order=order)


@pytest.fixture
def archive(make_city):
    """ICLC 2 in Mexico City complete; ICLC 1 (Beijing, not a member); ICLC 7 planned."""
    mexico = make_city("Mexico City", "MX", member_since=2015)
    cork = make_city("Cork", "IE", member_since=2015)
    espoo = make_city("Espoo", "FI", member_since=2015)
    cycle = world.past_award_cycle(2015, winners=[cork, espoo])
    first = make_conference(1, host_name_en="Beijing", country="CN")
    second = make_conference(
        2,
        host=mexico,
        country="MX",
        title_en="2nd International Conference on Learning Cities",
        venue_en="World Trade Center",
        figures_note_en="Final report of the conference.",
        speakers_figure_en="64 speakers from 36 countries",
        media_en="80 media contributions",
        summary_en="Building sustainable learning cities.",
        objectives_en="Share practice.",
        hashtags="#LearningCities, #ICLC2015",
        website="https://example.org/iclc2",
        contact_en="learningcities@example.org",
        award_cycle=cycle,
    )
    planned = make_conference(
        7,
        title_en="Seventh conference",
        status=ConferenceStatus.PLANNED,
        starts_on=None,
        ends_on=None,
        dates_text_en="2027",
    )
    # Created out of programme order on purpose.
    add_session(
        second,
        SessionKind.REGIONAL_FORUM,
        "Forum of Africa",
        region="AF",
        key_question_en="How do African cities learn?",
    )
    add_session(second, SessionKind.THEMATIC_FORUM, "Thematic forum A", objective_en="Aim A")
    mayors = add_session(second, SessionKind.MAYORS_FORUM, "The mayors' forum")
    add_session(second, SessionKind.PLENARY, "Plenary two", order=2)
    add_session(second, SessionKind.PLENARY, "Plenary one", order=1)
    mayors.speakers.add(world.speaker("Ana Speaker", organisation_en="City hall"))
    add_document(second, DocumentKind.REPORT, "Final report", languages=("en",))
    add_document(second, DocumentKind.STATEMENT, "Mexico City Statement")
    book = add_document(second, DocumentKind.PUBLICATION, "Case studies", languages=("en",))
    book.featured_cities.add(cork, espoo)
    return {
        "first": first,
        "second": second,
        "planned": planned,
        "mexico": mexico,
        "cork": cork,
        "espoo": espoo,
        "cycle": cycle,
    }


@pytest.mark.django_db
class TestConferenceList:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_page_in_each_language(self, client, archive, language):
        response = client.get(url("conferences:conference-list", language))
        body = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}"' in body
        assert body.count("<h1") == 1
        assert url("conferences:conference-detail", language, slug="iclc-2") in body
        assert url("cities:city-detail", language, slug="mexico-city") in body
        assert 'method="post"' not in body.lower()
        assert "csrfmiddlewaretoken" not in body

    def test_newest_first_with_host_dates_and_figures(self, client, archive):
        response = client.get(url("conferences:conference-list"))
        assert [c.number for c in response.context["conferences"]] == [7, 2, 1]
        body = response.content.decode()
        assert (
            body.index("Seventh conference")
            < body.index("2nd International")
            < body.index("Conference number 1")
        )
        assert "28–30 September 2015" in body
        assert "planned" in body
        assert "200+" in body
        assert "Beijing" in body
        assert "Theme 2" in body

    def test_navigation_links_the_archive(self, client, archive):
        body = client.get(url("gnlc:home")).content.decode()
        assert f'href="{url("conferences:conference-list")}"' in body


@pytest.mark.django_db
class TestConferenceDetail:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_page_in_each_language(self, client, archive, language):
        response = client.get(url("conferences:conference-detail", language, slug="iclc-2"))
        body = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}"' in body
        assert ">2nd International Conference on Learning Cities</h1>" in body
        assert url("cities:city-detail", language, slug="mexico-city") in body
        assert "<script>" not in body
        assert "style=" not in body
        assert "csrfmiddlewaretoken" not in body

    def test_programme_in_session_kind_order(self, client, archive):
        response = client.get(url("conferences:conference-detail", slug="iclc-2"))
        programme = [
            (str(label), [s.title for s in sessions])
            for label, sessions in response.context["programme"]
        ]
        assert programme == [
            ("Plenary sessions", ["Plenary one", "Plenary two"]),
            ("Mayors' forum", ["The mayors' forum"]),
            ("Thematic forum", ["Thematic forum A"]),
            ("Regional forum", ["Forum of Africa"]),
        ]
        body = response.content.decode()
        assert "How do African cities learn?" in body
        assert "Aim A" in body
        assert "Africa</p>" in body
        assert "Ana Speaker" in body

    def test_outcome_documents_first(self, client, archive):
        response = client.get(url("conferences:conference-detail", slug="iclc-2"))
        groups = [
            (key, [d.title for d in docs]) for key, _, docs in response.context["document_groups"]
        ]
        assert groups == [
            ("outcome", ["Mexico City Statement"]),
            ("report", ["Final report"]),
            ("publication", ["Case studies"]),
        ]

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("en", ["English", "Français", "Español"]),
            ("fr", ["Français", "English", "Español"]),
            ("es", ["Español", "English", "Français"]),
        ],
    )
    def test_versions_in_the_visitors_language_first(self, client, archive, language, expected):
        body = client.get(
            url("conferences:conference-detail", language, slug="iclc-2")
        ).content.decode()
        statement = body.split("Mexico City Statement</h4>")[1].split("</li>")[0]
        links = re.findall(
            r'<a href="([^"]+)"\s+lang="(\w+)"\s+hreflang="(\w+)"[^>]*>([^<]+)</a>', statement
        )
        assert [label for *_, label in links] == expected
        for href, lang, hreflang, _label in links:
            assert lang == hreflang
            assert href.endswith(f"/{lang}")

    def test_publication_features_cities_and_award_winners_are_linked(self, client, archive):
        body = client.get(url("conferences:conference-detail", slug="iclc-2")).content.decode()
        books = body.split("Case studies</h4>")[1].split("</li>\n</ul>")[0]
        assert url("cities:city-detail", slug="cork") in books
        assert url("cities:city-detail", slug="espoo") in books
        award = body.split('id="award"')[1].split("</section>")[0]
        assert url("awards:cycle-detail", year=2015) in award
        assert url("cities:city-detail", slug="cork") in award
        assert url("cities:city-detail", slug="espoo") in award

    def test_figures_links_and_contact(self, client, archive):
        body = client.get(url("conferences:conference-detail", slug="iclc-2")).content.decode()
        for text in (
            "64 speakers from 36 countries",
            "80 media contributions",
            "Building sustainable learning cities.",
            "#ICLC2015",
            "https://example.org/iclc2",
            "learningcities@example.org",
            "World Trade Center",
        ):
            assert text in body, text
        # The source of the figures is for staff.
        assert "Final report of the conference." not in body

    def test_schema_org_event(self, client, archive):
        body = client.get(url("conferences:conference-detail", slug="iclc-2")).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        assert len(blocks) == 1
        data = json.loads(blocks[0])
        assert data["@type"] == "Event"
        assert data["name"] == "2nd International Conference on Learning Cities"
        assert data["startDate"] == "2015-09-28"
        assert data["location"]["name"] == "World Trade Center"
        assert data["location"]["address"]["addressCountry"] == "MX"

    def test_json_ld_cannot_close_the_script(self, client, archive):
        Conference.objects.filter(pk=archive["second"].pk).update(theme_en="</script><b>&</b>")
        body = client.get(url("conferences:conference-detail", slug="iclc-2")).content.decode()
        block = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[0]
        assert json.loads(block)["description"] == "</script><b>&</b>"
        assert "<" not in block

    def test_planned_conference(self, client, archive):
        body = client.get(url("conferences:conference-detail", slug="iclc-7")).content.decode()
        assert "planned" in body
        data = json.loads(
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[0]
        )
        assert "startDate" not in data

    def test_unknown_slug_is_404_in_the_visitors_language(self, client, archive):
        response = client.get(url("conferences:conference-detail", "fr", slug="atlantis"))
        assert response.status_code == 404
        assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
class TestHostCity:
    def test_profile_links_the_conference_it_hosted(self, client, archive):
        body = client.get(url("cities:city-detail", slug="mexico-city")).content.decode()
        section = body.split('id="city-conferences"')[1].split("</section>")[0]
        assert url("conferences:conference-detail", slug="iclc-2") in section
        assert "Hosted the 2nd International Conference on Learning Cities (2015)" in section

    def test_other_profiles_have_no_conference_section(self, client, archive):
        body = client.get(url("cities:city-detail", slug="cork")).content.decode()
        assert 'id="city-conferences"' not in body

    def test_home_shows_the_next_conference(self, client, archive):
        body = client.get(url("gnlc:home")).content.decode()
        assert "Seventh conference" in body
        assert url("conferences:conference-detail", slug="iclc-7") in body


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def full_conference(number, city):
    """A conference with a session of each kind, speakers, documents, versions, featured
    cities and an award cycle with a winner, so that every prefetch has rows."""
    cycle = world.past_award_cycle(2000 + number, winners=[city])
    conference = make_conference(number, host=city, award_cycle=cycle)
    for kind in SessionKind:
        session = add_session(conference, kind, f"{kind.label} {number}")
        session.speakers.add(world.speaker(f"Speaker {kind} {number}"))
    for kind in (DocumentKind.STATEMENT, DocumentKind.PUBLICATION):
        add_document(conference, kind, f"{kind} {number}").featured_cities.add(city)
    return conference


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["conferences:conference-list", "conferences:conference-detail"]
)
def test_query_count_does_not_grow_with_conferences(client, make_city, url_name):
    first = full_conference(1, make_city("Alpha", "IE", member_since=2015))
    kwargs = {"slug": first.slug} if url_name == "conferences:conference-detail" else {}
    address = url(url_name, **kwargs)
    with_one = count_queries(client, address)
    for number, (name, country) in enumerate([("Beta", "FR"), ("Gamma", "CO")], start=2):
        city = make_city(name, country, member_since=2015)
        full_conference(number, city)
        # More rows under the first conference too.
        session = first.sessions.first()
        session.speakers.add(Speaker.objects.create(name=f"Extra {number}"))
        add_document(first, DocumentKind.REPORT, f"report {number}").featured_cities.add(city)
        Award.objects.create(cycle=first.award_cycle, city=city)
    with_three = count_queries(client, address)
    assert with_one == with_three == EXPECTED_QUERIES[url_name]


# List: the conferences with their host cities (1).
# Detail: the conference with its host and award cycle, its sessions, their speakers, its
# documents, their versions, the cities they feature, the winners with their cities (7).
EXPECTED_QUERIES = {"conferences:conference-list": 1, "conferences:conference-detail": 7}
