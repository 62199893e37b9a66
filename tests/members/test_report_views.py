"""The progress report's pages for the city's editors: the overview, a section, the
submission, the answer to a request for information and the attachments. Every page for an
editor and its denials; numbers in French and Spanish; the word limit on the server; invalid
input kept; two editors saving at once; attachments checked by content and served privately;
the public answers chosen on submission; the information-request loop."""

import datetime
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.enums import AnswerKind, ReportEventKind, ReportState
from members.models import CityEditor, ReportAnswer
from members.services import reports as reporting
from tests import world

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
# The pages are read on 1 June 2021, in the middle of the cycle (the deadline of the cohort
# admitted up to 2019 is 31 December 2021).
NOW = datetime.datetime(2021, 6, 1, 10, 0, tzinfo=datetime.UTC)

STRATEGY = "Describe your city's lifelong learning strategy."
LEARNERS = "Adult learners enrolled"
FESTIVAL = "Did the city hold a learning festival?"
LEAD = "Who led the festival?"
INITIATIVE = "Describe one initiative."
EVALUATION = "The initiative's evaluation"

QUESTIONS = [
    ("Strategies", False, STRATEGY, AnswerKind.TEXT),
    ("Strategies", False, LEARNERS, AnswerKind.NUMBER),
    ("Activities", False, FESTIVAL, AnswerKind.YES_NO),
    (
        "Activities",
        False,
        LEAD,
        AnswerKind.CHOICE,
        {
            "choices_en": "The city\nA university\nA civil society group",
            "choices_fr": "La ville\nUne université\nUn groupe de la société civile",
            "is_demonstration": True,
        },
    ),
    ("Initiatives", True, INITIATIVE, AnswerKind.TEXT),
    ("Initiatives", True, EVALUATION, AnswerKind.ATTACHMENT, {"required": False}),
]

PDF = world.PDF
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to a /fr/ page leaves French active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def people():
    cork = world.city("Cork", "IE", member_since=2015)
    focal = world.focal_point(cork, full_name="Aoife Murphy")
    coeditor = world.user("coeditor@cork.example", full_name="Brian Walsh")
    CityEditor.objects.create(city=cork, user=coeditor, added_by=focal)
    espoo = world.city("Espoo", "FI", member_since=2016)
    other_focal = world.focal_point(espoo)
    other_coeditor = world.user("coeditor@espoo.example")
    CityEditor.objects.create(city=espoo, user=other_coeditor, added_by=other_focal)
    return {
        "cork": cork,
        "espoo": espoo,
        "focal": focal,
        "coeditor": coeditor,
        "other_focal": other_focal,
        "other_coeditor": other_coeditor,
        "stranger": world.user("someone@example.org"),  # signed in, no role
        "staff_plain": world.staff("plain@uil.example", secretariat=False),
        "secretariat": world.staff("secretariat@uil.example"),
        "superuser": world.superuser("admin@uil.example"),
    }


@pytest.fixture
def cycle(people):
    return world.open_reporting_cycle(at=OPENED, questions=QUESTIONS, is_demonstration=True)


@pytest.fixture
def report(cycle, people):
    return cycle.reports.get(city=people["cork"])


def question(cycle, title):
    return cycle.questions.get(title_en=title)


def section_url(report, title, language="en"):
    section = report.cycle.sections.get(title_en=title)
    with translation.override(language):
        return reverse("members:report-section", args=[report.pk, section.pk])


