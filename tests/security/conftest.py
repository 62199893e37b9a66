"""The world the security tests attack: the demo network of `seed_demo` plus one of every
private thing the portal holds (applications in several states, uploaded PDFs, signed links,
jury scores), and one account per role.

The world is built once for this package inside a transaction that is rolled back after its
last test; each test runs in a savepoint inside it (pytest-django's `db`), so tests never see
each other's changes and the other test packages never see the world. Objects of the world
are shared by the tests: read what a test needs fresh from the database.
"""

import datetime
import shutil
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

# `world` is this package's fixture (the seeded world): the builders go by another name here.
from tests import world as builders

PASSWORD = "a-long-test-pass-42"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# The roles of the crawl, in the order of the expectation tables.
ROLES = [
    "anonymous",
    "visitor",
    "focal_a",
    "focal_b",
    "juror",
    "juror_other",
    "staff",
    "secretariat",
    "superuser",
]

# Private values planted in the world, each unique enough to be found in any response.
PRIVATE = {
    "applicant_email": "applicant.a@private.example",
    "applicant_b_email": "applicant.b@private.example",
    "contact_b_email": "contact.b@private.example",
    "focal_point_name": "Fiona Privatefocal",
    "focal_point_email": "fp.city-a@private.example",
    "focal_point_phone": "+00 555 0199 77",
    "commission_email": "natcom@private-commission.example",
    "score_comment": "Private juror remark QX7",
    "motivation": "Private motivation text ZK4",
    "pledge_name": "private-pledge-of-a.pdf",
    "award_answer": "Private award answer PW2",
    "document_title": "Private budget annex RT5",
    "conflict_reason": "Private conflict reason HV8",
}


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _user(email, **fields):
    return builders.user(email, password=PASSWORD, verified=True, **fields)


