"""Fifty submissions and fifty approvals at the same moment on PostgreSQL, each thread with
its own database connection: every one is saved exactly once, no city twice, no event lost
or doubled, every e-mail queued once."""

import threading
import time
from collections import Counter

import pytest
from django.contrib.messages import get_messages
from django.db import connections
from django.db.models import Count
from django.db.models.functions import Lower
from django.test import Client
from post_office.models import Email

from cities.enums import CommissionDecision
from cities.models import ApplicationEvent, City, CommissionInvitation, MembershipApplication
from cities.services import applications as workflow
from tests.world import reviewer as staff_reviewer

from .conftest import complete_draft, make_applicant, sign_in

pytestmark = [
    pytest.mark.postgresql("fifty connections at once, rows locked with SELECT ... FOR UPDATE"),
    pytest.mark.django_db(transaction=True),
]

COMMISSION = ["natcom@unesco.ie.example", "secretary@unesco.ie.example"]


def wait_for_free_connections(needed, timeout=90):
    """Wait until PostgreSQL has `needed` connection slots free (and a margin), for the other
    test processes and the backends of the previous test that are still closing. Fails with
    who holds the connections rather than letting a thread meet "too many clients"."""
    margin = 8
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT current_setting('max_connections')::int"
                " - current_setting('superuser_reserved_connections')::int"
                " - (SELECT count(*) FROM pg_stat_activity)"
            )
            free = cursor.fetchone()[0]
            if free >= needed + margin or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if free < needed + margin:
            cursor.execute(
                "SELECT coalesce(datname, '-'), coalesce(application_name, '-'), count(*)"
                " FROM pg_stat_activity GROUP BY 1, 2 ORDER BY 3 DESC"
            )
            pytest.fail(
                f"PostgreSQL has {free} connections free, {needed + margin} needed: "
                f"{cursor.fetchall()}"
            )


