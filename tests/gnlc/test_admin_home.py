"""The admin's home shows UIL staff what waits for them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from post_office.models import STATUS, Email

from awards.enums import CyclePhase
from cities.enums import ApplicationState
from tests import world

pytestmark = pytest.mark.django_db


def home(client):
    return " ".join(client.get("/admin/").content.decode().split())


def test_the_home_page_shows_what_waits_for_staff(client, staff_user):
    now = timezone.now()
    call = world.open_membership_call(title_en="Call 2027")  # closes in 20 days
    soon = world.membership_call(
        title_en="Call closing soon",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=3),
    )
    for n, state in enumerate([ApplicationState.SUBMITTED] * 2 + [ApplicationState.UNDER_REVIEW]):
        applicant = world.user(f"applicant{n}@city.example")
        world.membership_application(call if n < 2 else soon, state, applicant=applicant)
    cork = world.city("Cork", "IE", member_since=2015)
    cycle = world.award_cycle(
        2027,
        phase=CyclePhase.JURY,
        opens_at=now - datetime.timedelta(days=200),
        closes_at=now - datetime.timedelta(days=100),
        criteria=["Vision"],
        applicants=[(cork, "shortlisted")],
    )
    application = cycle.applications.get()
    world.review(
        world.assign(application, world.juror("ana@jury.example", "BR")),
        [cycle.criteria.get()],
        [7],
    )
    world.assign(application, world.juror("bo@jury.example", "SE"))
    Email.objects.create(
        from_email="gnlc@uil.example", to=["x@example.org"], subject="s", status=STATUS.failed
    )
    Email.objects.create(
        from_email="gnlc@uil.example", to=["y@example.org"], subject="s", status=STATUS.requeued
    )
    client.force_login(staff_user)

    page = home(client)

    assert "What needs attention" in page
    assert ">Submitted</a>: 2" in page
    assert ">Under review</a>: 1" in page
    assert ">Shortlisted for the jury</a>: 1" in page
    assert ">Call closing soon</a>: applications close" in page
    assert "Call 2027</a>" not in page  # closes in 20 days
    assert "1 of 2 reviews submitted" in page
    assert "1 waiting to be sent again, 1 failed for good" in page


def test_staff_who_may_not_review_applications_see_no_figures(client):
    client.force_login(world.staff("viewer@uil.example", secretariat=False))

    assert "What needs attention" not in home(client)


def test_the_home_page_costs_the_same_with_more_applications(client, staff_user):
    call = world.open_membership_call()
    client.force_login(staff_user)
    counts = []
    for n in range(2):
        applicant = world.user(f"applicant{n}@city.example")
        world.membership_application(call, ApplicationState.SUBMITTED, applicant=applicant)
        with CaptureQueriesContext(connection) as queries:
            client.get("/admin/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