def url(name, report, *args, language="en"):
    with translation.override(language):
        return reverse(f"members:{name}", args=[report.pk, *args])


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def text(response):
    """The page's text with its entities read and its white space collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(response.content.decode()))


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def hidden_fields(response):
    """The hidden inputs of a page (the revisions and fingerprints of a section's answers)."""
    parser = _Hidden()
    parser.feed(response.content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def answer(report, title):
    return ReportAnswer.objects.filter(report=report, question__title_en=title).first()


def strategy_data(report, text, *, revision=None, **more):
    """The POST of the "Strategies" section: the text and the number, with their revisions."""
    cycle = report.cycle
    text_q, number_q = question(cycle, STRATEGY), question(cycle, LEARNERS)
    revisions = {
        q.pk: (a.revision if (a := answer(report, q.title_en)) else 0) for q in (text_q, number_q)
    }
    data = {
        f"q{text_q.pk}": text,
        f"q{text_q.pk}_revision": revisions[text_q.pk] if revision is None else revision,
        f"q{number_q.pk}": "",
        f"q{number_q.pk}_year": "",
        f"q{number_q.pk}_revision": revisions[number_q.pk],
        "stay": "1",
    }
    data.update(more)
    return data


def attach(report, people, content=PDF, name="Evaluation 2021.pdf"):
    evaluation = question(report.cycle, EVALUATION)
    client = client_for(Client(), people["focal"])
    return client.post(
        section_url(report, "Initiatives"),
        {
            f"q{evaluation.pk}": SimpleUploadedFile(name, content, "application/pdf"),
            f"q{evaluation.pk}_revision": 0,
            f"q{question(report.cycle, INITIATIVE).pk}_revision": 0,
            "stay": "1",
        },
    )


# --- Who may see what ------------------------------------------------------------------------

EDITORS = ("focal", "coeditor")
DENIED = ("other_focal", "other_coeditor", "staff_plain", "stranger")
READERS = ("secretariat", "superuser")


@pytest.mark.parametrize("role", EDITORS)
def test_the_citys_editors_see_every_page_of_their_report(client, people, report, role):
    attach(report, people)
    client_for(client, people[role])
    evaluation = question(report.cycle, EVALUATION)
    assert client.get(url("report-detail", report)).status_code == 200
    for title in ("Strategies", "Activities", "Initiatives"):
        assert client.get(section_url(report, title)).status_code == 200
    assert client.get(url("report-submit", report)).status_code == 200
    download = client.get(url("report-attachment", report, evaluation.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == PDF
    # The answer form is on the overview only while UIL waits for an answer.
    response = client.get(url("report-answer", report))
    assert response.status_code == 302
    assert response["Location"] == url("report-detail", report)


@pytest.mark.parametrize("role", DENIED)
def test_everyone_else_gets_a_404_and_nothing_is_saved(client, people, report, role):
    attach(report, people)
    client_for(client, people[role])
    text_q = question(report.cycle, STRATEGY)
    evaluation = question(report.cycle, EVALUATION)
    pages = [
        url("report-detail", report),
        section_url(report, "Strategies"),
        url("report-submit", report),
        url("report-answer", report),
        url("report-attachment", report, evaluation.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 404, page
    response = client.post(section_url(report, "Strategies"), strategy_data(report, "Hacked"))
    assert response.status_code == 404
    assert client.post(url("report-submit", report), {}).status_code == 404
    assert not ReportAnswer.objects.filter(question=text_q).exists()


def test_a_visitor_is_sent_to_sign_in(client, report):
    evaluation = question(report.cycle, EVALUATION)
    for page in (
        url("report-detail", report),
        section_url(report, "Strategies"),
        url("report-submit", report),
        url("report-answer", report),
        url("report-attachment", report, evaluation.pk),
    ):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('account_login')}?next=")


def test_an_unknown_report_or_section_is_a_404(client, people, report):
    client_for(client, people["focal"])
    assert client.get(reverse("members:report-detail", args=[report.pk + 999])).status_code == 404
    missing_section = reverse("members:report-section", args=[report.pk, 999999])
    assert client.get(missing_section).status_code == 404
    other = world.reporting_cycle(title="Another cycle")
    foreign = reverse("members:report-section", args=[report.pk, other.sections.first().pk])
    assert client.get(foreign).status_code == 404


@pytest.mark.parametrize("role", READERS)
def test_the_secretariat_reads_the_report_but_changes_nothing(client, people, report, role):
    attach(report, people)
    client_for(client, people[role])
    evaluation = question(report.cycle, EVALUATION)

    overview = client.get(url("report-detail", report))
    assert overview.status_code == 200
    assert "only the city's focal point and co-editors can change it" in (text(overview))
    assert reverse("admin:members_progressreport_change", args=[report.pk]) in text(overview)
    assert client.get(url("report-attachment", report, evaluation.pk)).status_code == 200

    for page in (section_url(report, "Strategies"), url("report-submit", report)):
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0] == url("report-detail", report)
        assert "Only the city's focal point and co-editors can" in text(response)
    response = client.post(section_url(report, "Strategies"), strategy_data(report, "Staff text"))
    assert response.status_code == 302
    assert answer(report, STRATEGY) is None
    response = client.post(url("report-submit", report), {})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


# --- The overview ----------------------------------------------------------------------------


def test_the_overview_shows_the_cycle_deadline_progress_and_what_is_missing(client, people, report):
    reporting.save_answers(
        report,
        by=people["coeditor"],
        values={question(report.cycle, STRATEGY).pk: {"text": "A strategy since 2020."}},
        revisions={},
    )
    client_for(client, people["focal"])
    page = text(client.get(url("report-detail", report)))

    assert "Progress report 2019–2021" in page
    assert "Demonstration" in page
    assert "1 April 2019 to 30 September 2021" in page
    assert "31 December 2021, end of the day (Europe/Berlin)" in page
    assert "1 of 2 answered" in page  # Strategies
    assert "0 of 2 answered" in page  # Activities
    assert "What is missing: 3 items" in page
    learners = question(report.cycle, LEARNERS)
    assert f"{section_url(report, 'Strategies')}#question-{learners.pk}" in page
    assert "The city was invited to report (deadline 2021-12-31)." in page
    assert "Demonstration question" in page
    assert "Review and submit" in page


def test_the_overview_shows_an_extension_and_hides_internal_events(client, people, report):
    reporting.extend_deadline(
        report,
        by=people["secretariat"],
        until=datetime.date(2022, 2, 28),
        note="The city council was re-elected.",
    )
    reporting.send_reminder_now(report, by=people["secretariat"])
    client_for(client, people["focal"])
    page = text(client.get(url("report-detail", report)))

    assert "28 February 2022, end of the day (Europe/Berlin)" in page
    assert "Extended by UIL; the deadline was 31 December 2021." in page
    assert "The city council was re-elected." in page
    assert "A reminder was sent" not in page


def test_an_overdue_report_says_so_from_midnight_in_the_cycles_time_zone(client, people, report):
    # 31 December 2021, 23:59:59 in Berlin (UTC+1): still in time.
    with time_machine.travel(datetime.datetime(2021, 12, 31, 22, 59, 59, tzinfo=datetime.UTC)):
        client.force_login(people["focal"])
        page = text(client.get(url("report-detail", report)))
    assert "The deadline has passed" not in page
    # Midnight in Berlin, 23:00 on 31 December in UTC: overdue.
    with time_machine.travel(datetime.datetime(2021, 12, 31, 23, 0, 0, tzinfo=datetime.UTC)):
        client.force_login(people["focal"])
        page = text(client.get(url("report-detail", report)))
    assert "The deadline has passed: the report is overdue." in page


# --- A section: saving -----------------------------------------------------------------------


def test_save_and_continue_goes_to_the_next_section_then_to_submission(client, people, report):
    client_for(client, people["focal"])
    data = strategy_data(report, "A strategy adopted in 2020.")
    del data["stay"]
    response = client.post(section_url(report, "Strategies"), data)
    assert response.status_code == 302
    assert response["Location"] == section_url(report, "Activities")
    assert answer(report, STRATEGY).text == "A strategy adopted in 2020."
    assert answer(report, STRATEGY).updated_by == people["focal"]

    initiative = question(report.cycle, INITIATIVE)
    response = client.post(
        section_url(report, "Initiatives"), {f"q{initiative.pk}": "", "continue": ""}
    )
    assert response["Location"] == url("report-submit", report)


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("fr", "12 500,5", Decimal("12500.5")),
        ("fr", "12\u202f500,5", Decimal("12500.5")),
        ("es", "12.500,5", Decimal("12500.5")),
        ("en", "12,500.5", Decimal("12500.5")),
    ],
)
def test_numbers_are_read_in_the_pages_language(client, people, report, language, typed, value):
    client_for(client, people["focal"])
    learners = question(report.cycle, LEARNERS)
    data = strategy_data(report, "")
    data[f"q{learners.pk}"] = typed
    data[f"q{learners.pk}_year"] = "2020"
    response = client.post(section_url(report, "Strategies", language), data)
    assert response.status_code == 302, text(response)[:3000]
    saved = answer(report, LEARNERS)
    assert (saved.number, saved.number_year) == (value, 2020)

    page = text(client.get(section_url(report, "Strategies", language)))
    # Django's French and Spanish formats group thousands with a no-break space.
    shown = {"fr": "12\xa0500,5", "es": "12\xa0500,5", "en": "12,500.5"}[language]
    assert f'value="{shown}"' in page


def test_the_word_limit_is_enforced_on_the_server_and_the_text_is_kept(client, people, report):
    client_for(client, people["focal"])
    learners = question(report.cycle, LEARNERS)
    long_text = " ".join(["word"] * 51)
    data = strategy_data(report, long_text)
    data[f"q{learners.pk}"] = "300"
    data[f"q{learners.pk}_year"] = "2021"

    response = client.post(section_url(report, "Strategies"), data)

    assert response.status_code == 200
    page = text(response)
    assert "Shorten this text to 50 words (now 51)." in page
    # The error summary: the question's own full stop does not stand before the colon.
    assert "Describe your city's lifelong learning strategy: Shorten this text" in page
    assert long_text in page  # what was typed is still in the field
    assert f"Your report has been saved, except 1 answer that needs correcting: {STRATEGY}" in page
    assert 'data-word-limit="50"' in page
    assert 'data-unsaved="true"' in page
    assert answer(report, STRATEGY) is None
    assert answer(report, LEARNERS).number == Decimal("300")


def test_invalid_input_is_shown_again_as_typed_and_nothing_else_is_lost(client, people, report):
    client_for(client, people["focal"])
    learners = question(report.cycle, LEARNERS)
    data = strategy_data(report, "")
    data[f"q{learners.pk}"] = "twelve"
    data[f"q{learners.pk}_year"] = "2099"

    response = client.post(section_url(report, "Strategies"), data)

    page = text(response)
    assert response.status_code == 200
    assert 'value="twelve"' in page
    assert 'value="2099"' in page
    assert "Enter a number, for example 1,234.5." in page
    assert "The data year cannot be in the future: enter 2021 or earlier." in page
    assert "Nothing has been saved: 2 answers need correcting" in page
    assert answer(report, LEARNERS) is None


def test_yes_no_and_a_choice_are_saved_and_the_choice_is_shown_in_the_pages_language(
    client, people, report
):
    client_for(client, people["focal"])
    festival, lead = question(report.cycle, FESTIVAL), question(report.cycle, LEAD)
    page = text(client.get(section_url(report, "Activities", "fr")))
    assert "Une université" in page
    assert 'value="A university"' in page

    response = client.post(
        section_url(report, "Activities", "fr"),
        {
            f"q{festival.pk}": "yes",
            f"q{festival.pk}_revision": 0,
            f"q{lead.pk}": "A university",
            f"q{lead.pk}_revision": 0,
            "stay": "1",
        },
    )
    assert response.status_code == 302
    assert answer(report, FESTIVAL).yes_no is True
    assert answer(report, LEAD).choice == "A university"
    overview = text(client.get(url("report-detail", report, language="fr")))
    assert "Une université" in overview

    response = client.post(
        section_url(report, "Activities"),
        {f"q{lead.pk}": "Someone else", f"q{lead.pk}_revision": 1, "stay": "1"},
    )
    assert response.status_code == 200
    assert answer(report, LEAD).choice == "A university"


def test_two_editors_saving_at_once_do_not_overwrite_each_other(client, people, report):
    """The focal point loads the section; the co-editor saves the same answer; the focal
    point saves: their text is not saved, the co-editor's is shown, and theirs stays in the
    field. Saving again (having seen it) replaces it."""
    focal_client = client_for(client, people["focal"])
    loaded = strategy_data(report, "The focal point's text.")  # revision 0

    other = client_for(Client(), people["coeditor"])
    assert (
        other.post(
            section_url(report, "Strategies"), strategy_data(report, "The co-editor's text.")
        ).status_code
        == 302
    )

    response = focal_client.post(section_url(report, "Strategies"), loaded)

    page = text(response)
    assert response.status_code == 200
    assert "The co-editor's text." in page  # theirs, shown
    assert "The focal point's text.</textarea>" in page  # mine, kept in the field
    assert "Brian Walsh saved this answer on" in page
    assert "Your answer has not been saved: someone else saved it while you were editing" in page
    assert answer(report, STRATEGY).text == "The co-editor's text."

    # The page now carries the stored revision: saving again replaces theirs.
    text_q = question(report.cycle, STRATEGY)
    revision = re.search(rf'name="q{text_q.pk}_revision" value="(\d+)"', page).group(1)
    assert revision == "1"
    again = dict(loaded, **{f"q{text_q.pk}_revision": revision})
    assert focal_client.post(section_url(report, "Strategies"), again).status_code == 302
    assert answer(report, STRATEGY).text == "The focal point's text."
    assert answer(report, STRATEGY).revision == 2


def test_an_answer_left_as_it_was_does_not_overwrite_another_editors(client, people, report):
    """Two editors on different questions of one section: the focal point's page still shows
    the number the co-editor has since changed; saving the text does not put the old number
    back, nor calls it a conflict, and the page shows the co-editor's number."""
    text_q, learners = question(report.cycle, STRATEGY), question(report.cycle, LEARNERS)
    reporting.save_answers(
        report,
        by=people["focal"],
        values={learners.pk: {"number": Decimal("100"), "number_year": 2020}},
        revisions={},
    )
    client_for(client, people["focal"])
    loaded = client.get(section_url(report, "Strategies"))
    posted = {
        **hidden_fields(loaded),
        f"q{text_q.pk}": "Only the text changes.",
        f"q{learners.pk}": "100",
        f"q{learners.pk}_year": "2020",
        "stay": "1",
    }
    reporting.save_answers(
        report,
        by=people["coeditor"],
        values={learners.pk: {"number": Decimal("250"), "number_year": 2021}},
        revisions={learners.pk: 1},
    )

    response = client.post(section_url(report, "Strategies"), posted)

    assert response.status_code == 302
    assert answer(report, STRATEGY).text == "Only the text changes."
    assert (answer(report, LEARNERS).number, answer(report, LEARNERS).number_year) == (
        Decimal("250"),
        2021,
    )
    page = text(client.get(section_url(report, "Strategies")))
    assert 'value="250"' in page


def test_an_untouched_answer_shown_again_after_an_error_is_the_stored_one(client, people, report):
    text_q, learners = question(report.cycle, STRATEGY), question(report.cycle, LEARNERS)
    client_for(client, people["focal"])
    loaded = client.get(section_url(report, "Strategies"))
    reporting.save_answers(
        report, by=people["coeditor"], values={text_q.pk: {"text": "Theirs."}}, revisions={}
    )
    posted = {
        **hidden_fields(loaded),
        f"q{text_q.pk}": "",
        f"q{learners.pk}": "many",
        f"q{learners.pk}_year": "",
        "stay": "1",
    }

    page = text(client.post(section_url(report, "Strategies"), posted))

    assert "Theirs.</textarea>" in page  # the stored text, not the empty one the page had
    assert 'value="many"' in page
    assert "someone else saved" not in page
    assert answer(report, STRATEGY).text == "Theirs."


def test_an_invalid_save_keeps_the_saved_answers_revision_for_the_next_save(client, people, report):
    """A section saved in part and shown again carries the new revisions: saving it again
    (the error corrected) is no conflict with oneself."""
    client_for(client, people["focal"])
    learners = question(report.cycle, LEARNERS)
    data = strategy_data(report, "First version.")
    data[f"q{learners.pk}"] = "lots"
    page = text(client.post(section_url(report, "Strategies"), data))
    assert answer(report, STRATEGY).text == "First version."

    text_q = question(report.cycle, STRATEGY)
    revision = re.search(rf'name="q{text_q.pk}_revision" value="(\d+)"', page).group(1)
    data.update({f"q{text_q.pk}": "Second version.", f"q{text_q.pk}_revision": revision})
    data[f"q{learners.pk}"] = "40"
    response = client.post(section_url(report, "Strategies"), data)
    assert response.status_code == 302
    assert answer(report, STRATEGY).text == "Second version."
    assert answer(report, LEARNERS).number == Decimal("40")


# --- Attachments -----------------------------------------------------------------------------


def test_an_attachment_is_checked_by_its_content(client, people, report):
    response = attach(report, people, content=HTML, name="evaluation.pdf")
    assert response.status_code == 200
    assert "This file is not a PDF document." in text(response)
    assert answer(report, EVALUATION) is None

    response = attach(report, people)
    assert response.status_code == 302
    saved = answer(report, EVALUATION)
    assert saved.attachment_name == "Evaluation 2021.pdf"
    assert saved.attachment.name.startswith("reports/")
    assert "Evaluation" not in saved.attachment.name  # a random name
    # The private storage (compared by what it is: another test may have made a new instance).
    assert saved.attachment.storage.base_url == storages["private"].base_url
    assert saved.attachment.storage.exists(saved.attachment.name)
    assert str(settings.MEDIA_ROOT) not in str(saved.attachment.storage.location)


def test_an_attachment_can_be_removed(client, people, report):
    attach(report, people)
    evaluation = question(report.cycle, EVALUATION)
    client_for(client, people["focal"])
    page = text(client.get(section_url(report, "Initiatives")))
    assert "Remove the attached file" in page
    response = client.post(
        section_url(report, "Initiatives"),
        {
            f"q{evaluation.pk}_remove": "on",
            f"q{evaluation.pk}_revision": answer(report, EVALUATION).revision,
            "stay": "1",
        },
    )
    assert response.status_code == 302
    assert not answer(report, EVALUATION).attachment
    assert client.get(url("report-attachment", report, evaluation.pk)).status_code == 404
    assert "Remove the attached file" not in text(client.get(section_url(report, "Initiatives")))


def test_an_attachment_is_served_only_to_editors_and_the_secretariat(client, people, report):
    attach(report, people)
    evaluation = question(report.cycle, EVALUATION)
    address = url("report-attachment", report, evaluation.pk)
    page = text(client_for(client, people["focal"]).get(url("report-detail", report)))
    assert address in page
    assert "/media/" not in page
    for role, status in [
        ("coeditor", 200),
        ("secretariat", 200),
        ("other_focal", 404),
        ("staff_plain", 404),
    ]:
        client.force_login(people[role])
        assert client.get(address).status_code == status, role
    client.logout()
    assert client.get(address).status_code == 302
    # A question without a file is a 404.
    client.force_login(people["focal"])
    text_q = question(report.cycle, STRATEGY)
    assert client.get(url("report-attachment", report, text_q.pk)).status_code == 404


# --- Submission ------------------------------------------------------------------------------


def test_submitting_an_incomplete_report_lists_every_gap(client, people, report):
    client_for(client, people["focal"])
    page = text(client.get(url("report-submit", report)))
    assert "What is missing: 4 items" in page
    assert "Submit the report to UIL" not in page
    learners = question(report.cycle, LEARNERS)
    assert f"#question-{learners.pk}" in page

    response = client.post(url("report-submit", report), {})

    assert response.status_code == 400
    page = text(response)
    assert "The report is not complete yet: answer the questions listed below." in page
    assert "What is missing: 4 items" in page
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_the_city_chooses_its_public_answers_on_submission(
    client, people, report, django_capture_on_commit_callbacks
):
    world.complete_answers(report, by=people["focal"])
    # The optional section, started with an attachment, is answered in full.
    attach(report, people)
    reporting.save_answers(
        report,
        by=people["focal"],
        values={question(report.cycle, INITIATIVE).pk: {"text": "Learning festivals."}},
        revisions={},
    )
    client_for(client, people["coeditor"])
    text_q, learners = question(report.cycle, STRATEGY), question(report.cycle, LEARNERS)
    evaluation = question(report.cycle, EVALUATION)
    page = text(client.get(url("report-submit", report)))
    assert "appear on your city's public profile once UIL accepts the report" in page
    assert f'value="{text_q.pk}"' in page
    assert f'value="{evaluation.pk}"' not in page  # attachments are never public
    # Each box with the answer it would publish, as the profile would show it.
    assert "A strategy adopted by the city council in 2020." in page
    assert "12,500 (data year 2021)" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("report-submit", report), {"public": [text_q.pk, learners.pk]})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    public = set(report.answers.filter(is_public=True).values_list("question__title_en", flat=True))
    assert public == {STRATEGY, LEARNERS}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "focal@cork.example" in recipients
    assert "coeditor@cork.example" in recipients
    page = text(client.get(url("report-detail", report)))
    assert "Your report has been submitted to UIL." in page
    assert "public once accepted" in page

    # Submitted: no more editing, with a true message.
    response = client.get(section_url(report, "Strategies"), follow=True)
    assert "This report has been submitted and can no longer be changed." in (text(response))
    response = client.get(url("report-submit", report), follow=True)
    assert "This report has already been submitted." in text(response)


def test_a_choice_of_public_answers_that_is_not_offered_is_refused(client, people, report):
    world.complete_answers(report, by=people["focal"])
    client_for(client, people["focal"])
    evaluation = question(report.cycle, EVALUATION)
    response = client.post(url("report-submit", report), {"public": [evaluation.pk]})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


# --- The request for information -------------------------------------------------------------


def test_the_city_answers_a_request_for_information(
    client, people, cycle, django_capture_on_commit_callbacks
):
    report = world.progress_report(
        cycle,
        people["cork"],
        ReportState.INFO_REQUESTED,
        by=people["focal"],
        staff=people["secretariat"],
    )
    client_for(client, people["coeditor"])
    page = text(client.get(url("report-detail", report)))
    assert "UIL asks for more information" in page
    assert "Please add the figures for 2021." in page
    assert "Send back for review" in page

    # The answers can be changed while UIL waits.
    learners = question(cycle, LEARNERS)
    data = strategy_data(report, answer(report, STRATEGY).text)
    data[f"q{learners.pk}"] = "14000"
    data[f"q{learners.pk}_year"] = "2021"
    assert client.post(section_url(report, "Strategies"), data).status_code == 302
    assert answer(report, LEARNERS).number == Decimal("14000")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("report-answer", report), {"note": "Figures for 2021 added."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.UNDER_REVIEW
    event = report.events.order_by("-created_at", "-pk").first()
    assert (event.kind, event.note, event.actor) == (
        ReportEventKind.ANSWERED,
        "Figures for 2021 added.",
        people["coeditor"],
    )
    assert len(mail.outbox) == 1  # to UIL

    page = text(client.get(url("report-detail", report)))
    assert "sent back to the GNLC Coordination Team for review" in page
    assert "Send back for review" not in page
    response = client.post(url("report-answer", report), {"note": "Again"}, follow=True)
    assert "No request for information is waiting for your answer." in text(response)


def test_an_incomplete_answer_to_a_request_is_refused(client, people, cycle):
    report = world.progress_report(
        cycle,
        people["cork"],
        ReportState.INFO_REQUESTED,
        by=people["focal"],
        staff=people["secretariat"],
    )
    reporting.save_answers(
        report,
        by=people["focal"],
        values={question(cycle, STRATEGY).pk: {"text": ""}},
        revisions={question(cycle, STRATEGY).pk: answer(report, STRATEGY).revision},
    )
    client_for(client, people["focal"])
    response = client.post(url("report-answer", report), {"note": "Done."})
    assert response.status_code == 400
    assert "The report has not been sent back: it is not complete." in text(response)
    report.refresh_from_db()
    assert report.state == ReportState.INFO_REQUESTED


def test_a_too_long_note_is_refused_and_kept(client, people, cycle):
    report = world.progress_report(
        cycle,
        people["cork"],
        ReportState.INFO_REQUESTED,
        by=people["focal"],
        staff=people["secretariat"],
    )
    client_for(client, people["focal"])
    note = "x" * 4001
    response = client.post(url("report-answer", report), {"note": note})
    assert response.status_code == 400
    assert note in text(response)
    report.refresh_from_db()
    assert report.state == ReportState.INFO_REQUESTED


def test_the_pages_queries_do_not_grow_with_the_answers(client, people, report):
    client_for(client, people["focal"])
    pages = [
        url("report-detail", report),
        section_url(report, "Activities"),
        url("report-submit", report),
    ]

    def counts():
        result = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            result.append(len(queries))
        return result

    reporting.save_answers(
        report,
        by=people["focal"],
        values={question(report.cycle, STRATEGY).pk: {"text": "One answer."}},
        revisions={},
    )
    few = counts()
    world.complete_answers(report, by=people["coeditor"])
    attach(report, people)
    assert counts() == few


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_pages_work_in_french_and_spanish(client, people, report, language):
    client_for(client, people["focal"])
    for page in (
        url("report-detail", report, language=language),
        section_url(report, "Strategies", language),
        url("report-submit", report, language=language),
    ):
        response = client.get(page)
        assert response.status_code == 200
        assert f'lang="{language}"' in text(response)


def test_saving_a_section_is_rate_limited(client, people, report, settings):
    settings.FORM_RATE_LIMITS = {**settings.FORM_RATE_LIMITS, "report-save": "1/h"}
    client_for(client, people["focal"])
    first = client.post(section_url(report, "Strategies"), strategy_data(report, "First."))
    assert first.status_code == 302
    second = client.post(section_url(report, "Strategies"), strategy_data(report, "Second."))
    assert second.status_code == 429
    assert answer(report, STRATEGY).text == "First."
