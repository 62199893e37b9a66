"""UIL staff's back office for membership applications: the review queue, its actions (each
through one workflow service), the pledge behind a permission check, the CSV export and the
per-call summary. State is built with the real services (tests/cities/conftest.py)."""

import csv
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.enums import ApplicationState
from cities.models import City, MembershipApplication, NationalCommission
from cities.services import applications as workflow
from tests import world
from tests.world import PDF

State = ApplicationState
LOGIN = "/admin/login/"


def admin_url(name, *args):
    return reverse(f"admin:cities_membershipapplication_{name}", args=args)


def action_url(application, action):
    return admin_url("action", application.pk, action)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def events_of(application):
    """Each event as (from, to, what it says, who, seen by the applicant): what the portal
    did, worded, then the note a person typed."""
    return [
        (
            e.from_state,
            e.to_state,
            "\n".join(filter(None, [e.wording, e.note])),
            e.actor,
            e.visible_to_applicant,
        )
        for e in application.events.order_by("created_at", "pk")
    ]


def new_user(email, **fields):
    return world.user(email, password="pass-1234567", **fields)


@pytest.fixture
def bare_staff(db):
    """Staff, but not in the Secretariat group: no permission on applications."""
    return world.staff(
        "bare@uil.example", secretariat=False, verified=None, password="pass-1234567"
    )


@pytest.fixture
def endorsed(make_application):
    return make_application(State.ENDORSED)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# --- Who may see what ---------------------------------------------------------------------


def staff_pages(application):
    return {
        "changelist": admin_url("changelist"),
        "change": admin_url("change", application.pk),
        "summary": admin_url("call_summary", application.call_id),
        "pledge": admin_url("pledge", application.pk),
        "export": admin_url("export"),
        "action form": action_url(application, "start-review"),
        "call list": reverse("admin:cities_membershipcall_changelist"),
        "commission list": reverse("admin:cities_nationalcommission_changelist"),
    }


PAGES = [
    "changelist",
    "change",
    "summary",
    "pledge",
    "export",
    "action form",
    "call list",
    "commission list",
]


@pytest.mark.django_db
class TestPermissionTable:
    @pytest.mark.parametrize("page", PAGES)
    def test_secretariat_reaches_the_page(self, staff_client, endorsed, page):
        response = staff_client.get(staff_pages(endorsed)[page])
        assert response.status_code == 200

    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_visitor_is_sent_to_the_login(self, client, endorsed, page):
        response = client.get(staff_pages(endorsed)[page])
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("page", PAGES)
    def test_signed_in_non_staff_is_sent_to_the_login(self, client, visitor_user, endorsed, page):
        client.force_login(visitor_user)
        response = client.get(staff_pages(endorsed)[page])
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("page", PAGES)
    def test_the_applicant_is_sent_to_the_login(self, client, endorsed, page):
        client.force_login(endorsed.applicant)
        response = client.get(staff_pages(endorsed)[page])
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("page", PAGES)
    def test_staff_without_the_group_is_refused(self, client, bare_staff, endorsed, page):
        client.force_login(bare_staff)
        response = client.get(staff_pages(endorsed)[page])
        assert response.status_code == 403

    def test_staff_without_the_group_cannot_act(self, client, bare_staff, endorsed):
        client.force_login(bare_staff)
        response = client.post(action_url(endorsed, "start-review"))
        assert response.status_code == 403
        endorsed.refresh_from_db()
        assert endorsed.state == State.ENDORSED

    def test_non_staff_cannot_act(self, client, visitor_user, endorsed):
        client.force_login(visitor_user)
        response = client.post(action_url(endorsed, "start-review"))
        assert response["Location"].startswith(LOGIN)
        endorsed.refresh_from_db()
        assert endorsed.state == State.ENDORSED

    def test_pledge_is_the_uploaded_pdf_never_cached(self, staff_client, endorsed):
        response = staff_client.get(admin_url("pledge", endorsed.pk))
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert "attachment" in response["Content-Disposition"]

    def test_application_without_pledge_has_no_pledge_url(self, staff_client, make_application):
        draft = make_application(State.DRAFT)
        draft.pledge.delete(save=True)
        assert staff_client.get(admin_url("pledge", draft.pk)).status_code == 404
        body = staff_client.get(admin_url("change", draft.pk)).content.decode()
        assert admin_url("pledge", draft.pk) not in body

    def test_unknown_application_and_action_are_404(self, staff_client, endorsed):
        assert staff_client.get(admin_url("pledge", 999999)).status_code == 404
        assert staff_client.get(action_url(endorsed, "delete-everything")).status_code == 404


