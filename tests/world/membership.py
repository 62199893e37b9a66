"""Membership calls and applications in any state, through cities.services.applications."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cities import application_steps
from cities.enums import ApplicationState, CommissionDecision
from cities.models import Cluster, MembershipCall
from cities.services import applications as workflow

from .clock import clock_at
from .people import reviewer

State = ApplicationState

# The smallest file the upload check accepts as a PDF: the signature first, the marker last.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Every answer of the official form, complete (Galway, Ireland), but the pledge (a file: see
# pdf_upload). tests/cities/test_application_steps.py checks it against the form's
# description (cities.application_steps), so a field made required there fails a test by name.
COMPLETE = {
    "city_name": "Galway",
    "country": "IE",
    "website": "https://galway.example",
    "mayor_salutation": "ms",
    "mayor_name": "Doe, Jane",
    "mayor_title": "Mayor of Galway",
    "contact_salutation": "mr",
    "contact_name": "Roe, Rick",
    "contact_title": "Officer",
    "contact_address": "City Hall, College Road",
    "contact_postcode": "H91 X4K8",
    "contact_phone": "+353 91 000000",
    "contact_email": "focal@galway.example",
    "language": "en",
    "population": 85910,
    "population_year": 2022,
    "area_km2": Decimal("54.00"),
    "area_year": 2022,
    "gdp_city": Decimal("50000"),
    "gdp_city_year": 2022,
    "gdp_country": Decimal("90000"),
    "gdp_country_year": 2022,
    "schooling_women": Decimal("13.1"),
    "schooling_women_year": 2021,
    "schooling_men": Decimal("12.8"),
    "schooling_men_year": 2021,
    "motivation": "Galway wants to learn.",
    "implementation": "Through a festival.",
}


def pdf_upload(name="pledge.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def membership_call(*, opens_at, closes_at, commission_deadline=None, **fields):
    """A membership call as staff publish it in the admin (a call is plain data: no service
    writes it). The Commissions' deadline defaults to 30 days after closing; the title to
    "Call 2026"."""
    if "title" not in fields:
        fields.setdefault("title_en", "Call 2026")
    return MembershipCall.objects.create(
        opens_at=opens_at,
        closes_at=closes_at,
        commission_deadline=commission_deadline or closes_at + datetime.timedelta(days=30),
        **fields,
    )


def open_membership_call(*, at=None, **fields):
    """A call open at `at` (default: now, for tests that mean "a call open now"): it opened 10
    days before, closes 20 days after, and the Commissions have until 50 days after."""
    at = at or timezone.now()
    fields.setdefault("commission_deadline", at + datetime.timedelta(days=50))
    return membership_call(
        opens_at=at - datetime.timedelta(days=10),
        closes_at=at + datetime.timedelta(days=20),
        **fields,
    )


def _decide(decision):
    return lambda a, applicant, staff: workflow.record_commission_decision_by_staff(
        a, decision=decision, note="Letter of 3 May", by=staff
    )


_STEPS = {
    "submit": lambda a, applicant, staff: workflow.submit_application(a, by=applicant),
    "endorse": _decide(CommissionDecision.ENDORSE),
    "decline": _decide(CommissionDecision.DECLINE),
    "review": lambda a, applicant, staff: workflow.start_review(a, by=staff),
    "ask": lambda a, applicant, staff: workflow.request_information(
        a, message="Add the budget.", by=staff
    ),
    "approve": lambda a, applicant, staff: workflow.approve_application(a, by=staff),
    "reject": lambda a, applicant, staff: workflow.reject_application(
        a, reason="Too early.", by=staff
    ),
    "withdraw": lambda a, applicant, staff: workflow.withdraw_application(a, by=applicant),
}
_PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.ENDORSED: ["submit", "endorse"],
    State.NOT_ENDORSED: ["submit", "decline"],
    State.UNDER_REVIEW: ["submit", "endorse", "review"],
    State.INFO_REQUESTED: ["submit", "endorse", "review", "ask"],
    State.APPROVED: ["submit", "endorse", "review", "approve"],
    State.REJECTED: ["submit", "endorse", "review", "reject"],
}


def membership_application(
    call,
    state=State.DRAFT,
    *,
    applicant,
    by=None,
    at=None,
    decided_at=None,
    withdrawn_from=State.DRAFT,
    complete=True,
    rating=3,
    **answers,
):
    """An application of `applicant` to `call`, moved to `state` through the workflow's
    verbs, one transition at a time (submit, the Commission's decision as recorded by staff,
    review, request, approval or rejection). A withdrawn application is withdrawn by the
    applicant once it has reached `withdrawn_from` (default: as a draft).

    Complete unless `complete=False` (then a bare draft as "start" leaves it): every answer of
    COMPLETE (`answers` replace some, e.g. city_name=, country=, pledge_name=), a rating of
    every theme of the network, and the pledge. The applicant starts, fills in and submits
    with the clock at `at`; the later steps, by staff (`by`, default world.reviewer()) or the
    applicant's withdrawal, happen with the clock at `decided_at`. Both default to now; `at`
    must fall inside the call."""
    path = _PATHS[withdrawn_from] + ["withdraw"] if state == State.WITHDRAWN else _PATHS[state]
    if path and not complete:
        raise ValueError("Only a complete application can leave the draft state.")
    first = path[:1] if path[:1] == ["submit"] else []
    with clock_at(at):
        application = workflow.start_application(applicant=applicant, call=call)
        if complete:
            _fill_in(application, applicant, rating, answers)
        for step in first:
            _STEPS[step](application, applicant, None)
    with clock_at(decided_at):
        for step in path[len(first) :]:
            _STEPS[step](application, applicant, by or reviewer())
    application.refresh_from_db()
    assert application.state == state, (application.state, state)
    return application


def _fill_in(application, applicant, rating, answers):
    """What the form's seven steps save: the answers and the pledge (save_draft, as the steps
    hand them over), and one rating per theme (save_step, as the challenges step saves them)."""
    answers = {"pledge": pdf_upload(), "pledge_name": "pledge.pdf", **COMPLETE, **answers}
    workflow.save_draft(application, by=applicant, **answers)
    workflow.save_step(
        application,
        application_steps.CHALLENGES,
        by=applicant,
        answers={},
        ratings=dict.fromkeys(Cluster.objects.all(), rating),
    )
