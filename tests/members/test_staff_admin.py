"""UIL staff's back office of the progress reports: who may reach each page, every action of
the review (through one service each) and its denial, the bulk actions of the queue, the
cycle's opening and closing, and what the review page shows."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from members.enums import AnswerKind, CycleState, ReportEventKind, Standing
from members.models import ReminderSent
from members.services import reports as reporting
from members.standing import current_standing
from tests import world

from .staff_world import (
    LOGIN,
    OPENED,
    State,
    action_url,
    cycle_url,
    messages_of,
    report_in,
    report_url,
)

pytestmark = pytest.mark.django_db


def latest_event(report):
    return report.events.order_by("-created_at", "-pk").first()


# --- Who may reach what --------------------------------------------------------------------


def staff_pages(report):
    return {
        "queue": report_url("changelist"),
        "review page": report_url("change", report.pk),
        "action page": action_url(report, "request-information"),
        "attachment": report_url("attachment", report.pk, 1),
        "export csv": report_url("cycle_export", report.cycle_id, "csv"),
        "export xlsx": report_url("cycle_export", report.cycle_id, "xlsx"),
        "cycles": cycle_url("changelist"),
        "cycle": cycle_url("change", report.cycle_id),
        "new cycle": cycle_url("add"),
    }


ROLES = ["visitor", "focal point", "co-editor", "staff", "secretariat", "superuser"]


def sign_in(client, role, members):
    cork = members["cork"]
    accounts = {
        "visitor": None,
        "focal point": cork.focal_point,
        "co-editor": world.user("coeditor@cork.example"),
        "staff": world.staff("bare@uil.example", secretariat=False),
        "secretariat": world.staff("secretariat@uil.example"),
        "superuser": world.superuser("root@uil.example"),
    }
    if role == "co-editor":
        cork.editors.create(user=accounts[role])
    if accounts[role] is not None:
        client.force_login(accounts[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_and_the_superuser_reach_the_reports_admin(
    client, role, members, cycle, reviewer
):
    report = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    sign_in(client, role, members)

    codes = {name: client.get(url).status_code for name, url in staff_pages(report).items()}

    if role in ("secretariat", "superuser"):
        # No attachment for question 1 in this report: not found, behind the permission.
        assert codes == {**dict.fromkeys(codes, 200), "attachment": 404}
    elif role == "staff":
        assert codes == dict.fromkeys(codes, 403)
    else:
        # Anyone else, a city's own editors included, is sent to the admin's sign-in.
        assert codes == dict.fromkeys(codes, 302)
        assert client.get(report_url("changelist"))["Location"].startswith(LOGIN)


@pytest.mark.parametrize("role", ["visitor", "focal point", "co-editor", "staff"])
def test_no_one_outside_the_secretariat_can_act_on_a_report(client, role, members, cycle, reviewer):
    report = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    sign_in(client, role, members)
    mail.outbox.clear()

    for action, data in [
        ("start-review", {}),
        ("accept", {"accept-note": ""}),
        ("not-accepted", {"not-accepted-reason": "No."}),
        ("request-information", {"request-information-message": "More."}),
        ("internal-note", {"internal-note-note": "Psst."}),
    ]:
        response = client.post(action_url(report, action), data)
        assert response.status_code == (403 if role == "staff" else 302)

    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert report.events.count() == 2  # invited, submitted
    assert mail.outbox == []


def test_staff_without_the_group_get_no_bulk_action(client, members, cycle, bare_staff):
    report = cycle.reports.get(city=members["cork"])
    client.force_login(bare_staff)
    response = client.post(
        report_url("changelist"),
        {"action": "bulk_remind", "_selected_action": [report.pk], "confirmed": "remind"},
    )
    assert response.status_code == 403
    assert not ReminderSent.objects.exists()


def test_the_secretariat_group_holds_the_members_apps_permissions(reviewer):
    for codename in [
        "view_progressreport",
        "change_progressreport",
        "add_reportingcycle",
        "change_reportingcycle",
        "view_reportingcycle",
    ]:
        assert reviewer.has_perm(f"members.{codename}")


# --- The actions, one by one ---------------------------------------------------------------


def test_starting_the_review(staff_client, members, cycle, reviewer):
    report = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    response = staff_client.post(action_url(report, "start-review"))
    report.refresh_from_db()
    assert report.state == State.UNDER_REVIEW
    assert messages_of(response) == ["The review of the report of “Cork” has started."]
    assert latest_event(report).actor == reviewer


def test_asking_for_information_mails_the_editors_and_reopens_the_report(
    staff_client, members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = report_in(cycle, members["cork"], State.UNDER_REVIEW, reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            action_url(report, "request-information"),
            {"request-information-message": "Please add the 2021 figures."},
        )
    report.refresh_from_db()
    assert report.state == State.INFO_REQUESTED
    assert messages_of(response) == [
        "The request to “Cork” is recorded; its report is open again for its editors. "
        "The city's editors are told by e-mail."
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["focal@cork.example"],
            "GNLC: more information is needed for the progress report of Cork",
        )
    ]
    assert "Please add the 2021 figures." in mail.outbox[0].body
    assert (latest_event(report).note, latest_event(report).visible_to_applicant) == (
        "Please add the 2021 figures.",
        True,
    )


def test_a_request_without_a_message_is_shown_again_with_the_error(
    staff_client, members, cycle, reviewer
):
    report = report_in(cycle, members["cork"], State.UNDER_REVIEW, reviewer)
    response = staff_client.post(
        action_url(report, "request-information"), {"request-information-message": " "}
    )
    assert response.status_code == 200
    assert response.context["entry"]["form"].errors == {"message": ["This field is required."]}
    report.refresh_from_db()
    assert report.state == State.UNDER_REVIEW


def test_accepting_puts_the_city_in_good_standing_and_tells_it(
    staff_client, members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = report_in(cycle, members["cork"], State.UNDER_REVIEW, reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            action_url(report, "accept"), {"accept-note": "Thank you for the figures."}
        )
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert report.decided_at is not None
    assert current_standing(members["cork"]).standing == Standing.GOOD
    assert messages_of(response) == [
        "The report of “Cork” is accepted: the city is in good standing and its public "
        "answers appear on its profile. The city's editors are told by e-mail."
    ]
    assert [m.subject for m in mail.outbox] == ["GNLC: the progress report of Cork is accepted"]
    assert "Thank you for the figures." in mail.outbox[0].body


def test_not_accepting_asks_for_confirmation_then_records_the_reason(
    staff_client, members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = report_in(cycle, members["cork"], State.UNDER_REVIEW, reviewer)
    data = {"not-accepted-reason": "The report covers the wrong period."}
    page = world.post_action(staff_client, action_url(report, "not-accepted"), data, confirm=False)

    assert page.status_code == 200
    consequences = page.context["consequences"]
    assert "focal@cork.example" in consequences[2]
    assert "does not change" in consequences[1]
    report.refresh_from_db()
    assert report.state == State.UNDER_REVIEW  # nothing yet

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.post_action(staff_client, action_url(report, "not-accepted"), data)
    report.refresh_from_db()
    assert report.state == State.NOT_ACCEPTED
    assert latest_event(report).note == "The report covers the wrong period."
    assert current_standing(members["cork"]).standing == Standing.OVERDUE
    members["cork"].refresh_from_db()
    assert members["cork"].status == "active"  # staff alone change the status
    assert [m.subject for m in mail.outbox] == [
        "GNLC: the progress report of Cork was not accepted"
    ]
    assert "The report covers the wrong period." in mail.outbox[0].body


def test_extending_the_deadline_records_the_reason_and_tells_the_city(
    staff_client, members, cycle, reviewer, django_capture_on_commit_callbacks
):
    report = cycle.reports.get(city=members["cork"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            action_url(report, "extend"),
            {"extend-until": "2022-02-28", "extend-note": "Elections in the city."},
        )
    report.refresh_from_db()
    assert (report.extended_to, report.extension_note) == (
        datetime.date(2022, 2, 28),
        "Elections in the city.",
    )
    assert messages_of(response) == [
        "The deadline of “Cork” is extended. The city's editors are told by e-mail."
    ]
    event = latest_event(report)
    assert (event.kind, event.values) == (ReportEventKind.EXTENDED, {"deadline": "2022-02-28"})
    assert [m.subject for m in mail.outbox] == [
        "GNLC: the progress report of Cork is now due by Feb. 28, 2022"
    ]
    assert "Elections in the city." in mail.outbox[0].body


def test_an_extension_before_the_deadline_in_force_is_refused_with_the_reason(
    staff_client, members, cycle
):
    report = cycle.reports.get(city=members["cork"])
    response = staff_client.post(
        action_url(report, "extend"), {"extend-until": "2021-12-31", "extend-note": "Why not"}
    )
    assert messages_of(response) == [
        "The new deadline must be later than the one in force (Dec. 31, 2021)."
    ]
    report.refresh_from_db()
    assert report.extended_to is None


def test_extension_is_not_offered_once_the_report_is_submitted(
    staff_client, members, cycle, reviewer
):
    report = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    page = staff_client.get(report_url("change", report.pk))
    offered = [entry["name"] for entry in page.context["staff_actions"]]
    assert offered == [
        "start-review",
        "request-information",
        "accept",
        "not-accepted",
        "internal-note",
    ]
    response = staff_client.post(
        action_url(report, "extend"), {"extend-until": "2022-02-28", "extend-note": "Late"}
    )
    assert "where “Extend the deadline” is not possible" in messages_of(response)[0]


def test_a_reminder_now_is_sent_once_a_day(
    staff_client, members, cycle, django_capture_on_commit_callbacks
):
    report = cycle.reports.get(city=members["cork"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(action_url(report, "remind"))
        second = staff_client.post(action_url(report, "remind"))
    assert messages_of(first) == ["A reminder was sent to the editors of “Cork”."]
    assert messages_of(second)[-1] == "A reminder was already sent today."
    # The deadline (2021) has passed on any day the tests run: the overdue text.
    assert [m.subject for m in mail.outbox] == ["GNLC: the progress report of Cork is overdue"]
    assert report.reminders.count() == 1


def test_an_internal_note_is_for_staff_only_and_sends_nothing(
    staff_client, members, cycle, django_capture_on_commit_callbacks
):
    report = cycle.reports.get(city=members["cork"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            action_url(report, "internal-note"), {"internal-note-note": "Called the mayor."}
        )
    event = latest_event(report)
    assert (event.kind, event.note, event.visible_to_applicant) == (
        ReportEventKind.NOTE,
        "Called the mayor.",
        False,
    )
    assert messages_of(response) == ["The internal note on the report of “Cork” is saved."]
    assert mail.outbox == []


def test_a_decision_on_a_report_that_moved_meanwhile_changes_nothing(
    staff_client, members, cycle, reviewer
):
    report = report_in(cycle, members["cork"], State.ACCEPTED, reviewer)
    response = staff_client.post(action_url(report, "accept"), {"accept-note": ""})
    assert "is now “Accepted”" in messages_of(response)[0]
    assert report.events.filter(to_state=State.ACCEPTED).count() == 1


def test_the_change_page_refuses_a_post(staff_client, members, cycle):
    report = cycle.reports.get(city=members["cork"])
    assert staff_client.post(report_url("change", report.pk), {}).status_code == 405


# --- From the queue, for many ---------------------------------------------------------------


def selection(action, reports):
    return {"action": action, "_selected_action": [r.pk for r in reports]}


def test_bulk_reminders_go_to_the_reports_not_handed_in_and_say_which(
    staff_client, members, cycle, reviewer, django_capture_on_commit_callbacks
):
    cork = cycle.reports.get(city=members["cork"])
    espoo = report_in(cycle, members["espoo"], State.SUBMITTED, reviewer)
    chosen = selection("bulk_remind", [cork, espoo])

    page = staff_client.post(report_url("changelist"), chosen)
    assert [row["refusal"] for row in page.context["rows"]] == [
        "",
        "not in the right state (Submitted)",
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = staff_client.post(report_url("changelist"), {**chosen, "confirmed": "remind"})
    assert [(row["done"], row["text"]) for row in report.context["report"]] == [
        (True, "reminder sent to Cork"),
        (False, "not in the right state (Submitted)"),
    ]
    assert [m.to for m in mail.outbox] == [["focal@cork.example"]]


def test_a_decision_on_a_city_with_no_address_says_staff_must_tell_it(staff_client, members, cycle):
    aswan = cycle.reports.get(city=members["aswan"])
    response = staff_client.post(
        action_url(aswan, "extend"), {"extend-until": "2022-03-31", "extend-note": "Floods."}
    )
    assert messages_of(response) == [
        "The deadline of “Aswan” is extended. No e-mail address is on file for the city: "
        "tell it yourselves."
    ]


def test_a_reminder_to_a_city_with_no_address_is_refused_and_says_why(staff_client, members, cycle):
    aswan = cycle.reports.get(city=members["aswan"])
    response = staff_client.post(action_url(aswan, "remind"))
    assert messages_of(response) == [
        "No e-mail address is on file for Aswan: no reminder can be sent."
    ]
    assert not aswan.reminders.exists()
    assert not aswan.events.filter(kind=ReportEventKind.REMINDED).exists()


def test_bulk_start_of_the_review(staff_client, members, cycle, reviewer):
    cork = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    espoo = report_in(cycle, members["espoo"], State.SUBMITTED, reviewer)
    staff_client.post(
        report_url("changelist"),
        {**selection("bulk_start_review", [cork, espoo]), "confirmed": "start-review"},
    )
    assert set(cycle.reports.filter(state=State.UNDER_REVIEW).values_list("pk", flat=True)) == {
        cork.pk,
        espoo.pk,
    }


# --- The queue's filters --------------------------------------------------------------------


def listed(client, query):
    response = client.get(report_url("changelist") + query)
    return sorted(str(r.city) for r in response.context["cl"].result_list)


def test_the_queue_filters_by_state_overdue_extension_and_region(
    staff_client, members, cycle, reviewer
):
    report_in(cycle, members["espoo"], State.SUBMITTED, reviewer)
    aswan = cycle.reports.get(city=members["aswan"])
    reporting.extend_deadline(
        aswan, by=reviewer, until=datetime.date(2099, 12, 31), note="Civil unrest."
    )

    queue = staff_client.get(report_url("changelist")).content.decode()
    assert "2099-12-31 <strong>(extended)</strong>" in queue  # Aswan
    assert "2021-12-31 <strong>(overdue)</strong>" in queue  # Cork
    assert listed(staff_client, "?state__exact=submitted") == ["Espoo"]
    assert listed(staff_client, "?overdue=yes") == ["Cork"]
    assert listed(staff_client, "?overdue=no") == ["Aswan", "Espoo"]
    assert listed(staff_client, "?extended=yes") == ["Aswan"]
    assert listed(staff_client, "?extended=no") == ["Cork", "Espoo"]
    assert listed(staff_client, "?region=AS") == ["Aswan"]
    assert listed(staff_client, "?region=ENA") == ["Cork", "Espoo"]
    assert listed(staff_client, f"?cycle__id__exact={cycle.pk}") == ["Aswan", "Cork", "Espoo"]


# --- The review page ------------------------------------------------------------------------


def test_the_review_page_shows_answers_by_section_with_counts_and_numbers(
    staff_client, members, cycle, reviewer
):
    report = report_in(cycle, members["cork"], State.SUBMITTED, reviewer)
    page = staff_client.get(report_url("change", report.pk))
    body = page.content.decode()

    sections = [
        (entry["section"].title, [row["value"] for row in entry["rows"]])
        for entry in page.context["sections"]
    ]
    assert sections == [
        ("Strategies", ["A strategy adopted by the city council in 2020.", "12,500"]),
        ("Activities", ["Yes"]),
        ("Initiatives", [""]),
    ]
    assert "9 words of 50 allowed." in body
    assert "data year 2021" in body
    assert "Not answered." in body
    assert "Dec. 31, 2021" in body  # the cohort's deadline
    assert "Due by the end of 31 December 2021 (Europe/Berlin time)." in " ".join(body.split())
    assert "The city&#x27;s editors and staff" in body  # who sees the visible events


def test_an_attachment_is_served_to_staff_only_behind_the_admin(
    staff_client, client, members, reviewer, bare_staff
):
    questions = [("Documents", False, "The strategy document", AnswerKind.ATTACHMENT)]
    cycle = world.open_reporting_cycle(at=OPENED, questions=questions)
    report = cycle.reports.get(city=members["cork"])
    question = cycle.questions.get()
    upload = SimpleUploadedFile("strategy.pdf", world.PDF, content_type="application/pdf")
    reporting.save_answers(
        report,
        by=members["cork"].focal_point,
        values={question.pk: {"attachment": upload, "attachment_name": "strategy.pdf"}},
        revisions={},
    )
    url = report_url("attachment", report.pk, question.pk)

    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="strategy.pdf"'
    assert "no-store" in response["Cache-Control"]
    page = staff_client.get(report_url("change", report.pk))
    assert f'href="{url}"' in page.content.decode()

    client.force_login(bare_staff)
    assert client.get(url).status_code == 403


def test_the_city_figures_across_cycles_are_drawn_for_a_shared_question(
    staff_client, members, reviewer
):
    first = world.open_reporting_cycle(at=OPENED)
    report_in(first, members["cork"], State.ACCEPTED, reviewer)
    second = world.open_reporting_cycle(
        title="Progress report 2021–2023",
        period=(datetime.date(2021, 10, 1), datetime.date(2023, 9, 30)),
        cut_off=datetime.date(2022, 12, 31),
        cohorts=((None, None, datetime.date(2023, 12, 31)),),
        at=OPENED,
    )
    report = second.reports.get(city=members["cork"])
    question = second.questions.get(title_en="Adult learners enrolled")
    reporting.save_answers(
        report,
        by=members["cork"].focal_point,
        values={question.pk: {"number": 20000, "number_year": 2023}},
        revisions={},
    )

    page = staff_client.get(report_url("change", report.pk))
    charts = page.context["charts"]
    assert [(c.title, [(b.label, b.value) for b in c.bars]) for c in charts] == [
        ("Adult learners enrolled", [("2019–2021", "12,500"), ("2021–2023", "20,000")])
    ]
    assert "<svg" in page.content.decode()


# --- The cycles -----------------------------------------------------------------------------


def test_opening_a_cycle_from_the_admin_says_how_many_were_invited_and_who_has_no_address(
    staff_client, members, django_capture_on_commit_callbacks
):
    cycle = world.reporting_cycle()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            cycle_url("changelist"), {"action": "open_cycles", "_selected_action": [cycle.pk]}
        )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
    assert messages_of(response) == [
        "“Progress report 2019–2021” is open: 3 cities must report; 2 were invited by e-mail.",
        "“Progress report 2019–2021”: no e-mail address is on file for Aswan; each has its "
        "report, but you must tell them yourselves.",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["focal@cork.example", "focal@espoo.example"]


def test_opening_a_cycle_twice_or_without_questions_is_refused_with_the_reason(
    staff_client, members, cycle
):
    empty = world.reporting_cycle(title="Empty", questions=[])
    response = staff_client.post(
        cycle_url("changelist"),
        {"action": "open_cycles", "_selected_action": [cycle.pk, empty.pk]},
    )
    assert messages_of(response) == [
        "Progress report 2019–2021: This cycle has already been opened.",
        "Empty: Add the cycle's questions before opening it.",
    ]


def test_closing_a_cycle(staff_client, members, cycle):
    response = staff_client.post(
        cycle_url("changelist"), {"action": "close_cycles", "_selected_action": [cycle.pk]}
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert messages_of(response) == [
        "“Progress report 2019–2021” is closed: no more reminders are sent; the reports keep "
        "their state and can still be reviewed."
    ]


def test_staff_without_the_group_cannot_open_a_cycle(client, members, bare_staff):
    cycle = world.reporting_cycle()
    client.force_login(bare_staff)
    response = client.post(
        cycle_url("changelist"), {"action": "open_cycles", "_selected_action": [cycle.pk]}
    )
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT


def test_the_cycle_page_links_its_reports_and_exports(staff_client, cycle):
    body = staff_client.get(cycle_url("change", cycle.pk)).content.decode()
    assert report_url("cycle_export", cycle.pk, "csv") in body
    assert report_url("cycle_export", cycle.pk, "xlsx") in body
    assert f"?cycle__id__exact={cycle.pk}" in body


def test_a_question_offers_only_the_sections_of_its_own_cycle(staff_client, cycle):
    other = world.reporting_cycle(title="Another")
    page = staff_client.get(cycle_url("change", cycle.pk))
    formsets = page.context["inline_admin_formsets"]
    formset = next(f for f in formsets if f.formset.model.__name__ == "ReportQuestion")
    offered = set(formset.formset.forms[0].fields["section"].queryset)
    assert offered == set(cycle.sections.all())
    assert not offered & set(other.sections.all())
