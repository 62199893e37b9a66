"""Fixtures for membership applications: a call, themes, an applicant, and applications in
any state, reached through the real services."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cities.enums import ApplicationState, CommissionDecision
from cities.models import ChallengeRating, Cluster, MembershipCall, NationalCommission
from cities.services import applications as workflow

State = ApplicationState
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def call(db):
    now = timezone.now()
    return MembershipCall.objects.create(
        title_en="Call 2026",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
        commission_deadline=now + datetime.timedelta(days=50),
        quota_per_country=2,
    )


@pytest.fixture
def commission(db):
    return NationalCommission.objects.create(
        country="IE",
        name="Irish National Commission for UNESCO",
        emails="natcom@unesco.ie.example\nsecretary@unesco.ie.example",
    )


@pytest.fixture
def themes(db):
    return [
        Cluster.objects.create(slug="literacy", name_en="Literacy"),
        Cluster.objects.create(slug="health", name_en="Health and well-being"),
    ]


@pytest.fixture
def applicant(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        email="focal@galway.example", password="a-long-pass-42", language="fr"
    )


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


@pytest.fixture
def make_application(call, themes, applicant):
    """A complete application, in the state asked, reached through the real services."""

    def make(state=State.DRAFT, *, user=None, city_name="Galway", country="IE"):
        user = user or applicant
        application = workflow.start_application(applicant=user, call=call)
        workflow.save_draft(
            application, by=user, **{**COMPLETE, "city_name": city_name, "country": country}
        )
        for theme in themes:
            ChallengeRating.objects.create(application=application, theme=theme, rating=3)
        application.pledge.save("pledge.pdf", ContentFile(PDF), save=True)
        staff = staff_reviewer()
        path = {
            State.DRAFT: [],
            State.SUBMITTED: ["submit"],
            State.ENDORSED: ["submit", "endorse"],
            State.NOT_ENDORSED: ["submit", "decline"],
            State.UNDER_REVIEW: ["submit", "endorse", "review"],
            State.INFO_REQUESTED: ["submit", "endorse", "review", "ask"],
            State.APPROVED: ["submit", "endorse", "review", "approve"],
            State.REJECTED: ["submit", "endorse", "review", "reject"],
            State.WITHDRAWN: ["withdraw"],
        }[state]
        for step in path:
            STEPS[step](application, user, staff)
        application.refresh_from_db()
        assert application.state == state
        return application

    return make


def staff_reviewer():
    from django.contrib.auth import get_user_model

    from gnlc.services import ensure_secretariat_group

    staff, created = get_user_model().objects.get_or_create(
        email="reviewer@uil.example", defaults={"is_staff": True, "full_name": "Rita Reviewer"}
    )
    if created:
        staff.groups.add(ensure_secretariat_group())
    return staff


STEPS = {
    "submit": lambda a, u, s: workflow.submit_application(a, by=u),
    "endorse": lambda a, u, s: workflow.record_commission_decision_by_staff(
        a, decision=CommissionDecision.ENDORSE, note="Letter of 3 May", by=s
    ),
    "decline": lambda a, u, s: workflow.record_commission_decision_by_staff(
        a, decision=CommissionDecision.DECLINE, note="Letter of 3 May", by=s
    ),
    "review": lambda a, u, s: workflow.start_review(a, by=s),
    "ask": lambda a, u, s: workflow.request_information(a, message="Add the budget.", by=s),
    "approve": lambda a, u, s: workflow.approve_application(a, by=s),
    "reject": lambda a, u, s: workflow.reject_application(a, reason="Too early.", by=s),
    "withdraw": lambda a, u, s: workflow.withdraw_application(a, by=u),
}
