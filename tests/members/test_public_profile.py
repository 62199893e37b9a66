"""The public summary of a city's latest accepted progress report on its profile: only the
answers the city made public, only of an accepted report, numbers in the page's language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members.enums import AnswerKind, ReportState
from tests import world

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
SUBMITTED = datetime.datetime(2021, 11, 2, 9, 0, tzinfo=datetime.UTC)
STRATEGY = "A strategy adopted by the city council in 2020."


def profile(client, slug, language="en"):
    with translation.override(language):
        return client.get(reverse("cities:city-detail", args=[slug])).content.decode()


@pytest.fixture
def cycle():
    cork = world.city("Cork", "IE", member_since=2015)
    world.focal_point(cork)
    espoo = world.city("Espoo", "FI", member_since=2016)
    world.focal_point(espoo)
    return world.open_reporting_cycle(at=OPENED, is_demonstration=True)


def questions(cycle):
    return {q.kind: q for q in cycle.questions.filter(section__optional=False)}


def report_of(cycle, name, state, *, public):
    city = cycle.reports.get(city__name_en=name).city
    return world.progress_report(
        cycle, city, state, by=city.focal_point, staff=world.reviewer(), public=public, at=SUBMITTED
    )


def test_an_accepted_report_shows_only_the_answers_the_city_made_public(client, cycle):
    asked = questions(cycle)
    report_of(cycle, "Cork", ReportState.ACCEPTED, public=[asked[AnswerKind.NUMBER].pk])
    body = profile(client, "cork")
    assert "Latest progress report" in body
    assert "Progress report 2019–2021" in body
    assert "Period covered: April 2019 – September 2021." in body
    assert "Adult learners enrolled" in body
    assert "12,500" in body
    assert "(2021)" in body
    assert STRATEGY not in body
    assert "Did the city hold a learning festival?" not in body


def test_the_demonstration_cycle_is_marked(client, cycle):
    asked = questions(cycle)
    report_of(cycle, "Cork", ReportState.ACCEPTED, public=[asked[AnswerKind.TEXT].pk])
    body = profile(client, "cork")
    assert STRATEGY in body
    assert "A reporting cycle made to show the portal, not a real round of reporting." in body


@pytest.mark.parametrize(("language", "number"), [("fr", "12\u00a0500"), ("es", "12\u00a0500")])
def test_numbers_are_written_in_the_pages_language(client, cycle, language, number):
    asked = questions(cycle)
    report_of(cycle, "Cork", ReportState.ACCEPTED, public=[asked[AnswerKind.NUMBER].pk])
    assert number in profile(client, "cork", language)


@pytest.mark.parametrize(
    "state",
    [
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        ReportState.UNDER_REVIEW,
        ReportState.INFO_REQUESTED,
        ReportState.NOT_ACCEPTED,
    ],
)
def test_a_report_in_any_other_state_shows_nothing(client, cycle, state):
    public = [q.pk for q in questions(cycle).values()]
    report_of(cycle, "Cork", state, public=public)
    body = profile(client, "cork")
    assert "Latest progress report" not in body
    assert STRATEGY not in body
    assert "12,500" not in body


def test_an_accepted_report_with_no_public_answer_shows_nothing(client, cycle):
    report_of(cycle, "Cork", ReportState.ACCEPTED, public=[])
    assert "Latest progress report" not in profile(client, "cork")


def test_another_citys_report_is_not_shown(client, cycle):
    asked = questions(cycle)
    report_of(cycle, "Espoo", ReportState.ACCEPTED, public=[asked[AnswerKind.TEXT].pk])
    assert STRATEGY in profile(client, "espoo")
    assert "Latest progress report" not in profile(client, "cork")


def test_the_latest_accepted_cycle_is_the_one_shown(client, cycle):
    asked = questions(cycle)
    report_of(cycle, "Cork", ReportState.ACCEPTED, public=[asked[AnswerKind.TEXT].pk])
    later = world.open_reporting_cycle(
        at=OPENED,
        title="Progress report 2021–2023",
        period=(datetime.date(2021, 10, 1), datetime.date(2023, 9, 30)),
    )
    later_asked = questions(later)
    report_of(later, "Cork", ReportState.ACCEPTED, public=[later_asked[AnswerKind.NUMBER].pk])
    body = profile(client, "cork")
    assert "Progress report 2021–2023" in body
    assert "12,500" in body
    assert STRATEGY not in body


def test_a_public_choice_is_shown_as_the_page_language_writes_it(client):
    cork = world.city("Cork", "IE", member_since=2015)
    world.focal_point(cork)
    cycle = world.open_reporting_cycle(
        at=OPENED,
        questions=[
            (
                "Themes",
                False,
                "Which theme comes first?",
                AnswerKind.CHOICE,
                {"choices_en": "Literacy\nHealth", "choices_fr": "Alphabétisation\nSanté"},
            )
        ],
    )
    [question] = cycle.questions.all()
    world.progress_report(
        cycle,
        cork,
        ReportState.ACCEPTED,
        by=cork.focal_point,
        staff=world.reviewer(),
        public=[question.pk],
        at=SUBMITTED,
    )
    report = cycle.reports.get(city=cork)
    answer = report.answers.get()
    answer.choice = "Health"
    answer.save()

    french = " ".join(profile(client, "cork", "fr").split())
    assert "<dd> Santé </dd>" in french
    # The question has no French title: shown in English, marked as English.
    assert '<span lang="en">Which theme comes first?</span>' in french
    assert "<dd> Health </dd>" in " ".join(profile(client, "cork").split())
