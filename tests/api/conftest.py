"""Fixtures of the open-data API tests: the `network` of tests/conftest.py grown into a small
public record (translated names, a cluster, a published and an unpublished award cycle, a
conference) and seeded with private data whose values are easy to recognise anywhere."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from awards import services as awards
from awards.enums import AwardApplicationState, CyclePhase
from cities.enums import MembershipStatus
from cities.models import NetworkFigure
from cities.services import applications as membership
from cities.services import change_membership_status, update_city, upsert_cluster
from conferences.enums import DocumentKind, SessionKind
from members.enums import AnswerKind
from members.services import reports as reporting
from tests import world

LANGUAGES = ["en", "fr", "es"]

# Values that exist in the database but must never leave it through the API.
PRIVATE_VALUES = [
    "Fiona Focalpoint",
    "fiona.focal@cork.example",
    "+353 21 999 1234",
    "focal.account@cork.example",
    "applicant.secret@galway.example",
    "Galway-Secret-Motivation",
    "natcom.secret@unesco.ie.example",
    "Secret-Natcom-Note",
    "Secret-Award-Answer",
    "Secret-Screening-Note",
    "juror.secret@jury.example",
    "Secret-Juror-Comment",
    "7.77",
    "Secret-Conflict-Reason",
    "Secret-Status-Note",
    "Secret-Unpublished-Citation",
    "Secret-Editor-Note",
    "Unconfirmedville",
    "Secret-Figure-Note",
    "Secret-Report-Answer",
    "Secret-Unaccepted-Answer",
    "Secret-Extension-Note",
    "Secret-Information-Request",
    "Secret-Draft-Cycle",
    "Secret-Attachment-Name",
    "Secret-Rejection-Reason",
]

# Names of fields that hold private data in the models: no answer has a key of these names.
PRIVATE_KEYS = {
    "focal_point",
    "focal_point_name",
    "focal_point_email",
    "focal_point_phone",
    "email",
    "emails",
    "phone",
    "contact_email",
    "contact_phone",
    "applicant",
    "applications",
    "application",
    "nominations",
    "nomination",
    "motivation",
    "implementation",
    "answers",
    "screening_note",
    "scores",
    "score",
    "comment",
    "juror",
    "jurors",
    "assignments",
    "conflicts",
    "note",
    "notes",
    "status_history",
    "search_text",
    "search_doubled",
    "state",
    "events",
    "pledge",
    "consent_form",
    "score_min",
    "score_max",
    "weight",
    "editor_note",
    "confirmed",
    "checked_on",
    "attachment",
    "attachment_name",
    "extension_note",
    "extended_to",
    "deadline",
    "revision",
    "updated_by",
    "cut_off",
    "reminder_days_before",
    "reminder_days_after",
}


@pytest.fixture(autouse=True)
def _site_address(settings):
    # Links in answers are built on the configured site address; the test client's host.
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def open_data(network):
    """The public record the API publishes, in three languages."""
    cork, mexico = network["cork"], network["mexico"]
    update_city(
        cork,
        name_fr="Cork",
        description_en="A learning city on the river Lee.",
        description_fr="Une ville apprenante sur la Lee.",
        description_es="Una ciudad del aprendizaje a orillas del Lee.",
        mayor_name="Dan Boyle",
        website="https://www.corkcity.ie/",
    )
    upsert_cluster(
        slug="health-and-well-being",
        name_en="Health and well-being",
        name_fr="Santé et bien-être",
        name_es="Salud y bienestar",
    )
    published = world.past_award_cycle(
        2024,
        title_fr="Prix UNESCO de la ville apprenante 2024",
        title_es="Premio UNESCO Ciudad del Aprendizaje 2024",
        conferred_on=datetime.date(2024, 12, 2),
    )
    world.criterion(
        published,
        "Advancement of learning city plan",
        name_fr="Avancement du plan de ville apprenante",
        name_es="Avance del plan de ciudad del aprendizaje",
    )
    world.award(
        published,
        cork,
        citation_en="For learning festivals.",
        citation_fr="Pour ses festivals de l'apprentissage.",
        citation_es="Por sus festivales del aprendizaje.",
    )
    world.award(published, network["gone"], citation_en="History stays.")
    conference = world.conference(
        2,
        title_en="Second International Conference on Learning Cities",
        title_fr="Deuxième Conférence internationale sur les villes apprenantes",
        title_es="Segunda Conferencia Internacional sobre Ciudades del Aprendizaje",
        host=mexico,
        host_name_en="Mexico City",
        country="MX",
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
        participants_en="650",
        award_cycle=published,
    )
    world.session(
        conference,
        SessionKind.PLENARY,
        "Opening",
        title_fr="Ouverture",
        title_es="Apertura",
        order=1,
        speakers=[world.speaker("Arne Carlsen", title_en="Director")],
    )
    document = world.document(
        conference,
        DocumentKind.STATEMENT,
        "Mexico City Statement",
        title_fr="Déclaration de Mexico",
        title_es="Declaración de la Ciudad de México",
        versions={code: f"https://uil.example/statement-{code}.pdf" for code in ("en", "fr")},
    )
    document.featured_cities.add(network["medellin"], network["gone"])
    return {**network, "2024": published, "iclc-2": conference}


@pytest.fixture
def private_data(open_data):
    """Private data of every kind, with the recognisable values of PRIVATE_VALUES, reached
    through the services: a focal point, a suspension, a Commission's notes, a draft
    membership application, and an award application on the jury's table with a score, a
    conflict and a winner recorded before the results are published."""
    cork = open_data["cork"]
    world.focal_point(cork, world.user("focal.account@cork.example"))
    update_city(
        cork,
        focal_point_name="Fiona Focalpoint",
        focal_point_email="fiona.focal@cork.example",
        focal_point_phone="+353 21 999 1234",
        editor_note="Secret-Editor-Note: check the year joined",
        checked_on=datetime.date(2026, 11, 30),
    )
    # Provenance is for staff: an editor's note anywhere, an unconfirmed city and figure.
    upsert_cluster(slug="health-and-well-being", editor_note="Secret-Editor-Note on a cluster")
    world.city("Unconfirmedville", "IE", member_since=2016, confirmed=False)
    NetworkFigure.objects.create(
        members=9999,
        countries=99,
        as_of=datetime.date(2026, 1, 1),
        source_url="https://example.org/unconfirmed",
        confirmed=False,
        editor_note="Secret-Figure-Note",
    )
    change_membership_status(
        open_data["limerick"], status=MembershipStatus.SUSPENDED, note="Secret-Status-Note"
    )
    world.national_commission(
        "IE",
        name="Irish National Commission for UNESCO",
        emails="natcom.secret@unesco.ie.example",
        notes="Secret-Natcom-Note",
    )
    call = world.open_membership_call()
    applicant = world.user("applicant.secret@galway.example")
    application = membership.start_application(applicant=applicant, call=call)
    membership.save_draft(
        application, by=applicant, city_name="Galway", motivation="Galway-Secret-Motivation"
    )

    running = world.award_cycle(
        2026,
        phase=CyclePhase.OPEN,
        criteria=["Vision"],
        opens_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2026, 6, 30, 18)),
    )
    award_application = world.award_application(
        running,
        open_data["espoo"],
        AwardApplicationState.SHORTLISTED,
        answer="Secret-Award-Answer",
        screening_note="Secret-Screening-Note",
    )
    world.advance_to(running, CyclePhase.JURY)
    juror = world.juror("juror.secret@jury.example")
    assignment = world.assign(award_application, juror)
    awards.record_score(
        assignment,
        running.criteria.get(),
        value=Decimal("7.77"),
        comment="Secret-Juror-Comment",
    )
    awards.declare_conflict(assignment, reason="Secret-Conflict-Reason")
    # A winner recorded before the cycle is published is not public yet.
    world.award(running, open_data["espoo"], citation_en="Secret-Unpublished-Citation")
    reporting = private_reports(open_data)
    return {**open_data, "2026": running, "reporting": reporting}


REPORT_QUESTIONS = [
    ("Strategies", False, "Describe your city's lifelong learning strategy.", AnswerKind.TEXT),
    ("Strategies", False, "Adult learners enrolled", AnswerKind.NUMBER),
    ("Activities", False, "Describe an activity.", AnswerKind.TEXT),
    ("Annexes", True, "Attach your strategy.", AnswerKind.ATTACHMENT),
]


def private_reports(open_data):
    """A reporting cycle in which Cork's accepted report made one answer public and kept one
    private and an attachment; Mexico City's report, under review, chose an answer to make
    public; Medellín's was not accepted; Espoo's draft has an extension with a note. And a
    cycle being prepared."""
    world.reporting_cycle(title="Secret-Draft-Cycle")
    cycle = world.open_reporting_cycle(
        title="Progress report 2019–2021",
        cut_off=datetime.date(2030, 12, 31),
        questions=REPORT_QUESTIONS,
    )
    strategy, enrolled, activity, attachment = cycle.questions.order_by("order")
    staff = world.reviewer()
    editor = world.user("report.editor@example.org")

    def answer(city, text, public):
        report = cycle.reports.get(city=city)
        values = {
            strategy.pk: {"text": "Public-Strategy-Answer"},
            enrolled.pk: {"number": Decimal("12500"), "number_year": 2021},
            activity.pk: {"text": text},
            attachment.pk: {
                "attachment": world.pdf_upload("Secret-Attachment-Name.pdf"),
                "attachment_name": "Secret-Attachment-Name.pdf",
            },
        }
        reporting.save_answers(report, by=editor, values=values, revisions={})
        return reporting.submit_report(report, by=editor, public_questions=public)

    everything = [strategy.pk, enrolled.pk, activity.pk, attachment.pk]

    # Cork keeps its activity private (the attachment is never public, asked or not).
    cork = answer(
        open_data["cork"], "Secret-Report-Answer", [strategy.pk, enrolled.pk, attachment.pk]
    )
    cork = reporting.start_review(cork, by=staff)
    reporting.accept_report(cork, by=staff)
    mexico = answer(open_data["mexico"], "Secret-Unaccepted-Answer", everything)
    reporting.request_information(mexico, by=staff, message="Secret-Information-Request")
    medellin = answer(open_data["medellin"], "Secret-Unaccepted-Answer", everything)
    reporting.reject_report(medellin, by=staff, reason="Secret-Rejection-Reason")
    espoo = cycle.reports.get(city=open_data["espoo"])
    reporting.extend_deadline(
        espoo,
        by=staff,
        until=espoo.due_on + datetime.timedelta(days=90),
        note="Secret-Extension-Note",
    )
    return cycle
