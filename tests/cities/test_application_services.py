import datetime
import threading

import pytest
from django.core import mail

from cities.application_steps import CHALLENGES, CITY, PLEDGE
from cities.enums import ALLOWED_TRANSITIONS, ApplicationState, CommissionDecision
from cities.models import (
    ApplicationEvent,
    City,
    MembershipApplication,
)
from cities.services import applications as workflow
from tests.world import pdf_upload
from tests.world import reviewer as staff_reviewer

State = ApplicationState


def last_event(application):
    return application.events.order_by("-created_at", "-pk").first()


@pytest.mark.django_db(transaction=True)
class TestTransitions:
    """transaction=True: e-mails are queued with on_commit and sent after the commit."""

    def test_submit_sends_the_commission_its_link_and_confirms_to_the_applicant(
        self, make_application, commission
    ):
        application = make_application()
        mail.outbox.clear()
        workflow.submit_application(application, by=application.applicant)
        application.refresh_from_db()
        event = last_event(application)
        assert (application.state, event.from_state, event.to_state) == (
            "submitted",
            "draft",
            "submitted",
        )
        assert application.submitted_at is not None
        recipients = sorted(tuple(m.to) for m in mail.outbox)
        assert recipients == [
            ("focal@galway.example",),
            ("natcom@unesco.ie.example", "secretary@unesco.ie.example"),
        ]
        to_commission = next(m for m in mail.outbox if "natcom@unesco.ie.example" in m.to)
        assert "/en/commission/" in to_commission.body  # the form's language: English
        assert "http://127.0.0.1:8000/en/commission/" in to_commission.body
        to_applicant = next(m for m in mail.outbox if m.to == ["focal@galway.example"])
        # The applicant signed up in French: the confirmation speaks French.
        assert "/fr/applications/" in to_applicant.body

    def test_submit_without_a_commission_address_leaves_an_internal_note(self, make_application):
        application = make_application()
        workflow.submit_application(application, by=application.applicant)
        internal = application.events.filter(visible_to_applicant=False)
        assert [e.wording for e in internal] == [
            "No e-mail address of the National Commission is on file: staff must obtain "
            "and record its decision."
        ]

    def test_commission_endorses_through_its_link(self, make_application, commission):
        application = make_application(State.SUBMITTED)
        invitation, token = workflow.invite_commission(application)
        mail.outbox.clear()
        workflow.record_commission_decision(
            workflow.invitation_for_token(token),
            decision=CommissionDecision.ENDORSE,
            signed_by="Ms Secretary General",
            comment="Strong application.",
        )
        application.refresh_from_db()
        event = last_event(application)
        assert application.state == "endorsed"
        assert (event.actor, event.actor_name, event.wording, event.note) == (
            None,
            "Ms Secretary General",
            "Signed for the National Commission by Ms Secretary General.",
            "Strong application.",
        )
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert "Strong application." in mail.outbox[0].body
        invitation.refresh_from_db()
        assert invitation.used_at is not None

    def test_commission_link_works_once(self, make_application, commission):
        application = make_application(State.SUBMITTED)
        _, token = workflow.invite_commission(application)
        invitation = workflow.invitation_for_token(token)
        workflow.record_commission_decision(
            invitation, decision=CommissionDecision.DECLINE, signed_by="A. Person"
        )
        with pytest.raises(workflow.ApplicationError, match="expired or has already been used"):
            workflow.record_commission_decision(
                invitation, decision=CommissionDecision.ENDORSE, signed_by="A. Person"
            )
        application.refresh_from_db()
        assert application.state == "not_endorsed"

    def test_commission_link_expires_at_the_deadline(self, make_application, commission):
        application = make_application(State.SUBMITTED)
        _, token = workflow.invite_commission(application)
        after = application.call.commission_deadline + datetime.timedelta(seconds=1)
        with pytest.raises(workflow.ApplicationError):
            workflow.record_commission_decision(
                workflow.invitation_for_token(token),
                decision=CommissionDecision.ENDORSE,
                signed_by="A. Person",
                at=after,
            )

    def test_tampered_or_unknown_tokens_find_nothing(self, make_application, commission):
        application = make_application(State.SUBMITTED)
        _, token = workflow.invite_commission(application)
        assert workflow.invitation_for_token(token) is not None
        assert (
            workflow.invitation_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        )
        assert workflow.invitation_for_token("") is None
        assert workflow.invitation_for_token("x" * 500) is None

    def test_quota_per_country(self, make_application, commission, call):
        from django.contrib.auth import get_user_model

        users = [
            get_user_model().objects.create_user(email=f"u{i}@ie.example", password="p-12345678")
            for i in range(3)
        ]
        endorsed = [
            make_application(State.ENDORSED, user=users[i], city_name=f"Town {i}") for i in range(2)
        ]
        assert workflow.endorsements_left(call, "IE") == 0
        third = make_application(State.SUBMITTED, user=users[2], city_name="Town 2")
        with pytest.raises(workflow.QuotaExceeded, match="already endorsed 2 applications"):
            workflow.record_commission_decision_by_staff(
                third, decision=CommissionDecision.ENDORSE, note="by letter", by=staff_reviewer()
            )
        third.refresh_from_db()
        assert third.state == "submitted"
        # Declining is always possible, and other countries have their own quota.
        workflow.record_commission_decision_by_staff(
            third, decision=CommissionDecision.DECLINE, note="by letter", by=staff_reviewer()
        )
        assert workflow.endorsements_left(call, "FR") == 2
        assert len(endorsed) == 2

    def test_request_information_and_answer(self, make_application):
        application = make_application(State.UNDER_REVIEW)
        mail.outbox.clear()
        workflow.request_information(application, message="Add the budget.", by=staff_reviewer())
        assert application.is_editable
        assert "Add the budget." in mail.outbox[-1].body
        assert mail.outbox[-1].to == ["focal@galway.example"]
        workflow.answer_information_request(
            application, answer="Budget attached.", by=application.applicant
        )
        application.refresh_from_db()
        assert application.state == "under_review"
        assert last_event(application).note == "Budget attached."
        assert mail.outbox[-1].to == ["learningcities@unesco.org"]

    def test_approve_creates_the_city_with_the_applicant_as_focal_point(self, make_application):
        application = make_application(State.UNDER_REVIEW)
        mail.outbox.clear()
        city = workflow.approve_application(application, by=staff_reviewer())
        assert (city.name, city.country.code, city.region, city.status) == (
            "Galway",
            "IE",
            "ENA",
            "active",
        )
        assert city.focal_point == application.applicant
        assert (city.population, city.website) == (85910, "https://galway.example")
        application.refresh_from_db()
        assert (application.state, application.city) == ("approved", city)
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert "Galway" in mail.outbox[0].subject

    def test_approve_links_an_existing_city(self, make_application, make_city):
        existing = make_city("Galway", "IE", member_since=2016)
        application = make_application(State.UNDER_REVIEW)
        city = workflow.approve_application(application, by=staff_reviewer())
        assert city == existing
        assert City.objects.filter(name_en="Galway").count() == 1
        assert city.focal_point == application.applicant

    def test_approve_twice_creates_one_city(self, make_application):
        application = make_application(State.UNDER_REVIEW)
        first = workflow.approve_application(application, by=staff_reviewer())
        second = workflow.approve_application(application, by=staff_reviewer())
        assert first == second
        assert City.objects.filter(name_en="Galway").count() == 1
        assert application.events.filter(to_state="approved").count() == 1

    def test_reject_needs_a_reason_and_tells_the_applicant(self, make_application):
        application = make_application(State.UNDER_REVIEW)
        with pytest.raises(workflow.ApplicationError, match="reason"):
            workflow.reject_application(application, reason="  ", by=staff_reviewer())
        mail.outbox.clear()
        workflow.reject_application(application, reason="Not yet ready.", by=staff_reviewer())
        assert "Not yet ready." in mail.outbox[-1].body

    def test_internal_notes_are_not_visible_to_the_applicant(self, make_application):
        application = make_application(State.SUBMITTED)
        workflow.add_internal_note(
            application, note="Check the mayor's title.", by=staff_reviewer()
        )
        visible = application.events.filter(visible_to_applicant=True)
        assert "Check the mayor's title." not in [e.note for e in visible]