def build_world():
    """Seed the demo network and add the private things and the role accounts."""
    from awards import services as awards
    from awards.enums import CyclePhase
    from awards.models import AwardApplication, AwardCycle, JuryAssignment
    from cities.enums import ApplicationState
    from cities.models import City, MembershipCall, NationalCommission
    from cities.services import applications as workflow
    from cities.services import update_city

    call_command("seed_demo", demo_accounts=True, stdout=StringIO())
    users = get_user_model().objects
    w = SimpleNamespace(private=PRIVATE)

    # --- People ---------------------------------------------------------------------------
    w.visitor = _user("visitor@crawl.example")
    w.focal_a = _user(PRIVATE["applicant_email"], full_name="Alma Applicant")
    w.focal_b = _user(PRIVATE["applicant_b_email"], full_name="Bert Bapplicant")
    w.juror = users.get(email="juror1@gnlc.example")
    w.juror_writing = users.get(email="juror2@gnlc.example")
    w.juror_other = _user("juror.other@crawl.example", country="NZ")
    w.staff = builders.staff("plain.staff@crawl.example", secretariat=False, password=PASSWORD)
    w.secretariat = builders.staff("secretariat@crawl.example", password=PASSWORD)
    w.superuser = builders.superuser("root@crawl.example", password=PASSWORD, verified=None)
    w.unverified = builders.user("unverified@crawl.example", password=PASSWORD, verified=False)
    w.unverified_address = EmailAddress.objects.get(user=w.unverified)
    w.people = {
        "anonymous": None,
        "visitor": w.visitor,
        "focal_a": w.focal_a,
        "focal_b": w.focal_b,
        "juror": w.juror,
        "juror_other": w.juror_other,
        "staff": w.staff,
        "secretariat": w.secretariat,
        "superuser": w.superuser,
    }

    # --- Two member cities with focal points ----------------------------------------------
    candidates = (
        City.objects.public()
        .filter(member_since__lte=2018, awards__isnull=True)
        .exclude(country__in=["DE", "FI", "GB", "KR", "NZ"])
        .order_by("slug")
    )
    w.city_a = candidates[0]
    w.city_b = candidates.exclude(country=w.city_a.country)[0]
    update_city(
        w.city_a,
        focal_point=w.focal_a,
        focal_point_name=PRIVATE["focal_point_name"],
        focal_point_email=PRIVATE["focal_point_email"],
        focal_point_phone=PRIVATE["focal_point_phone"],
    )
    builders.focal_point(w.city_b, w.focal_b)
    # The demo has Commissions with addresses of its own: these take the private one.
    for country in {w.city_a.country.code, w.city_b.country.code, "IE"}:
        NationalCommission.objects.update_or_create(
            country=country,
            defaults={
                "name": f"National Commission {country}",
                "emails": PRIVATE["commission_email"],
            },
        )

    # --- Membership applications ----------------------------------------------------------
    w.call = MembershipCall.objects.get()
    # The answers of the form, as these tests give them (the rest as tests/world COMPLETE).
    form = {
        "country": "IE",
        "website": "https://example.org",
        "mayor_title": "Mayor",
        "contact_address": "City Hall",
        "contact_postcode": "H91",
    }

    # A's draft: complete, never submitted (its texts are private to A and UIL staff).
    w.membership_a = builders.membership_application(
        w.call,
        applicant=w.focal_a,
        city_name="Galwayan Draftville",
        motivation=PRIVATE["motivation"],
        contact_email=PRIVATE["applicant_email"],
        pledge_name=PRIVATE["pledge_name"],
        **form,
    )
    # A letter of a National Commission that staff attached (private, staff only).
    w.membership_a.commission_letter.save("letter.pdf", ContentFile(PDF), save=True)
    # B's application is with its National Commission, whose link works.
    w.membership_b = builders.membership_application(
        w.call,
        ApplicationState.SUBMITTED,
        applicant=w.focal_b,
        city_name="Corkish Submittedtown",
        motivation="Galway wants to learn.",
        contact_email=PRIVATE["contact_b_email"],
        **form,
    )
    w.commission_invitation, w.commission_token = workflow.invite_commission(w.membership_b)

    # --- An open award cycle: A's application, submitted, with its Commission's link ------
    now = timezone.now()
    w.open_cycle = builders.award_cycle(
        2031,
        phase=CyclePhase.OPEN,
        criteria=[{"name": name, "word_limit": 200} for name in ["Vision", "Action"]],
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=30),
        nominations_per_country=2,
    )
    w.award_a = awards.start_award_application(city=w.city_a, cycle=w.open_cycle, by=w.focal_a)
    awards.save_answers(
        w.award_a,
        answers={c.pk: PRIVATE["award_answer"] for c in w.open_cycle.criteria.all()},
        by=w.focal_a,
    )
    w.document = awards.add_document(
        w.award_a, title=PRIVATE["document_title"], file=pdf(), by=w.focal_a
    )
    awards.set_consent_form(w.award_a, file=pdf("consent.pdf"), by=w.focal_a)
    w.award_a = awards.submit_award_application(w.award_a, by=w.focal_a)
    w.award_a.refresh_from_db()
    w.nomination_invitation, w.nomination_token = awards.invite_national_commission(w.award_a)
    # B's draft in the same cycle (for ids tried by number).
    w.award_b = awards.start_award_application(city=w.city_b, cycle=w.open_cycle, by=w.focal_b)
    w.document_b = awards.add_document(w.award_b, title="B's annex", file=pdf(), by=w.focal_b)

    # --- The demo jury (cycle 2027): a private comment and a private conflict -------------
    w.jury_cycle = AwardCycle.objects.get(year=2027)
    espoo = AwardApplication.objects.get(cycle=w.jury_cycle, city__slug="espoo")
    bristol = AwardApplication.objects.get(cycle=w.jury_cycle, city__slug="bristol")
    w.assignment = JuryAssignment.objects.get(application=espoo, juror=w.juror)
    writing = JuryAssignment.objects.get(application=espoo, juror=w.juror_writing)
    awards.record_score(
        writing,
        w.jury_cycle.criteria.order_by("order")[0],
        value=Decimal(7),
        comment=PRIVATE["score_comment"],
    )
    w.other_assignment = awards.assign_juror(bristol, w.juror_other, by=w.secretariat)
    suwon = AwardApplication.objects.get(cycle=w.jury_cycle, city__slug="suwon")
    conflicted = JuryAssignment.objects.get(application=suwon, juror=w.juror_writing)
    awards.declare_conflict(conflicted, reason=PRIVATE["conflict_reason"])

    # --- A progress report of A in an open reporting cycle, with an attached PDF ----------
    from members.enums import AnswerKind
    from members.models import CityEditor
    from members.services import reports as reporting

    w.reporting_cycle = builders.open_reporting_cycle(
        title="Progress report (crawl)",
        cut_off=datetime.date(w.city_a.member_since, 12, 31),
        cohorts=((None, None, timezone.localdate() + datetime.timedelta(days=60)),),
        questions=[("Documents", False, "The strategy (PDF)", AnswerKind.ATTACHMENT)],
    )
    w.report_a = w.reporting_cycle.reports.get(city=w.city_a)
    w.report_question = w.reporting_cycle.questions.get()
    reporting.save_answers(
        w.report_a,
        by=w.focal_a,
        values={
            w.report_question.pk: {
                "attachment": SimpleUploadedFile("strategy.pdf", PDF, "application/pdf"),
                "attachment_name": "strategy.pdf",
            }
        },
        revisions={},
    )

    # --- The members' area of A: a co-editor, an invitation pending, a profile update ------
    from members.services import editors as member_editors
    from members.services import profiles as member_profiles

    w.co_editor_invitation, w.claim_token = member_editors.invite_co_editor(
        w.city_a, email="colleague.a@crawl.example", by=w.focal_a
    )
    w.co_editor_a = CityEditor.objects.create(
        city=w.city_a, user=_user("coeditor.a@crawl.example"), added_by=w.focal_a
    )
    w.proposal_a = member_profiles.propose_update(
        w.city_a, by=w.focal_a, values={"website": "https://city-a.crawl.example"}
    )

    # --- One row of every model the admin lists, so that each admin URL can be filled ----
    from post_office.models import Attachment, Email, EmailTemplate, Log

    from conferences.models import Speaker

    Speaker.objects.create(name="Sam Speaker", country="MX")
    email = Email.objects.create(
        from_email="GNLC <learningcities@unesco.org>",
        to=["outbox@crawl.example"],
        subject="Crawl",
        message="Hello",
    )
    Log.objects.create(email=email, status=0, message="sent")
    EmailTemplate.objects.create(name="crawl", subject="Crawl", content="Hello")
    attachment = Attachment(name="note.txt")
    attachment.file.save("note.txt", ContentFile(b"note"), save=True)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        access = {"user_agent": "crawler", "ip_address": "192.0.2.1", "http_accept": "*/*"}
        access.update(username="someone@crawl.example", path_info="/en/accounts/login/")
        AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
        AccessFailureLog.objects.create(**access)
        AccessLog.objects.create(**access)
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(w.superuser, generate_totp_secret())
    return w


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The seeded world, built once for the package and rolled back after it."""
    with django_db_blocker.unblock(), own_upload_folders():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def own_upload_folders():
    """Uploads of these tests go to a folder of their own: test runs of other packages
    (pytest-playwright) empty the shared test-results folder when they start."""
    from awards.models import AwardApplication, SupportingDocument
    from cities.models import MembershipApplication

    fields = [
        MembershipApplication._meta.get_field("pledge"),
        MembershipApplication._meta.get_field("commission_letter"),
        AwardApplication._meta.get_field("consent_form"),
        SupportingDocument._meta.get_field("file"),
    ]
    backends = {id(field.storage): field.storage for field in fields}
    backends[id(storages["default"])] = storages["default"]
    root = Path(tempfile.mkdtemp(prefix="gnlc-security-"))
    saved = {}
    for number, storage in enumerate(backends.values()):
        saved[storage] = storage._location
        _relocate(storage, str(root / str(number)))
    try:
        yield root
    finally:
        for storage, location in saved.items():
            _relocate(storage, location)
        shutil.rmtree(root, ignore_errors=True)


def _relocate(storage, location):
    storage._location = location
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture
def as_role(client, world):
    """Log the test client in as a role of the world (or out, for "anonymous")."""

    def login(role):
        client.logout()
        user = world.people[role]
        if user is not None:
            client.force_login(user)
        return client

    return login
