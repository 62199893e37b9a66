"""Fixtures for the award's rules and jury: a cycle with three criteria weighted 1, 2, 1 on a
1–10 scale, member cities, jurors with countries and shortlisted applications.

The award application workflow services are not built yet: applications are created
directly and put in their state with queryset.update (tests only)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from awards.models import AwardApplication, AwardCycle, Criterion, CriterionAnswer

PASSWORD = "secret-pass-123"


@pytest.fixture
def cycle(db):
    cycle = AwardCycle.objects.create(
        year=2026,
        title_en="UNESCO Learning City Award 2026",
        opens_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9)),
        closes_at=timezone.make_aware(datetime.datetime(2026, 6, 30, 18)),
        nominations_per_country=2,
        min_membership_months=12,
        years_before_winning_again=6,
        score_min=1,
        score_max=10,
    )
    AwardCycle.objects.filter(pk=cycle.pk).update(phase=CyclePhase.JURY)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def criteria(cycle):
    return [
        Criterion.objects.create(cycle=cycle, order=order, name_en=name, weight=Decimal(weight))
        for order, (name, weight) in enumerate(
            [("Vision", "1"), ("Action", "2"), ("Results", "1")], start=1
        )
    ]


@pytest.fixture
def make_juror(db):
    def make(email, country="", **fields):
        return get_user_model().objects.create_user(
            email=email, password=PASSWORD, country=country, **fields
        )

    return make


@pytest.fixture
def jurors(make_juror):
    """Three jurors, none of the applying cities' countries (conflicts are tested apart)."""
    return [
        make_juror("ana@jury.example", "BR", full_name="Ana"),
        make_juror("bo@jury.example", "SE", full_name="Bo"),
        make_juror("chen@jury.example", "CN", full_name="Chen"),
    ]


@pytest.fixture
def make_award_application(cycle, criteria):
    def make(city, state=AwardApplicationState.SHORTLISTED):
        application = AwardApplication.objects.create(cycle=cycle, city=city)
        AwardApplication.objects.filter(pk=application.pk).update(state=state)
        application.refresh_from_db()
        for criterion in criteria:
            CriterionAnswer.objects.create(
                application=application,
                criterion=criterion,
                text=f"{city} on {criterion.name}.",
            )
        return application

    return make


@pytest.fixture
def applications(make_city, make_award_application):
    """Three shortlisted member cities: X = Espoo (FI), Y = Medellín (CO), Z = Aswan (EG)."""
    return [
        make_award_application(make_city(name, country, member_since=2015))
        for name, country in [("Espoo", "FI"), ("Medellín", "CO"), ("Aswan", "EG")]
    ]


@pytest.fixture
def staff_assigner(db):
    return get_user_model().objects.create_user(
        email="uil@example.org", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def score_all():
    """Score every criterion of an assignment (values in criterion order), optionally submit."""

    def score(assignment, criteria, values, *, submit=True):
        for criterion, value in zip(criteria, values, strict=True):
            services.record_score(assignment, criterion, value=value, comment=f"c{value}")
        if submit:
            services.submit_review(assignment)
        return assignment

    return score