@pytest.mark.django_db
class TestRules:
    def test_incomplete_application_lists_every_missing_item(self, call, applicant, themes):
        application = workflow.start_application(applicant=applicant, call=call)
        workflow.save_draft(application, by=applicant, city_name="Galway")
        with pytest.raises(workflow.ApplicationIncomplete) as error:
            workflow.submit_application(application, by=applicant)
        missing = error.value.missing
        assert "country" in missing
        assert "the mayor's signed pledge (PDF)" in missing
        assert "challenge ratings (1–5) for every theme" in missing
        assert "name of the city" not in missing
        # 29 items and the ratings, less the name given, the e-mail (pre-filled from the
        # account) and the language (English by default).
        assert len(missing) == 27
        application.refresh_from_db()
        assert application.state == "draft"

    def test_submission_after_the_call_closed_is_refused_with_the_time(self, make_application):
        application = make_application()
        closed = application.call.closes_at + datetime.timedelta(minutes=1)
        with pytest.raises(workflow.CallClosed, match="Europe/Berlin"):
            workflow.submit_application(application, by=application.applicant, at=closed)
        application.refresh_from_db()
        assert application.state == "draft"

    def test_no_application_before_the_call_opens(self, call, applicant):
        with pytest.raises(workflow.CallClosed):
            workflow.start_application(
                applicant=applicant, call=call, at=call.opens_at - datetime.timedelta(days=1)
            )

    def test_start_returns_the_open_application(self, call, applicant):
        first = workflow.start_application(applicant=applicant, call=call)
        assert workflow.start_application(applicant=applicant, call=call) == first

    def test_a_submitted_application_cannot_be_edited(self, make_application):
        application = make_application(State.SUBMITTED)
        with pytest.raises(workflow.ApplicationError, match="can no longer be changed"):
            workflow.save_draft(application, by=application.applicant, city_name="Other")

    def test_database_refuses_two_open_applications_per_applicant_and_call(self, call, applicant):
        from django.db import IntegrityError, transaction

        MembershipApplication.objects.create(call=call, applicant=applicant)
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipApplication.objects.create(call=call, applicant=applicant)


