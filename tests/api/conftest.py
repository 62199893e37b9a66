"""Fixtures of the open-data API tests: the `network` of tests/conftest.py grown into a small
public record (translated names, a cluster, a published and an unpublished award cycle, a
conference) and seeded with private data whose values are easy to recognise anywhere."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.enums import CyclePhase
from awards.models import (
    Award,
    AwardApplication,
    AwardCycle,
    ConflictDeclaration,
    Criterion,
    CriterionAnswer,
    JuryAssignment,
    Score,
)
from cities.enums import MembershipStatus
from cities.models import MembershipCall, NationalCommission
from cities.services import applications as membership
from cities.services import change_membership_status, update_city, upsert_cluster
from conferences.enums import DocumentKind, SessionKind
from conferences.models import (
    Conference,
    ConferenceDocument,
    ConferenceSession,
    DocumentVersion,
    Speaker,
)

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
    "state",
    "events",
    "pledge",
    "consent_form",
    "score_min",
    "score_max",
    "weight",
}


@pytest.fixture(autouse=True)
def _site_address(settings):
    # Links in answers are built on the configured site address; the test client's host.
    settings.SITE_URL = "http://testserver"


def make_cycle(year, phase, **fields):
    fields.setdefault("title_en", f"UNESCO Learning City Award {year}")
    cycle = AwardCycle.objects.create(year=year, **fields)
    # The phase is moved by services in real life; history is set directly here.
    AwardCycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


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
    published = make_cycle(
        2024,
        CyclePhase.PUBLISHED,
        title_fr="Prix UNESCO de la ville apprenante 2024",
        title_es="Premio UNESCO Ciudad del Aprendizaje 2024",
        conferred_on=datetime.date(2024, 12, 2),
    )
    Criterion.objects.create(
        cycle=published,
        order=1,
        name_en="Advancement of learning city plan",
        name_fr="Avancement du plan de ville apprenante",
        name_es="Avance del plan de ciudad del aprendizaje",
    )
    Award.objects.create(
        cycle=published,
        city=cork,
        citation_en="For learning festivals.",
        citation_fr="Pour ses festivals de l'apprentissage.",
        citation_es="Por sus festivales del aprendizaje.",
    )
    Award.objects.create(cycle=published, city=network["gone"], citation_en="History stays.")
    conference = Conference.objects.create(
        number=2,
        slug="iclc-2",
        title_en="Second International Conference on Learning Cities",
        title_fr="Deuxième Conférence internationale sur les villes apprenantes",
        title_es="Segunda Conferencia Internacional sobre Ciudades del Aprendizaje",
        host_city=mexico,
        host_name_en="Mexico City",
        country="MX",
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
        participants_en="650",
        award_cycle=published,
    )
    session = ConferenceSession.objects.create(
        conference=conference,
        kind=SessionKind.PLENARY,
        title_en="Opening",
        title_fr="Ouverture",
        title_es="Apertura",
        order=1,
    )
    session.speakers.add(Speaker.objects.create(name="Arne Carlsen", title_en="Director"))
    document = ConferenceDocument.objects.create(
        conference=conference,
        kind=DocumentKind.STATEMENT,
        title_en="Mexico City Statement",
        title_fr="Déclaration de Mexico",
        title_es="Declaración de la Ciudad de México",
    )
    for language in ("en", "fr"):
        DocumentVersion.objects.create(
            document=document,
            language=language,
            url=f"https://uil.example/statement-{language}.pdf",
        )
    document.featured_cities.add(network["medellin"], network["gone"])
    return {**network, "2024": published, "iclc-2": conference}


@pytest.fixture
def private_data(open_data):
    """Private data of every kind, with the recognisable values of PRIVATE_VALUES."""
    users = get_user_model().objects
    cork = open_data["cork"]
    cork.focal_point = users.create_user(
        email="focal.account@cork.example", password="secret-pass-123"
    )
    update_city(
        cork,
        focal_point_name="Fiona Focalpoint",
        focal_point_email="fiona.focal@cork.example",
        focal_point_phone="+353 21 999 1234",
    )
    change_membership_status(
        open_data["limerick"], status=MembershipStatus.SUSPENDED, note="Secret-Status-Note"
    )
    NationalCommission.objects.create(
        country="IE",
        name="Irish National Commission for UNESCO",
        emails="natcom.secret@unesco.ie.example",
        notes="Secret-Natcom-Note",
    )
    now = timezone.now()
    call = MembershipCall.objects.create(
        title_en="Call 2026",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
        commission_deadline=now + datetime.timedelta(days=50),
    )
    applicant = users.create_user(
        email="applicant.secret@galway.example", password="secret-pass-123"
    )
    application = membership.start_application(applicant=applicant, call=call)
    membership.save_draft(
        application, by=applicant, city_name="Galway", motivation="Galway-Secret-Motivation"
    )

    running = make_cycle(2026, CyclePhase.JURY, title_en="UNESCO Learning City Award 2026")
    criterion = Criterion.objects.create(cycle=running, order=1, name_en="Vision")
    award_application = AwardApplication.objects.create(
        cycle=running, city=open_data["espoo"], screening_note="Secret-Screening-Note"
    )
    CriterionAnswer.objects.create(
        application=award_application, criterion=criterion, text="Secret-Award-Answer"
    )
    juror = users.create_user(email="juror.secret@jury.example", password="secret-pass-123")
    assignment = JuryAssignment.objects.create(application=award_application, juror=juror)
    Score.objects.create(
        assignment=assignment,
        criterion=criterion,
        value=Decimal("7.77"),
        comment="Secret-Juror-Comment",
    )
    ConflictDeclaration.objects.create(
        application=award_application,
        juror=juror,
        kind="declared",
        reason="Secret-Conflict-Reason",
    )
    # A winner recorded before the cycle is published is not public yet.
    Award.objects.create(
        cycle=running, city=open_data["espoo"], citation_en="Secret-Unpublished-Citation"
    )
    return {**open_data, "2026": running}