def all_at_once(jobs):
    """Run every job in its own thread, released together by a barrier. Returns the results
    in order and the errors; each thread closes its own database connections."""
    wait_for_free_connections(len(jobs))
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait(timeout=60)
            results[index] = job()
        except Exception as error:  # reported by the tests' assertions
            errors.append((index, repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def outbox():
    """(recipient, subject) of every message in the outbox (django-post-office)."""
    return Counter(
        (address, email.subject) for email in Email.objects.all() for address in email.to
    )


# One request handler for every client, as one server process serves every visitor (and
# loading the middleware once, not fifty times).
HANDLER = Client().handler


def submit_through_the_page(applicant, number):
    """Each applicant signs in from the network of their own city. The job answers the
    status of the POST and the message the application's page then shows."""
    client = Client()
    client.handler = HANDLER
    sign_in(client, applicant, ip=f"198.51.100.{applicant.pk % 250 + 1}")

    def job():
        response = client.post(f"/en/applications/{number}/submit/")
        shown = [str(m) for m in get_messages(response.wsgi_request)]  # sign-in's first
        return response.status_code, shown

    return job


def test_fifty_applicants_submitting_at_once_and_one_double_submission(
    open_call, themes, irish_commission
):
    applicants = [make_applicant(f"focal{n:02}@city.example") for n in range(50)]
    drafts = [
        complete_draft(person, open_call, themes, city_name=f"Learning Town {n:02}")
        for n, person in enumerate(applicants)
    ]
    twice = make_applicant("double.click@city.example")
    double = complete_draft(twice, open_call, themes, city_name="Double Click")
    jobs = [submit_through_the_page(a, d.pk) for a, d in zip(applicants, drafts, strict=True)]
    jobs += [submit_through_the_page(twice, double.pk) for _ in range(2)]

    answers, errors = all_at_once(jobs)

    assert errors == []
    assert [status for status, _shown in answers] == [302] * 52  # to the application's page
    submitted = (
        "Your application has been submitted. The link to endorse it has been e-mailed to "
        "your country's National Commission for UNESCO (Irish National Commission for "
        "UNESCO), and a confirmation is on its way to your e-mail."
    )
    assert all(shown[-1] == submitted for _status, shown in answers[:50])
    # The double click: one submission, and the other click is told so.
    assert sorted(shown[-1] for _status, shown in answers[50:]) == [
        "This application has already been submitted.",
        submitted,
    ]
    everyone = [*drafts, double]
    assert set(
        MembershipApplication.objects.filter(pk__in=[d.pk for d in everyone]).values_list(
            "state", flat=True
        )
    ) == {"submitted"}
    per_application = Counter(
        ApplicationEvent.objects.filter(to_state="submitted").values_list(
            "application_id", flat=True
        )
    )
    assert per_application == {d.pk: 1 for d in everyone}
    assert ApplicationEvent.objects.count() == 2 * 51  # "draft started" and "submitted"
    assert Counter(CommissionInvitation.objects.values_list("application_id", flat=True)) == {
        d.pk: 1 for d in everyone
    }
    sent = outbox()
    for person, draft in [*zip(applicants, drafts, strict=True), (twice, double)]:
        city = draft.city_name
        assert sent[(person.email, f"GNLC: your application for {city} was submitted")] == 1
        invitation = f"GNLC membership: please endorse or decline the application of {city}"
        assert [sent[(address, invitation)] for address in COMMISSION] == [1, 1]
    assert Email.objects.count() == 2 * 51


def under_review(applicant, call, themes, city_name):
    staff = staff_reviewer()
    application = complete_draft(applicant, call, themes, city_name=city_name)
    workflow.submit_application(application, by=applicant)
    workflow.record_commission_decision_by_staff(
        application, decision=CommissionDecision.ENDORSE, note="Letter of 3 May", by=staff
    )
    workflow.start_review(application, by=staff)
    return application


def test_fifty_approvals_at_once_with_repeated_clicks_and_applications_for_the_same_city(
    open_call, themes, irish_commission
):
    # 30 towns with one application each, and 8 towns with two (one written in lower case).
    names = [f"Learning Town {n:02}" for n in range(30)]
    for n in range(8):
        names += [f"Twin Town {n}", f"twin town {n}"]
    applicants = [make_applicant(f"focal{n:02}@city.example") for n in range(len(names))]
    applications = [
        under_review(person, open_call, themes, name)
        for person, name in zip(applicants, names, strict=True)
    ]
    Email.objects.all().delete()
    staff = staff_reviewer()

    def approve(application):
        return lambda: workflow.approve_application(application, by=staff).pk

    # Every application once, and the first four more times (staff clicking again).
    jobs = [approve(a) for a in applications] + [approve(applications[0]) for _ in range(4)]
    assert len(jobs) == 50

    cities, errors = all_at_once(jobs)

    assert errors == []
    assert len({cities[0], *cities[46:]}) == 1  # the same city for every click
    approved = MembershipApplication.objects.filter(pk__in=[a.pk for a in applications])
    assert set(approved.values_list("state", flat=True)) == {"approved"}
    assert Counter(
        ApplicationEvent.objects.filter(to_state="approved").values_list(
            "application_id", flat=True
        )
    ) == {a.pk: 1 for a in applications}
    # 30 towns and 8 twin towns, each twin town with both its applications.
    assert City.objects.count() == 38
    duplicates = (
        City.objects.annotate(lower=Lower("name_en"))
        .values("lower", "country")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(duplicates) == []
    for n in range(8):
        twins = approved.filter(city_name__iexact=f"twin town {n}")
        assert twins.count() == 2
        assert twins.values("city").distinct().count() == 1
    sent = outbox()
    for person, name in zip(applicants, names, strict=True):
        welcome = f"Welcome to the UNESCO Global Network of Learning Cities, {name}"
        assert sent[(person.email, welcome)] == 1
    assert Email.objects.count() == len(applications)