# Every move not in the map (no service ever moves an application back to draft).
FORBIDDEN = [
    (state, target)
    for state in State
    for target in State
    if target not in ALLOWED_TRANSITIONS[state] and target not in (state, State.DRAFT)
]
MOVES = {
    State.SUBMITTED: lambda a, s: workflow.submit_application(a, by=a.applicant),
    # Back under review: staff start it; from a request, the applicant's answer does.
    State.UNDER_REVIEW: lambda a, s: (
        workflow.answer_information_request(a, answer="Here it is.", by=a.applicant)
        if a.state == State.INFO_REQUESTED
        else workflow.start_review(a, by=s)
    ),
    State.INFO_REQUESTED: lambda a, s: workflow.request_information(a, message="?", by=s),
    State.APPROVED: lambda a, s: workflow.approve_application(a, by=s),
    State.REJECTED: lambda a, s: workflow.reject_application(a, reason="r", by=s),
    State.WITHDRAWN: lambda a, s: workflow.withdraw_application(a, by=a.applicant),
    State.ENDORSED: lambda a, s: workflow.record_commission_decision_by_staff(
        a, decision=CommissionDecision.ENDORSE, note="n", by=s
    ),
    State.NOT_ENDORSED: lambda a, s: workflow.record_commission_decision_by_staff(
        a, decision=CommissionDecision.DECLINE, note="n", by=s
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "target"), FORBIDDEN, ids=lambda v: str(v))
def test_forbidden_transitions_change_nothing(make_application, state, target):
    application = make_application(state)
    events_before = application.events.count()
    with pytest.raises(workflow.ApplicationError):
        MOVES[target](application, staff_reviewer())
    application.refresh_from_db()
    assert application.state == state
    assert application.events.count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "target"),
    [(s, t) for s, targets in ALLOWED_TRANSITIONS.items() for t in sorted(targets)],
    ids=lambda v: str(v),
)
def test_every_allowed_transition_writes_its_event(make_application, state, target):
    application = make_application(state)
    staff = staff_reviewer()
    MOVES[target](application, staff)
    application.refresh_from_db()
    event = application.events.filter(to_state=target).latest("created_at")
    assert application.state == target
    assert (event.from_state, event.to_state, event.actor_name != "") == (state, target, True)
    assert event.visible_to_applicant is True


