"""The e-mails of the progress report: each says what happened and what comes next, in the
recipient's language, with the report's address (the city's) or the review page (staff)."""

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from members.services import reports as reporting
from tests import world

from .staff_world import OPENED, State, report_in

pytestmark = pytest.mark.django_db
TEMPLATES = [
    "report_invitation",
    "report_reminder",
    "report_overdue",
    "report_submitted",
    "staff_report_submitted",
    "staff_report_answered",
    "report_information_requested",
    "report_accepted",
    "report_not_accepted",
    "report_extended",
]


def sent(django_capture_on_commit_callbacks, action):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action()
    return [(m.to[0], m.subject, m.body) for m in mail.outbox]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_renders_with_its_values_in_each_language(
    members, cycle, template, language
):
    report = cycle.reports.get(city=members["cork"])
    context = {
        "report": report,
        "city": report.city,
        "cycle": cycle,
        "due": "31/12/2021",
        "url": "https://portal.example/report/1/",
        "message": "Please add the figures.",
        "note": "Elections.",
        "site_url": "https://portal.example",
    }
    with translation.override(language):
        subject = render_to_string(f"emails/members/{template}_subject.txt", context)
        body = render_to_string(f"emails/members/{template}_body.txt", context)
    assert "Cork" in subject
    assert "https://portal.example" in body
    assert "{{" not in body
    assert "{%" not in body


def test_the_invitation_says_the_period_the_deadline_and_its_time_zone(
    members, django_capture_on_commit_callbacks
):
    messages = sent(django_capture_on_commit_callbacks, lambda: world.open_reporting_cycle())
    _to, subject, body = next(m for m in messages if m[0] == "focal@cork.example")
    assert subject == "GNLC: the progress report of Cork is due by Dec. 31, 2021"
    assert "covering April 2019 to September 2021" in body
    assert "by the end of Dec. 31, 2021 (Europe/Berlin time)" in body
    report = members["cork"].progress_reports.get()
    assert f"/en/members/reports/{report.pk}/" in body


def test_submitting_tells_the_city_and_the_secretariat(
    members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = cycle.reports.get(city=members["cork"])
    world.complete_answers(report, by=members["cork"].focal_point)
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: reporting.submit_report(report, by=members["cork"].focal_point),
    )
    staff_address = getattr(settings, "REPORTING_STAFF_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    assert [(to, subject) for to, subject, _ in messages] == [
        ("focal@cork.example", "GNLC: the progress report of Cork has been received"),
        (staff_address, f"Progress report {report.pk} (Cork): submitted"),
    ]
    assert "can no longer be changed" in messages[0][2]
    assert f"/admin/members/progressreport/{report.pk}/change/" in messages[1][2]


def test_the_citys_answer_tells_the_secretariat(
    members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = report_in(cycle, members["cork"], State.INFO_REQUESTED, reviewer, at=OPENED)
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: reporting.answer_request(report, by=members["cork"].focal_point, note="Done."),
    )
    assert [subject for _, subject, _ in messages] == [
        f"Progress report {report.pk} (Cork): the city answered"
    ]
    assert "under review again" in messages[0][2]


def test_a_focal_point_reading_french_gets_the_reminder_in_french(
    members, cycle, django_capture_on_commit_callbacks
):
    focal = members["cork"].focal_point
    focal.language = "fr"
    focal.save()
    report = cycle.reports.get(city=members["cork"])
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: reporting.send_reminder_now(report, by=None),
    )
    # The French text where the catalogue has it; the address of the French page in any case.
    assert f"/fr/members/reports/{report.pk}/" in messages[0][2]
