"""Staff work on many award applications at once (issue 13, point 11): screening, shortlisting
and assigning jurors from the list, through the same services as one by one, with a page
saying which selected applications the action applies to and a report of each row."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from awards.enums import AwardApplicationState
from awards.models import JuryAssignment
from tests import world

State = AwardApplicationState
LIST = reverse("admin:awards_awardapplication_changelist")
MIXED = [State.NOMINATED, State.ELIGIBLE, State.SHORTLISTED]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def selection(action, applications):
    return {"action": action, "_selected_action": [a.pk for a in applications]}


def states(applications):
    for application in applications:
        application.refresh_from_db()
    return [application.state for application in applications]


def report_of(response):
    return [(row["label"], row["done"], row["text"]) for row in response.context["report"]]


@pytest.mark.parametrize("applicant_states", [MIXED])
def test_shortlisting_a_mixed_selection_reports_each_row(staff_client, applications):
    espoo, medellin, aswan = applications
    chosen = selection("bulk_shortlist", applications)
    page = staff_client.post(LIST, chosen)
    assert page.status_code == 200
    assert [(row["label"], row["refusal"]) for row in page.context["rows"]] == [
        (f"#{espoo.pk} {espoo}", "not in the right state (Nominated by the National Commission)"),
        (f"#{medellin.pk} {medellin}", ""),
        (f"#{aswan.pk} {aswan}", "not in the right state (Shortlisted for the jury)"),
    ]
    assert "Go ahead for 1 application" in page.content.decode()
    assert states(applications) == MIXED  # the page changes nothing

    report = staff_client.post(LIST, {**chosen, "confirmed": "shortlist"})
    assert report_of(report) == [
        (
            f"#{espoo.pk} {espoo}",
            False,
            "not in the right state (Nominated by the National Commission)",
        ),
        (f"#{medellin.pk} {medellin}", True, f"{medellin} is shortlisted."),
        (f"#{aswan.pk} {aswan}", False, "not in the right state (Shortlisted for the jury)"),
    ]
    assert states(applications) == [State.NOMINATED, State.SHORTLISTED, State.SHORTLISTED]


@pytest.mark.parametrize("applicant_states", [[State.NOMINATED, State.NOMINATED, State.ELIGIBLE]])
def test_screening_out_many_needs_one_reason_and_records_it_on_each(
    staff_client, applications, staff_user
):
    chosen = {**selection("bulk_not_eligible", applications), "confirmed": "not-eligible"}
    refused = staff_client.post(LIST, {**chosen, "not-eligible-reason": " "})
    assert refused.context["form"].errors == {"reason": ["This field is required."]}
    assert states(applications) == [State.NOMINATED, State.NOMINATED, State.ELIGIBLE]

    report = staff_client.post(LIST, {**chosen, "not-eligible-reason": "Joined in 2025."})
    assert [done for _, done, _ in report_of(report)] == [True, True, False]
    assert states(applications) == [State.NOT_ELIGIBLE, State.NOT_ELIGIBLE, State.ELIGIBLE]
    for application in applications[:2]:
        event = application.events.latest("created_at", "pk")
        assert (event.to_state, event.note, event.actor) == (
            "not_eligible",
            "Joined in 2025.",
            staff_user,
        )


@pytest.mark.parametrize("applicant_states", [[State.NOMINATED, State.NOMINATED, State.ELIGIBLE]])
def test_screening_in_many(staff_client, applications):
    chosen = {**selection("bulk_eligible", applications), "confirmed": "eligible"}
    report = staff_client.post(LIST, chosen)
    assert [done for _, done, _ in report_of(report)] == [True, True, False]
    assert states(applications) == [State.ELIGIBLE] * 3


@pytest.mark.parametrize("applicant_states", [MIXED])
def test_assigning_jurors_to_many_emails_each_juror_once_per_application(
    staff_client, applications, jurors, django_capture_on_commit_callbacks
):
    espoo, medellin, aswan = applications
    ana, bo, _ = jurors
    world.user("applicant@galway.example")  # an account, not a juror: not offered
    chosen = {**selection("bulk_assign_juror", applications), "confirmed": "assign-juror"}

    page = staff_client.post(LIST, selection("bulk_assign_juror", applications))
    offered = [juror.email for juror in page.context["form"].fields["jurors"].queryset]
    assert offered == ["ana@jury.example", "bo@jury.example", "chen@jury.example"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = staff_client.post(LIST, {**chosen, "assign-juror-jurors": [ana.pk, bo.pk]})
    assert report_of(report) == [
        (
            f"#{espoo.pk} {espoo}",
            False,
            "not in the right state (Nominated by the National Commission)",
        ),
        (f"#{medellin.pk} {medellin}", True, "Assigned: ana@jury.example, bo@jury.example."),
        (f"#{aswan.pk} {aswan}", True, "Assigned: ana@jury.example, bo@jury.example."),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@jury.example",
        "ana@jury.example",
        "bo@jury.example",
        "bo@jury.example",
    ]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = staff_client.post(LIST, {**chosen, "assign-juror-jurors": [ana.pk]})
    assert report_of(again)[1] == (
        f"#{medellin.pk} {medellin}",
        False,
        "every chosen juror was already assigned to it; nothing changed",
    )
    assert mail.outbox == []
    assert JuryAssignment.objects.count() == 4


@pytest.mark.parametrize("applicant_states", [MIXED])
def test_only_jurors_can_be_picked(staff_client, applications, jurors):
    applicant = world.user("applicant@galway.example")
    chosen = {**selection("bulk_assign_juror", applications), "confirmed": "assign-juror"}
    refused = staff_client.post(LIST, {**chosen, "assign-juror-jurors": [applicant.pk]})
    assert "jurors" in refused.context["form"].errors
    assert JuryAssignment.objects.count() == 0


@pytest.mark.parametrize("applicant_states", [MIXED])
def test_staff_who_may_only_view_cannot_act_on_many(client, applications, jurors):
    viewer = world.staff("viewer@uil.example", secretariat=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_awardapplication"))
    client.force_login(viewer)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert listing.context["action_form"] is None  # no action is offered on the list
    for action, confirmed in [("bulk_shortlist", "shortlist"), ("bulk_eligible", "eligible")]:
        response = client.post(
            LIST, {**selection(action, applications), "confirmed": confirmed}, follow=True
        )
        assert "report" not in (response.context or {})
    assert states(applications) == MIXED