# --- The actions: one service each ----------------------------------------------------------


@pytest.mark.django_db
class TestActions:
    def test_start_review(self, staff_client, staff_user, endorsed):
        before = events_of(endorsed)
        response = staff_client.post(action_url(endorsed, "start-review"))
        assert response.status_code == 302
        assert response["Location"] == admin_url("change", endorsed.pk)
        endorsed.refresh_from_db()
        assert endorsed.state == State.UNDER_REVIEW
        assert events_of(endorsed) == [
            *before,
            (
                "endorsed",
                "under_review",
                "UIL has started reviewing the application.",
                staff_user,
                True,
            ),
        ]
        assert messages_of(response) == ["The review of “Galway” has started."]

    def test_request_information_sends_the_message_to_the_applicant(
        self, staff_client, staff_user, make_application, django_capture_on_commit_callbacks
    ):
        application = make_application(State.UNDER_REVIEW)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                action_url(application, "request-information"),
                {"request-information-message": "Please add the budget for 2027."},
            )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.state == State.INFO_REQUESTED
        assert events_of(application)[-1] == (
            "under_review",
            "info_requested",
            "Please add the budget for 2027.",
            staff_user,
            True,
        )
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert "Please add the budget for 2027." in mail.outbox[0].body

    def test_request_information_needs_a_message(self, staff_client, make_application):
        application = make_application(State.UNDER_REVIEW)
        before = events_of(application)
        response = staff_client.post(
            action_url(application, "request-information"), {"request-information-message": " "}
        )
        assert response.status_code == 200
        assert response.context["entry"]["form"].errors == {"message": ["This field is required."]}
        application.refresh_from_db()
        assert application.state == State.UNDER_REVIEW
        assert events_of(application) == before

    def test_approve_creates_the_city_and_welcomes_the_applicant(
        self, staff_client, staff_user, make_application, django_capture_on_commit_callbacks
    ):
        application = make_application(State.UNDER_REVIEW)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = world.post_action(
                staff_client,
                action_url(application, "approve"),
                {"approve-note": "Welcome aboard."},
            )
        assert response.status_code == 302
        application.refresh_from_db()
        city = City.objects.get()
        assert application.state == State.APPROVED
        assert application.city == city
        assert (
            city.name_en,
            city.country.code,
            city.website,
            city.mayor_name,
            city.mayor_title,
            city.population,
            city.population_year,
            city.focal_point,
            city.focal_point_email,
        ) == (
            "Galway",
            "IE",
            "https://galway.example",
            "Doe, Jane",
            "Mayor of Galway",
            85910,
            2022,
            application.applicant,
            "focal@galway.example",
        )
        assert events_of(application)[-1] == (
            "under_review",
            "approved",
            "Admitted to the network.\nWelcome aboard.",
            staff_user,
            True,
        )
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert "Galway" in mail.outbox[0].subject
        assert f"/cities/{city.slug}/" in mail.outbox[0].body

    def test_approving_twice_creates_one_city(
        self, staff_client, make_application, django_capture_on_commit_callbacks
    ):
        application = make_application(State.UNDER_REVIEW)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            url = action_url(application, "approve")
            confirmation = staff_client.post(url, {"approve-note": ""})
            confirmed = {"approve-note": "", "confirmed": world.confirmation_of(confirmation)}
            first = staff_client.post(url, confirmed)
            second = staff_client.post(url, confirmed)
        assert (first.status_code, second.status_code) == (302, 302)
        assert City.objects.count() == 1
        assert application.events.filter(to_state=State.APPROVED).count() == 1
        assert len(mail.outbox) == 1
        assert messages_of(second)[-1] == "This application was already approved; nothing changed."

    def test_reject_needs_a_reason_then_tells_the_applicant(
        self, staff_client, staff_user, make_application, django_capture_on_commit_callbacks
    ):
        application = make_application(State.UNDER_REVIEW)
        refused = staff_client.post(action_url(application, "reject"), {"reject-reason": ""})
        assert refused.status_code == 200
        application.refresh_from_db()
        assert application.state == State.UNDER_REVIEW
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            world.post_action(
                staff_client,
                action_url(application, "reject"),
                {"reject-reason": "No strategy yet."},
            )
        application.refresh_from_db()
        assert application.state == State.REJECTED
        assert application.decided_at is not None
        assert events_of(application)[-1] == (
            "under_review",
            "rejected",
            "No strategy yet.",
            staff_user,
            True,
        )
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert City.objects.count() == 0

    def test_record_the_commissions_decision_with_its_letter(
        self, staff_client, staff_user, make_application
    ):
        application = make_application(State.SUBMITTED)
        response = staff_client.post(
            action_url(application, "commission-decision"),
            {
                "commission-decision-decision": "endorse",
                "commission-decision-note": "Letter of 3 May, signed by the Secretary-General",
                "commission-decision-document": SimpleUploadedFile(
                    "letter.pdf", PDF, content_type="application/pdf"
                ),
            },
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.state == State.ENDORSED
        last = application.events.order_by("-created_at", "-pk").first()
        assert (last.from_state, last.to_state, last.note, last.actor, last.wording) == (
            "submitted",
            "endorsed",
            "Letter of 3 May, signed by the Secretary-General",
            staff_user,
            "Decision of the National Commission recorded by UIL staff.",
        )
        assert [i.used_at is not None for i in application.commission_invitations.all()] == [True]
        letter = staff_client.get(admin_url("letter", application.pk))
        assert b"".join(letter.streaming_content) == PDF

    def test_the_commissions_letter_must_be_a_pdf(self, staff_client, make_application):
        application = make_application(State.SUBMITTED)
        response = staff_client.post(
            action_url(application, "commission-decision"),
            {
                "commission-decision-decision": "endorse",
                "commission-decision-note": "Letter",
                "commission-decision-document": SimpleUploadedFile(
                    "letter.pdf", b"<html>not a pdf</html>"
                ),
            },
        )
        assert response.status_code == 200
        assert "not a PDF" in str(response.context["entry"]["form"].errors["document"])
        application.refresh_from_db()
        assert application.state == State.SUBMITTED

    def test_the_commissions_decision_needs_a_note(self, staff_client, make_application):
        application = make_application(State.SUBMITTED)
        response = staff_client.post(
            action_url(application, "commission-decision"),
            {"commission-decision-decision": "decline", "commission-decision-note": ""},
        )
        assert response.status_code == 200
        application.refresh_from_db()
        assert application.state == State.SUBMITTED

    def test_internal_note_in_any_state_is_internal(
        self, staff_client, staff_user, make_application
    ):
        application = make_application(State.REJECTED)
        staff_client.post(
            action_url(application, "internal-note"),
            {"internal-note-note": "The mayor called; may reapply next year."},
        )
        application.refresh_from_db()
        assert application.state == State.REJECTED
        assert events_of(application)[-1] == (
            "",
            "",
            "The mayor called; may reapply next year.",
            staff_user,
            False,
        )

    def test_withdraw_at_the_applicants_request(self, staff_client, staff_user, endorsed):
        staff_client.post(
            action_url(endorsed, "withdraw"), {"withdraw-note": "E-mail of 4 June from the city."}
        )
        endorsed.refresh_from_db()
        assert endorsed.state == State.WITHDRAWN
        assert events_of(endorsed)[-1] == (
            "endorsed",
            "withdrawn",
            "E-mail of 4 June from the city.",
            staff_user,
            True,
        )

    def test_forbidden_action_shows_the_services_error_and_changes_nothing(
        self, staff_client, make_application
    ):
        application = make_application(State.SUBMITTED)
        before = events_of(application)
        response = world.post_action(
            staff_client, action_url(application, "approve"), {"approve-note": ""}
        )
        assert response.status_code == 302
        assert response["Location"] == admin_url("change", application.pk)
        assert messages_of(response) == [
            "Nothing changed: “Galway” is now “Submitted”, where “Approve: admit the city” is "
            "not possible (it may have moved since the page was shown)."
        ]
        application.refresh_from_db()
        assert application.state == State.SUBMITTED
        assert events_of(application) == before
        assert City.objects.count() == 0

    def test_quota_refusal_is_the_services_message(self, staff_client, make_application, call):
        # The call allows two endorsements per country (conftest); a third is refused.
        for number in (1, 2):
            make_application(State.ENDORSED, user=new_user(f"a{number}@ie.example"))
        third = make_application(State.SUBMITTED)
        response = staff_client.post(
            action_url(third, "commission-decision"),
            {"commission-decision-decision": "endorse", "commission-decision-note": "Letter"},
        )
        assert messages_of(response) == [
            "The National Commission has already endorsed 2 applications in this call, "
            "the most it may."
        ]
        third.refresh_from_db()
        assert third.state == State.SUBMITTED

    def test_the_change_page_cannot_be_posted(self, staff_client, endorsed):
        response = staff_client.post(admin_url("change", endorsed.pk), {"state": "approved"})
        assert response.status_code == 405
        endorsed.refresh_from_db()
        assert endorsed.state == State.ENDORSED


@pytest.mark.django_db
def test_list_action_starts_the_review_of_endorsed_applications_only(
    staff_client, make_application
):
    one = make_application(State.ENDORSED)
    two = make_application(State.ENDORSED, user=new_user("b@cork.example"), city_name="Cork")
    waiting = make_application(
        State.SUBMITTED, user=new_user("c@limerick.example"), city_name="Limerick"
    )
    selected = {"action": "bulk_start_review", "_selected_action": [one.pk, two.pk, waiting.pk]}
    page = staff_client.post(admin_url("changelist"), selected)
    assert page.status_code == 200
    assert [(row["label"], row["refusal"]) for row in page.context["rows"]] == [
        (f"#{one.pk} Galway", ""),
        (f"#{two.pk} Cork", ""),
        (f"#{waiting.pk} Limerick", "not in the right state (Submitted)"),
    ]
    assert MembershipApplication.objects.filter(state=State.UNDER_REVIEW).count() == 0
    report = staff_client.post(admin_url("changelist"), {**selected, "confirmed": "start-review"})
    assert report.status_code == 200
    states = dict(MembershipApplication.objects.values_list("city_name", "state"))
    assert states == {"Galway": "under_review", "Cork": "under_review", "Limerick": "submitted"}
    assert [(row["label"], row["done"], row["text"]) for row in report.context["report"]] == [
        (f"#{one.pk} Galway", True, "The review of “Galway” has started."),
        (f"#{two.pk} Cork", True, "The review of “Cork” has started."),
        (f"#{waiting.pk} Limerick", False, "not in the right state (Submitted)"),
    ]


# --- The change page ------------------------------------------------------------------------


@pytest.mark.django_db
class TestChangePage:
    def test_shows_the_form_the_timeline_and_the_links(self, staff_client, staff_user, endorsed):
        workflow.add_internal_note(endorsed, note="Check the population figure.", by=staff_user)
        _, token = workflow.invite_commission(endorsed)
        body = staff_client.get(admin_url("change", endorsed.pk)).content.decode()
        assert "Part 1: the city" in body
        assert "Mayor of Galway" in body
        assert "Galway wants to learn." in body
        assert "Literacy: 3" in body
        assert admin_url("pledge", endorsed.pk) in body
        assert "Check the population figure." in body
        assert "Internal: staff only" in body
        assert "natcom" not in body  # no Commission on file: the links were sent to no one
        assert token not in body
        assert endorsed.commission_invitations.first().token_hash not in body
        assert "/private-media" not in body

    def test_offers_the_actions_of_the_state(self, staff_client, make_application):
        def offered(application):
            page = staff_client.get(admin_url("change", application.pk))
            return [entry["name"] for entry in page.context["staff_actions"]]

        assert offered(make_application(State.SUBMITTED)) == [
            "commission-decision",
            "withdraw",
            "internal-note",
        ]
        under_review = make_application(
            State.UNDER_REVIEW, user=new_user("u@example.org"), city_name="Cork"
        )
        assert offered(under_review) == [
            "request-information",
            "approve",
            "reject",
            "withdraw",
            "internal-note",
        ]
        approved = make_application(
            State.APPROVED, user=new_user("v@example.org"), city_name="Espoo", country="FI"
        )
        assert offered(approved) == ["internal-note"]

    def test_has_no_save_button_and_no_form_field_for_the_state(self, staff_client, endorsed):
        page = staff_client.get(admin_url("change", endorsed.pk))
        body = page.content.decode()
        assert list(page.context["adminform"].form.fields) == []
        assert 'name="_save"' not in body
        assert 'name="state"' not in body

    def test_has_no_inline_style_script_or_handler(self, staff_client, make_application):
        application = make_application(State.SUBMITTED)
        for url in (
            admin_url("change", application.pk),
            admin_url("changelist"),
            admin_url("call_summary", application.call_id),
            action_url(application, "commission-decision"),
            reverse("admin:cities_membershipcall_change", args=[application.call_id]),
        ):
            body = staff_client.get(url).content.decode()
            assert " style=" not in body, url
            assert "<style" not in body, url
            assert "onclick" not in body, url
            assert not re.search(r"\son[a-z]+=", body), url
            scripts = re.findall(r"<script[^>]*>", body)
            assert all(" src=" in tag for tag in scripts), (url, scripts)


# --- The queue: filters, search, ordering, export -------------------------------------------


@pytest.fixture
def queue(make_application):
    """Four applications in three regions and three states."""
    return {
        "galway": make_application(State.ENDORSED),
        "medellin": make_application(
            State.SUBMITTED, user=new_user("m@co.example"), city_name="Medellín", country="CO"
        ),
        "aswan": make_application(
            State.ENDORSED, user=new_user("a@eg.example"), city_name="Aswan", country="EG"
        ),
        "cork": make_application(State.DRAFT, user=new_user("c@ie.example"), city_name="Cork"),
    }


@pytest.mark.django_db
class TestQueue:
    def names(self, client, **params):
        response = client.get(admin_url("changelist"), params)
        assert response.status_code == 200
        return [application.city_name for application in response.context["cl"].result_list]

    def test_newest_submission_first_drafts_last(self, staff_client, queue):
        assert self.names(staff_client) == ["Aswan", "Medellín", "Galway", "Cork"]

    def test_region_filter(self, staff_client, queue):
        assert self.names(staff_client, region="LAC") == ["Medellín"]
        assert self.names(staff_client, region="ENA") == ["Galway", "Cork"]
        assert self.names(staff_client, region="AS") == ["Aswan"]
        assert self.names(staff_client, region="AF") == []

    def test_state_filter(self, staff_client, queue):
        assert self.names(staff_client, state__exact="endorsed") == ["Aswan", "Galway"]
        assert self.names(staff_client, state__exact="draft") == ["Cork"]

    def test_country_and_call_filters(self, staff_client, queue, call):
        assert self.names(staff_client, country="IE") == ["Galway", "Cork"]
        assert self.names(staff_client, call__id__exact=call.pk, country="EG") == ["Aswan"]

    def test_search_by_city_applicant_and_contact(self, staff_client, queue):
        assert self.names(staff_client, q="medell") == ["Medellín"]
        assert self.names(staff_client, q="a@eg.example") == ["Aswan"]
        assert self.names(staff_client, q="Roe, Rick") == ["Aswan", "Medellín", "Galway", "Cork"]

    def test_columns_show_region_and_last_event(self, staff_client, staff_user, queue):
        workflow.add_internal_note(queue["aswan"], note="Call the mayor's office.", by=staff_user)
        response = staff_client.get(admin_url("changelist"), {"region": "AS"})
        body = response.content.decode()
        assert "Arab States" in body
        assert "Endorsed by the National Commission" in body
        assert re.search(r"\d{4}-\d{2}-\d{2} \(note\)", body)

    def test_query_count_does_not_grow_with_the_queue(self, staff_client, make_application, call):
        make_application(State.ENDORSED)
        with CaptureQueriesContext(connection) as one:
            staff_client.get(admin_url("changelist"))
        for number in (2, 3):
            make_application(State.SUBMITTED, user=new_user(f"q{number}@example.org"))
        with CaptureQueriesContext(connection) as three:
            staff_client.get(admin_url("changelist"))
        assert len(three) == len(one)

    def test_csv_export_has_the_queue_columns_and_nothing_private(self, staff_client, queue):
        response = staff_client.post(
            admin_url("export") + "?state__exact=endorsed",
            {
                "format": "0",
                "resource": "0",
                **{
                    f"membershipapplicationresource_{name}": "on"
                    for name in (
                        "id",
                        "city_name",
                        "country",
                        "call",
                        "state",
                        "submitted_at",
                        "decided_at",
                        "applicant_email",
                        "language",
                    )
                },
            },
        )
        assert response.status_code == 200, response.content[:500]
        text = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows[0] == [
            "id",
            "city_name",
            "country",
            "call",
            "state",
            "submitted_at",
            "decided_at",
            "applicant_email",
            "language",
        ]
        assert sorted((r[1], r[2], r[3], r[4], r[7]) for r in rows[1:]) == [
            ("Aswan", "EG", "Call 2026", "endorsed", "a@eg.example"),
            ("Galway", "IE", "Call 2026", "endorsed", "focal@galway.example"),
        ]
        assert "pledges/" not in text
        assert "Galway wants to learn." not in text
        assert "+353" not in text

    def test_export_offers_only_the_declared_fields(self, staff_client, queue):
        form = staff_client.get(admin_url("export")).context["form"]
        selectable = sorted(
            name for name, field in form.fields.items() if getattr(field, "is_selectable_field", 0)
        )
        assert selectable == sorted(
            f"membershipapplicationresource_{name}"
            for name in (
                "id",
                "city_name",
                "country",
                "call",
                "state",
                "submitted_at",
                "decided_at",
                "applicant_email",
                "language",
            )
        )


# --- The per-call summary -------------------------------------------------------------------


@pytest.mark.django_db
class TestCallSummary:
    def test_counts_by_region_and_state_with_totals(self, staff_client, queue, call):
        context = staff_client.get(admin_url("call_summary", call.pk)).context
        states = [state.value for state in context["states"]]
        table = {
            row["label"]: {
                state: cell["count"]
                for state, cell in zip(states, row["cells"], strict=True)
                if cell["count"]
            }
            for row in context["rows"]
        }
        assert table == {
            "Africa": {},
            "Arab States": {"endorsed": 1},
            "Asia and the Pacific": {},
            "Europe and North America": {"draft": 1, "endorsed": 1},
            "Latin America and the Caribbean": {"submitted": 1},
        }
        totals = dict(zip(states, context["totals"], strict=True))
        assert (totals["draft"], totals["submitted"], totals["endorsed"]) == (1, 1, 2)
        assert context["grand_total"] == 4

    def test_endorsements_per_country_against_the_quota(self, staff_client, queue, call):
        rows = staff_client.get(admin_url("call_summary", call.pk)).context["quota_rows"]
        assert [(r["code"], r["endorsed"], r["left"], r["awaiting"]) for r in rows] == [
            ("CO", 0, 2, 1),
            ("EG", 1, 1, 0),
            ("IE", 1, 1, 0),
        ]

    def test_cells_link_to_the_filtered_queue(self, staff_client, queue, call):
        body = staff_client.get(admin_url("call_summary", call.pk)).content.decode()
        assert f"?call__id__exact={call.pk}&amp;state__exact=submitted&amp;region=LAC" in body

    def test_query_count_does_not_grow_with_the_applications(
        self, staff_client, make_application, call
    ):
        make_application(State.ENDORSED)
        with CaptureQueriesContext(connection) as one:
            staff_client.get(admin_url("call_summary", call.pk))
        for number, country in ((2, "CO"), (3, "EG")):
            make_application(
                State.SUBMITTED, user=new_user(f"s{number}@example.org"), country=country
            )
        with CaptureQueriesContext(connection) as three:
            staff_client.get(admin_url("call_summary", call.pk))
        assert len(three) == len(one)

    def test_linked_from_the_call_and_the_queue(self, staff_client, queue, call):
        url = admin_url("call_summary", call.pk)
        calls = staff_client.get(reverse("admin:cities_membershipcall_changelist"))
        assert url in calls.content.decode()
        change = staff_client.get(reverse("admin:cities_membershipcall_change", args=[call.pk]))
        assert url in change.content.decode()
        assert url in staff_client.get(admin_url("changelist")).content.decode()


# --- Calls and National Commissions ---------------------------------------------------------


@pytest.mark.django_db
class TestCallsAndCommissions:
    def test_call_has_translation_tabs(self, staff_client, call):
        body = staff_client.get(
            reverse("admin:cities_membershipcall_change", args=[call.pk])
        ).content.decode()
        assert 'name="title_fr"' in body
        assert 'name="description_es"' in body

    def test_call_closing_before_it_opens_is_explained(self, staff_client):
        response = staff_client.post(
            reverse("admin:cities_membershipcall_add"),
            {
                "title_en": "Call 2030",
                "opens_at_0": "2030-03-01",
                "opens_at_1": "00:00:00",
                "closes_at_0": "2030-02-01",
                "closes_at_1": "00:00:00",
                "time_zone": "Europe/Berlin",
                "quota_per_country": "3",
                "commission_deadline_0": "2030-04-01",
                "commission_deadline_1": "00:00:00",
            },
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {
            "closes_at": ["The call must close after it opens."]
        }

    def test_commission_addresses_are_checked_one_per_line(self, staff_client):
        url = reverse("admin:cities_nationalcommission_add")
        data = {"country": "FI", "name": "Finnish National Commission for UNESCO"}
        refused = staff_client.post(url, {**data, "emails": "ok@minedu.fi\nnot an address"})
        assert refused.context["adminform"].form.errors == {
            "emails": [
                "These are not e-mail addresses: not an address. Write one address per line."
            ]
        }
        staff_client.post(url, {**data, "emails": " ok@minedu.fi \n\nalso@minedu.fi"})
        assert NationalCommission.objects.get(country="FI").email_list == [
            "ok@minedu.fi",
            "also@minedu.fi",
        ]

    def test_commissions_filter_by_region(self, staff_client, commission):
        NationalCommission.objects.create(country="CO", name="Colombia", emails="a@co.example")
        response = staff_client.get(
            reverse("admin:cities_nationalcommission_changelist"), {"region": "LAC"}
        )
        assert [c.name for c in response.context["cl"].result_list] == ["Colombia"]
