"""seed_demo builds the conference archive: seven editions, the 2nd one complete from the
seeds, host cities and award cycles linked, and nothing new on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from cities.models import City
from conferences.models import (
    Conference,
    ConferenceDocument,
    ConferenceSession,
    DocumentVersion,
    Speaker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def snapshot():
    def rows(queryset, exclude=()):
        return [
            {k: v for k, v in model_to_dict(obj).items() if k not in exclude}
            for obj in queryset.order_by("pk")
        ]

    return {
        "conferences": rows(Conference.objects.all()),
        "sessions": rows(ConferenceSession.objects.all()),
        "documents": rows(ConferenceDocument.objects.all(), exclude=("featured_cities",)),
        "featured": sorted(
            ConferenceDocument.featured_cities.through.objects.values_list(
                "conferencedocument_id", "city_id"
            )
        ),
        "versions": rows(DocumentVersion.objects.all(), exclude=("file",)),
        "speakers": rows(Speaker.objects.all()),
        "session_speakers": sorted(
            ConferenceSession.speakers.through.objects.values_list(
                "conferencesession_id", "speaker_id"
            )
        ),
    }


def test_seven_editions_six_held_one_planned(seeded):
    assert list(Conference.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    assert Conference.objects.filter(status="held").count() == 6
    planned = Conference.objects.get(status="planned")
    assert (planned.number, planned.slug, planned.dates_text_en) == (7, "iclc-7-2027", "2027")
    assert planned.host_city is None
    assert planned.starts_on is None
    # The theme rests on secondary sources only: not stated as a fact.
    assert planned.theme_en == ""
    assert planned.summary_en == ""


def test_titles_in_three_languages(seeded):
    first = Conference.objects.get(number=1)
    assert first.slug == "iclc-1-beijing-2013"
    assert first.title_en == "1st International Conference on Learning Cities"
    assert first.title_fr == "1re Conférence internationale sur les villes apprenantes"
    assert first.title_es == "1.ª Conferencia Internacional sobre Ciudades del Aprendizaje"


def test_host_cities_are_the_member_cities(seeded):
    hosts = dict(
        Conference.objects.exclude(host_city=None).values_list("number", "host_city__name_en")
    )
    assert hosts == {
        1: "Beijing",
        2: "Mexico City",
        3: "Cork",
        4: "Medellín",
        5: "Yeonsu-gu",
        6: "Jubail Industrial City",
    }
    cork = City.objects.get(name_en="Cork", country="IE")
    assert list(cork.conferences_hosted.values_list("number", flat=True)) == [3]


def test_award_cycles_linked(seeded):
    cycles = dict(
        Conference.objects.exclude(award_cycle=None).values_list("award_cycle__year", "number")
    )
    assert cycles == {2015: 2, 2017: 3, 2019: 4, 2021: 5, 2024: 6}


def test_iclc6_dates_per_uil_and_iclc5_conflicting_figures_kept_for_staff(seeded):
    sixth = Conference.objects.get(number=6)
    assert (str(sixth.starts_on), str(sixth.ends_on)) == ("2024-12-03", "2024-12-05")
    assert "2 December" in sixth.summary_en
    assert "December 2 to 5" in sixth.editor_note
    fifth = Conference.objects.get(number=5)
    assert (fifth.participants_en, fifth.participants_fr, fifth.participants_es) == ("", "", "")
    assert "1,000" in fifth.editor_note
    assert "1500" in fifth.editor_note
    assert "koreaherald.com" in fifth.sources
    assert not Conference.objects.filter(figures_note_en__gt="").exists()


def test_planned_conference_keeps_the_secondary_sources_for_staff(seeded):
    seventh = Conference.objects.get(number=7)
    assert seventh.confirmed
    assert (seventh.theme_en, seventh.summary_en, seventh.host_city) == ("", "", None)
    assert "Learning Cities in the Age of AI" in seventh.editor_note
    assert "June 2027" in seventh.editor_note
    assert "goopportunity.org" in seventh.sources


def test_second_conference_figures_and_contact(seeded):
    second = Conference.objects.get(number=2)
    assert second.slug == "iclc-2-mexico-city-2015"
    assert second.participants_en == "Over 650"
    assert second.countries_en == "95"
    assert second.speakers_figure_en == "64 speakers from 36 countries"
    assert second.media_en.startswith("80 contributions in TV, radio, newspapers, social media")
    assert "over 1,400 posts" in second.editor_note
    assert second.speakers_page == "http://learningcities2015.org/index.php/speakers"
    assert second.materials_page == (
        "http://learningcities.uil.unesco.org/resources/2nd-conference-on-learning-cities"
    )
    assert second.hashtags == "#Learningcities2015 #Learningcities"
    assert second.website == "http://www.learningcities2015.org"
    assert "learningcities@unesco.org" in second.contact_en
    assert second.contact_fr.startswith("Secrétariat de la Conférence internationale")
    assert second.contact_es.startswith("Secretaría de la Conferencia Internacional")
    assert second.award_cycle.year == 2015


def test_second_conference_programme(seeded):
    sessions = ConferenceSession.objects.filter(conference__number=2)
    kinds = {
        kind: sessions.filter(kind=kind).count()
        for kind in set(sessions.values_list("kind", flat=True))
    }
    assert kinds == {
        "plenary": 3,
        "mayors_forum": 1,
        "thematic_forum": 3,
        "regional_forum": 5,
    }
    questions = set(
        sessions.filter(kind="thematic_forum").values_list("key_question_en", flat=True)
    )
    assert questions == {
        "How can cities ensure that lifelong learning contributes to sustained, inclusive and "
        "sustainable economic growth?",
        "How can cities create learning opportunities that promote a sense of global citizenship "
        "and encourage people to make the positive changes necessary to secure sustainable "
        "development?",
        "How can cities harness the power of learning to improve the health and well-being of "
        "all citizens?",
    }
    regions = set(sessions.filter(kind="regional_forum").values_list("region", flat=True))
    assert regions == {"AF", "AS", "AP", "ENA", "LAC"}
    mayors = sessions.get(kind="mayors_forum")
    assert mayors.introduction_en.startswith("Building sustainable learning cities requires")
    assert (mayors.key_question_en, mayors.objective_en) == ("", "")
    # The sources cut the objectives off: only complete sentences are kept, in three languages.
    for session in sessions:
        for code in ("en", "fr", "es"):
            for field in ("title", "introduction", "key_question", "objective"):
                text = getattr(session, f"{field}_{code}")
                assert "…" not in text, (session, field, code)
                assert "..." not in text, (session, field, code)
                if getattr(session, f"{field}_en"):
                    assert text, (session, field, code)


def test_statement_titled_in_three_languages_without_invented_links(seeded):
    statement = ConferenceDocument.objects.get(conference__number=2, kind="statement")
    titles = (statement.title_en, statement.title_fr, statement.title_es)
    assert titles == (
        "Mexico City Statement on Sustainable Learning Cities",
        "Déclaration de Mexico sur les villes apprenantes pérennes",
        "Manifiesto de la Ciudad de México sobre Ciudades del Aprendizaje Sostenibles",
    )
    # The seeds' links are "#": the statement is known by its titles only.
    assert not statement.versions.exists()
    book = ConferenceDocument.objects.get(
        conference__number=2, title_en__startswith="Unlocking the Potential"
    )
    assert book.kind == "publication"
    assert not book.versions.exists()
    winners_2015 = set(City.objects.filter(awards__cycle__year=2015).values_list("pk", flat=True))
    assert len(winners_2015) == 12
    assert set(book.featured_cities.values_list("pk", flat=True)) == winners_2015


def test_second_conference_lists_what_the_seeds_list(seeded):
    titles = list(
        ConferenceDocument.objects.filter(conference__number=2)
        .order_by("order")
        .values_list("title_en", flat=True)
    )
    assert titles == [
        "Mexico City Statement on Sustainable Learning Cities",
        "Unlocking the Potential of Urban Communities: Case Studies of Twelve Learning Cities",
        "UNESCO Learning City Award Concept",
        "GNLC Flyer",
        "Membership of the UNESCO Global Network of Learning Cities",
        "Membership application form",
        "Guiding documents of the network",
        "GNLC video",
    ]


def test_no_two_versions_of_a_document_share_an_address(seeded):
    addresses = list(DocumentVersion.objects.values_list("document", "url"))
    assert len(addresses) == len(set(addresses))
    assert sorted(
        DocumentVersion.objects.values_list("document__conference__number", "language")
    ) == [
        (1, "en"),
        (3, "en"),
        (4, "en"),
    ]


def test_uncertain_titles_stay_in_the_editors_note(seeded):
    yeonsu = ConferenceDocument.objects.get(conference__number=5, kind="declaration")
    assert (yeonsu.title_en, yeonsu.confirmed) == ("Yeonsu Declaration", True)
    assert "UNCERTAIN" in yeonsu.editor_note
    final = ConferenceDocument.objects.get(conference__number=6)
    assert (final.title_en, final.confirmed) == ("Final statement", False)
    assert "not verified" in final.editor_note
    assert not ConferenceDocument.objects.filter(conference__number=7).exists()


def test_speakers_the_facts_name(seeded):
    def names(number):
        return sorted(
            Speaker.objects.filter(sessions__conference__number=number).values_list(
                "name", flat=True
            )
        )

    assert names(1) == ["Irina Bokova", "Liu Yandong", "Wang Anshun"]
    assert names(5) == [
        "Ban Ki-moon",
        "Daniel Quintero",
        "David Nabarro",
        "Park Nam-choon",
        "Stefania Giannini",
        "Yoo Eun-hae",
    ]
    assert names(3) == ["Kabir Shaikh"]
    assert names(4) == ["Iván Duque Márquez"]


def test_seeding_twice_gives_the_same_rows(seeded):
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