@pytest.mark.postgresql("two connections racing, with an advisory lock between them")
@pytest.mark.django_db(transaction=True)
def test_two_staff_approving_at_once_create_one_city(make_application):
    application = make_application(State.UNDER_REVIEW)
    staff = staff_reviewer()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def approve():
        from django.db import connections

        try:
            barrier.wait()
            results.append(workflow.approve_application(application, by=staff).pk)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert City.objects.filter(name_en="Galway").count() == 1
    assert (
        ApplicationEvent.objects.filter(application=application, to_state="approved").count() == 1
    )


@pytest.mark.django_db
def test_staff_record_the_commissions_letter_checked_as_a_pdf(make_application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = make_application(State.SUBMITTED)
    fake = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>")
    with pytest.raises(workflow.ApplicationError, match="not a PDF"):
        workflow.record_commission_decision_by_staff(
            application,
            decision=CommissionDecision.ENDORSE,
            note="Letter",
            by=staff_reviewer(),
            document=fake,
        )
    application.refresh_from_db()
    assert application.state == "submitted"
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n")
    workflow.record_commission_decision_by_staff(
        application,
        decision=CommissionDecision.ENDORSE,
        note="Letter of 3 May",
        by=staff_reviewer(),
        document=letter,
    )
    application.refresh_from_db()
    assert application.state == "endorsed"
    assert application.commission_letter.name.startswith("commission-letters/")
    assert application.commission_letter.read().startswith(b"%PDF-")


@pytest.mark.django_db
def test_staff_cannot_take_back_an_application_waiting_for_the_answer(make_application):
    application = make_application(State.INFO_REQUESTED)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.start_review(application, by=staff_reviewer())
    application.refresh_from_db()
    assert application.state == "info_requested"


# --- One step of the form saved ------------------------------------------------------------


@pytest.mark.django_db
def test_save_step_saves_the_fields_of_a_step(call, applicant):
    application = workflow.start_application(applicant=applicant, call=call)

    workflow.save_step(
        application, CITY, by=applicant, answers={"city_name": "Galway", "country": "IE"}
    )

    application.refresh_from_db()
    assert (application.city_name, application.country.code) == ("Galway", "IE")


@pytest.mark.django_db
def test_save_step_rates_themes_and_removes_the_rating_of_a_theme_left_unrated(
    call, applicant, themes
):
    literacy, health = themes
    application = workflow.start_application(applicant=applicant, call=call)
    workflow.save_step(
        application, CHALLENGES, by=applicant, answers={}, ratings={literacy: 4, health: 2}
    )

    workflow.save_step(
        application, CHALLENGES, by=applicant, answers={}, ratings={literacy: 5, health: None}
    )

    ratings = application.challenge_ratings.values_list("theme__name", "rating")
    assert list(ratings) == [("Literacy", 5)]


@pytest.mark.django_db
def test_save_step_on_a_submitted_application_saves_nothing(make_application):
    application = make_application(State.SUBMITTED)
    before = list(application.challenge_ratings.values_list("theme_id", "rating"))
    theme = application.challenge_ratings.first().theme

    with pytest.raises(workflow.ApplicationError, match="can no longer be changed"):
        workflow.save_step(
            application,
            CHALLENGES,
            by=application.applicant,
            answers={},
            ratings={theme: 1},
        )

    assert list(application.challenge_ratings.values_list("theme_id", "rating")) == before


@pytest.mark.django_db
def test_save_step_deletes_a_replaced_pledge_once_committed(
    make_application, django_capture_on_commit_callbacks
):
    application = make_application()
    first = application.pledge.name
    storage = application.pledge.storage

    with django_capture_on_commit_callbacks(execute=True):
        saved = workflow.save_step(
            application,
            PLEDGE,
            by=application.applicant,
            answers={"pledge": pdf_upload("second.pdf"), "pledge_name": "second.pdf"},
        )

    assert saved.pledge_name == "second.pdf"
    assert not storage.exists(first)
    assert storage.exists(saved.pledge.name)
