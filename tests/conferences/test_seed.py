"""seed_demo builds the conference archive: seven editions, the 2nd one complete from the
seeds, host cities and award cycles linked, and nothing new on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from cities.models import City
from conferences.models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion

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
    assert (planned.number, planned.slug, planned.dates_text_en) == (7, "iclc-7-2027", "June 2027")
    assert planned.host_city is None
    assert planned.starts_on is None
    # The theme rests on secondary sources only: not stated as a fact.
    assert planned.theme_en == ""
    assert planned.summary_en.startswith("Announced by secondary sources, not yet confirmed by UIL")


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


def test_iclc6_dates_per_uil_and_iclc5_figures_conflict(seeded):
    sixth = Conference.objects.get(number=6)
    assert (str(sixth.starts_on), str(sixth.ends_on)) == ("2024-12-03", "2024-12-05")
    assert "2 December" in sixth.summary_en
    fifth = Conference.objects.get(number=5)
    assert fifth.participants_en == "figures differ by source"
    assert "1,000" in fifth.figures_note_en
    assert "1500" in fifth.figures_note_en


def test_second_conference_figures_and_contact(seeded):
    second = Conference.objects.get(number=2)
    assert second.slug == "iclc-2-mexico-city-2015"
    assert second.participants_en == "Over 650"
    assert second.countries_en == "95"
    assert second.speakers_figure_en == "64 speakers from 36 countries"
    assert second.media_en.startswith("80 contributions in TV, radio, newspapers, social media")
    assert "over 1,400 posts" in second.figures_note_en
    assert second.hashtags == "#Learningcities2015 #Learningcities"
    assert second.website == "http://www.learningcities2015.org"
    assert "learningcities@unesco.org" in second.contact_en
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
    assert mayors.key_question_en.startswith("Building sustainable learning cities requires")
    assert mayors.objective_en.endswith("…")


def test_statement_in_three_languages_and_the_book(seeded):
    statement = ConferenceDocument.objects.get(conference__number=2, kind="statement")
    titles = dict(statement.versions.values_list("language", "title"))
    assert titles == {
        "en": "Mexico City Statement on Sustainable Learning Cities",
        "fr": "Déclaration de Mexico sur les villes apprenantes pérennes",
        "es": "Manifiesto de la Ciudad de México sobre Ciudades del Aprendizaje Sostenibles",
    }
    assert all(v.href.startswith("https://uil.unesco.org/") for v in statement.versions.all())
    book = ConferenceDocument.objects.get(
        conference__number=2, title_en__startswith="Unlocking the Potential"
    )
    assert book.kind == "publication"
    assert set(book.versions.values_list("language", flat=True)) == {"en", "es"}
    winners_2015 = set(City.objects.filter(awards__cycle__year=2015).values_list("pk", flat=True))
    assert len(winners_2015) == 12
    assert set(book.featured_cities.values_list("pk", flat=True)) == winners_2015


def test_uncertain_outcome_titles_are_labelled(seeded):
    assert ConferenceDocument.objects.get(conference__number=5).title_en.endswith(
        "(title not confirmed)"
    )
    assert ConferenceDocument.objects.get(conference__number=6).title_en.endswith(
        "(title not verified)"
    )
    assert not ConferenceDocument.objects.filter(conference__number=7).exists()


def test_seeding_twice_gives_the_same_rows(seeded):
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
