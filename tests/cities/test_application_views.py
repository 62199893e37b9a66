"""The applicant's pages: join, dashboard, the form in steps, submission, answer, withdrawal
and the pledge download. State is built with the real services; every denial is asserted."""

import re
import zoneinfo
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from cities.application_steps import CHALLENGES
from cities.enums import ApplicationState, CommissionDecision
from cities.forms import STEPS, ChallengesStepForm
from cities.models import (
    ApplicationEvent,
    ChallengeRating,
    MembershipApplication,
    MembershipCall,
)
from cities.permissions import is_secretariat
from cities.services import applications as workflow
from gnlc.core.forms import is_single_line, validate_single_line
from tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded pledges go to a directory of this test, removed with it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": "/not-served/"},
        },
    }


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to a /fr/ page leaves French active in the
    thread, and reverse() would then build /fr/ addresses for the next test."""
    with translation.override("en"):
        yield


PASSWORD = "secret-pass-123"


def tiny_pdf():
    """A small but valid PDF document: one empty A4 page, with a correct cross-reference."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


PDF = tiny_pdf()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\0" * 64
HTML = b"<!DOCTYPE html><html><body><h1>Pledge</h1><script>alert(1)</script></body></html>"


def pdf_upload(name="Pledge of the Mayor.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def call(db):
    """A call open now: opened three days ago, closes in twelve days, in Paris time."""
    now = timezone.now()
    return world.membership_call(
        title="Call for membership 2027",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=12, hours=2),
        time_zone="Europe/Paris",
        quota_per_country=3,
        commission_deadline=now + timedelta(days=40),
        announcement_on=(now + timedelta(days=120)).date(),
    )


@pytest.fixture
def themes(make_cluster):
    return [
        make_cluster("Health and well-being", order=1),
        make_cluster("Equity and inclusion", order=2),
    ]


@pytest.fixture
def applicant(db):
    return world.user("focal.point@cork.example", password=PASSWORD, full_name="Aoife Murphy")


@pytest.fixture
def other_applicant(db):
    return world.user("someone@limerick.example", password=PASSWORD)


@pytest.fixture
def commission(db):
    return world.national_commission(
        "IE", name="Irish National Commission for UNESCO", emails="natcom@example.ie"
    )


@pytest.fixture
def draft(applicant, call):
    return workflow.start_application(applicant=applicant, call=call)


COMPLETE_FIELDS = {
    "city_name": "Cork",
    "country": "IE",
    "website": "https://www.corkcity.ie",
    "mayor_salutation": "mr",
    "mayor_name": "Boyle, Dan",
    "mayor_title": "Lord Mayor of Cork",
    "contact_salutation": "ms",
    "contact_name": "Murphy, Aoife",
    "contact_title": "Learning City Coordinator",
    "contact_address": "City Hall, Anglesea Street",
    "contact_postcode": "T12 T997",
    "contact_phone": "+353 21 492 4000",
    "contact_email": "learningcity@corkcity.example",
    "language": "en",
    "population": 224004,
    "population_year": 2022,
    "area_km2": "187.00",
    "area_year": 2022,
    "gdp_city": "65000.00",
    "gdp_city_year": 2021,
    "gdp_country": "100000.00",
    "gdp_country_year": 2022,
    "schooling_women": "13.5",
    "schooling_women_year": 2021,
    "schooling_men": "13.1",
    "schooling_men_year": 2021,
    "motivation": "Cork has held a Lifelong Learning Festival every spring since 2004.",
    "implementation": "A Learning City partnership of the city, its universities and NGOs.",
}


def complete(application, themes):
    """Fill every item services.applications.missing_items asks for, through the services,
    the ratings as the challenges form hands them over."""
    workflow.save_draft(
        application,
        by=application.applicant,
        **COMPLETE_FIELDS,
        pledge=pdf_upload(),
        pledge_name="Pledge of the Mayor.pdf",
    )
    form = ChallengesStepForm(
        data={f"theme_{theme.pk}": "4" for theme in themes}, instance=application
    )
    assert form.is_valid(), form.errors
    workflow.save_step(
        application, CHALLENGES, by=application.applicant, answers={}, ratings=form.ratings()
    )
    assert workflow.missing_items(application) == []
    return application


@pytest.fixture
def complete_draft(draft, themes):
    return complete(draft, themes)


def in_state(application, state, staff):
    """Move a complete draft to `state` through the real transitions."""
    if state == ApplicationState.DRAFT:
        return application
    workflow.submit_application(application, by=application.applicant)
    if state == ApplicationState.SUBMITTED:
        return application
    workflow.record_commission_decision_by_staff(
        application, decision=CommissionDecision.ENDORSE, note="Letter of 3 May.", by=staff
    )
    workflow.start_review(application, by=staff)
    if state == ApplicationState.UNDER_REVIEW:
        return application
    workflow.request_information(
        application, message="Please give the source of the population figure.", by=staff
    )
    assert application.state == state
    return application


def login(user):
    """A fresh browser (another device) signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def url(name, application, *extra):
    return reverse(f"cities:{name}", args=[application.pk, *extra])


def text_of(response):
    return response.content.decode()


# --- The join page ---------------------------------------------------------------------------


def test_join_page_shows_the_open_call_in_its_own_time_zone(client, call):
    response = client.get("/en/join/")

    page = text_of(response)
    assert response.status_code == 200
    assert "Call for membership 2027" in page
    assert "The call closes in 12\xa0days." in page
    closes = timezone.localtime(call.closes_at, call.zone)
    assert f"{closes.day} {closes:%B %Y, %H:%M}</time> (Europe/Paris)" in page
    deadline = timezone.localtime(call.commission_deadline, call.zone)
    assert f"{deadline.day} {deadline:%B %Y, %H:%M}</time> (Europe/Paris)" in page
    assert "Each National Commission may endorse up to 3 applications." in page
    assert f'href="{reverse("cities:application-list")}">Apply now</a>' in page
    assert "How to join" in page
    assert "The mayor's signed pledge:" in page


def test_join_page_for_visitors_has_no_form_or_token(client, call):
    response = client.get("/en/join/")

    page = text_of(response)
    assert "csrfmiddlewaretoken" not in page
    # The header's site search is a GET form; nothing is posted from this page.
    assert 'method="post"' not in page.lower()
    assert "csrftoken" not in response.cookies


def test_join_page_without_an_open_call_shows_the_next_one(client):
    now = timezone.now()
    MembershipCall.objects.create(
        title="Call for membership 2028",
        opens_at=now + timedelta(days=30, hours=1),
        closes_at=now + timedelta(days=60),
        commission_deadline=now + timedelta(days=90),
        time_zone="America/Mexico_City",
    )

    page = text_of(client.get("/en/join/"))

    assert "No call is open at the moment" in page
    opens = timezone.localtime(
        MembershipCall.objects.get().opens_at, zoneinfo.ZoneInfo("America/Mexico_City")
    )
    assert (
        f"The next call, “Call for membership 2028”, opens on {opens.day} "
        f"{opens:%B %Y, %H:%M} (America/Mexico_City), in 30\xa0days."
    ) in page
    assert "Apply now" not in page


def test_join_page_without_any_call_says_the_next_will_be_announced(client):
    past = timezone.now() - timedelta(days=400)
    MembershipCall.objects.create(
        title="Call for membership 2025",
        opens_at=past,
        closes_at=past + timedelta(days=30),
        commission_deadline=past + timedelta(days=60),
    )

    page = text_of(client.get("/en/join/"))

    assert "The next call for applications will be announced on this page." in page
    assert "Call for membership 2025" not in page
    assert "Apply now" not in page


# --- Who may see what ------------------------------------------------------------------------

APPLICANT_URLS = [
    ("get", "application-list", False),
    ("post", "application-start", False),
    ("get", "application-detail", True),
    ("get", "application-edit", True),
    ("get", "application-submit", True),
    ("post", "application-submit", True),
    ("post", "application-answer", True),
    ("post", "application-withdraw", True),
    ("get", "application-pledge", True),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), APPLICANT_URLS)
def test_applicant_url_without_login_redirects_to_the_login(
    client, complete_draft, method, name, with_pk
):
    args = [complete_draft.pk] if with_pk else []
    if name == "application-edit":
        args.append("city")
    path = reverse(f"cities:{name}", args=args)

    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={path}"
    complete_draft.refresh_from_db()
    assert complete_draft.state == ApplicationState.DRAFT


# action: (method, url name, extra URL arguments, state to build, POST data)
ACTIONS = {
    "detail": ("get", "application-detail", [], ApplicationState.DRAFT, None),
    "edit": ("get", "application-edit", ["city"], ApplicationState.DRAFT, None),
    "submit": ("get", "application-submit", [], ApplicationState.DRAFT, None),
    "answer": (
        "post",
        "application-answer",
        [],
        ApplicationState.INFO_REQUESTED,
        {"answer": "The figure comes from the 2022 census."},
    ),
    "withdraw": ("post", "application-withdraw", [], ApplicationState.DRAFT, {"confirm": "on"}),
    "pledge": ("get", "application-pledge", [], ApplicationState.DRAFT, None),
}
ROLES = ["visitor", "other applicant", "applicant", "staff"]
GRANTED = {("applicant", action) for action in ACTIONS} | {("staff", "detail"), ("staff", "pledge")}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_table(
    client, complete_draft, applicant, other_applicant, staff_user, role, action
):
    method, name, extra, state, data = ACTIONS[action]
    application = in_state(complete_draft, state, staff_user)
    user = {
        "visitor": None,
        "other applicant": other_applicant,
        "applicant": applicant,
        "staff": staff_user,
    }[role]
    if user:
        client.force_login(user)
    assert is_secretariat(staff_user)
    path = url(name, application, *extra)

    response = getattr(client, method)(path, data or {})

    application.refresh_from_db()
    if (role, action) not in GRANTED:
        if role == "visitor":
            assert response.status_code == 302
            assert response["Location"].startswith("/en/accounts/login/?next=")
        else:
            assert response.status_code == 404
            assert "Cork" not in text_of(response)
        assert application.state == state
        return
    if action == "pledge":
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF
    elif method == "get":
        assert response.status_code == 200
        assert "Cork" in text_of(response)
    elif action == "answer":
        assert response["Location"] == url("application-detail", application)
        assert application.state == ApplicationState.UNDER_REVIEW
    elif action == "withdraw":
        assert response["Location"] == url("application-detail", application)
        assert application.state == ApplicationState.WITHDRAWN


def test_unknown_and_foreign_applications_look_the_same(client, complete_draft, other_applicant):
    client.force_login(other_applicant)

    foreign = client.get(url("application-detail", complete_draft))
    unknown = client.get(reverse("cities:application-detail", args=[complete_draft.pk + 1000]))

    assert (foreign.status_code, unknown.status_code) == (404, 404)

    def normalised(response):
        # The same page but for the address itself (language links) and the masked token.
        page = re.sub(r"/applications/\d+/", "/applications/ID/", text_of(response))
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "TOKEN", page)

    assert normalised(foreign) == normalised(unknown)


def test_detail_of_a_complete_draft_offers_to_submit(client, applicant, complete_draft):
    client.force_login(applicant)

    page = text_of(client.get(url("application-detail", complete_draft)))

    assert f'<form method="post" action="{url("application-submit", complete_draft)}"' in page
    assert "Every item of the form is filled in." in page
    assert page.count("(complete)") == 7


def test_staff_detail_page_shows_no_applicant_forms(client, complete_draft, staff_user):
    client.force_login(staff_user)

    page = text_of(client.get(url("application-detail", complete_draft)))

    assert "Cork" in page
    assert url("application-withdraw", complete_draft) not in page
    assert url("application-edit", complete_draft, "city") not in page
    assert url("application-submit", complete_draft) not in page


# --- The dashboard ---------------------------------------------------------------------------


def test_dashboard_lists_applications_with_state_and_next_step(
    client, applicant, complete_draft, staff_user
):
    in_state(complete_draft, ApplicationState.SUBMITTED, staff_user)
    client.force_login(applicant)

    response = client.get("/en/applications/")

    page = text_of(response)
    assert [a.pk for a in response.context["applications"]] == [complete_draft.pk]
    assert "Cork" in page
    assert "Call for membership 2027" in page
    assert "Submitted" in page
    # No Commission address on file in this test: the dashboard says no link was sent.
    assert "No e-mail address of your country's National Commission for UNESCO" in page
    assert "You already have an application to this call." in page
    assert 'action="/en/applications/start/"' not in page


def test_dashboard_offers_to_start_when_a_call_is_open(client, applicant, call):
    client.force_login(applicant)

    page = text_of(client.get("/en/applications/"))

    assert "You have no application yet." in page
    assert 'action="/en/applications/start/"' in page
    assert "csrfmiddlewaretoken" in page
    assert "closes in 12\xa0days" in page


def test_dashboard_without_an_open_call_says_so(client, applicant):
    client.force_login(applicant)

    page = text_of(client.get("/en/applications/"))

    assert "No call is open at the moment" in page
    assert 'action="/en/applications/start/"' not in page


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/applications/")
    assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_applications(client, applicant, call):
    client.force_login(applicant)
    first = workflow.start_application(applicant=applicant, call=call)
    one = dashboard_queries(client)

    workflow.withdraw_application(first, by=applicant)
    second = workflow.start_application(applicant=applicant, call=call)
    workflow.withdraw_application(second, by=applicant)
    workflow.start_application(applicant=applicant, call=call)
    three = dashboard_queries(client)

    assert MembershipApplication.objects.filter(applicant=applicant).count() == 3
    assert one == three


def test_start_creates_a_draft_and_opens_the_first_step(client, applicant, call):
    client.force_login(applicant)

    response = client.post("/en/applications/start/")

    application = MembershipApplication.objects.get(applicant=applicant)
    assert response["Location"] == url("application-edit", application, "city")
    assert (application.call, application.state) == (call, ApplicationState.DRAFT)
    assert application.contact_email == applicant.email
    assert list(application.events.values_list("to_state", flat=True)) == ["draft"]


def test_start_twice_resumes_the_same_draft(client, applicant, call):
    client.force_login(applicant)

    client.post("/en/applications/start/")
    client.post("/en/applications/start/")

    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1


def test_start_without_an_open_call_is_refused_with_a_message(client, applicant):
    client.force_login(applicant)

    response = client.post("/en/applications/start/", follow=True)

    assert "No call for applications is open at the moment." in text_of(response)
    assert not MembershipApplication.objects.exists()


# --- The form in steps -----------------------------------------------------------------------

STEP_DATA = {
    "city": (
        {"city_name": "Cork", "country": "IE", "website": "https://www.corkcity.ie"},
        {"city_name": "Cork", "country": "IE", "website": "https://www.corkcity.ie"},
    ),
    "mayor": (
        {"mayor_salutation": "mr", "mayor_name": "Boyle, Dan", "mayor_title": "Lord Mayor"},
        {"mayor_salutation": "mr", "mayor_name": "Boyle, Dan", "mayor_title": "Lord Mayor"},
    ),
    "contact": (
        {
            "contact_salutation": "ms",
            "contact_name": "Murphy, Aoife",
            "contact_phone": "+353 21 492 4000",
            "contact_email": "aoife@corkcity.example",
            "language": "fr",
        },
        {"contact_name": "Murphy, Aoife", "contact_email": "aoife@corkcity.example"},
    ),
    "profile": (
        {"population": "224004", "population_year": "2022", "schooling_men": "13.1"},
        {"population": 224004, "population_year": 2022},
    ),
    "texts": (
        {"motivation": "Learning for all, in every neighbourhood.", "implementation": ""},
        {"motivation": "Learning for all, in every neighbourhood.", "implementation": ""},
    ),
}


@pytest.mark.parametrize("step", list(STEP_DATA))
def test_step_saves_a_draft_that_can_be_resumed_on_another_device(applicant, draft, step):
    data, expected = STEP_DATA[step]
    laptop = login(applicant)

    response = laptop.post(url("application-edit", draft, step), data)

    assert response.status_code == 302
    saved = MembershipApplication.objects.get(pk=draft.pk)
    assert {name: getattr(saved, name) for name in expected} == expected
    phone = login(applicant)
    page = text_of(phone.get(url("application-edit", draft, step)))
    for value in expected.values():
        if value:
            # Numbers are shown as English writes them: 224,004.
            shown = f"{value:,}" if isinstance(value, int) and value > 9999 else str(value)
            assert escape(shown) in page


def test_step_language_choice_is_kept(applicant, draft):
    login(applicant).post(url("application-edit", draft, "contact"), STEP_DATA["contact"][0])

    draft.refresh_from_db()
    assert draft.language == "fr"
    page = text_of(login(applicant).get(url("application-edit", draft, "contact")))
    assert 'value="fr" class="form-check-input" id="id_language_1" checked' in page


def test_challenges_step_stores_one_rating_per_theme(applicant, draft, themes):
    health, equity = themes
    data = {f"theme_{health.pk}": "5", f"theme_{equity.pk}": "2"}

    login(applicant).post(url("application-edit", draft, "challenges"), data)
    login(applicant).post(
        url("application-edit", draft, "challenges"), {**data, f"theme_{equity.pk}": "3"}
    )

    ratings = ChallengeRating.objects.filter(application=draft).order_by("theme__order")
    assert [(r.theme.name, r.rating) for r in ratings] == [
        ("Health and well-being", 5),
        ("Equity and inclusion", 3),
    ]
    page = text_of(login(applicant).get(url("application-edit", draft, "challenges")))
    assert f'value="3" class="form-check-input" id="id_theme_{equity.pk}_2" checked' in page


def test_challenge_rating_out_of_range_is_refused(client, applicant, draft, themes):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "challenges"), {f"theme_{themes[0].pk}": "7"}
    )

    assert response.status_code == 200
    assert "Select a valid choice. 7 is not one of the available choices." in text_of(response)
    assert not ChallengeRating.objects.exists()


def test_save_and_continue_goes_to_the_next_step_and_save_draft_stays(client, applicant, draft):
    client.force_login(applicant)
    data = {"city_name": "Cork"}

    onwards = client.post(url("application-edit", draft, "city"), data)
    stays = client.post(url("application-edit", draft, "city"), {**data, "stay": "1"})

    assert onwards["Location"] == url("application-edit", draft, "mayor")
    assert stays["Location"] == url("application-edit", draft, "city")


def test_last_step_continues_to_the_review(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(url("application-edit", draft, "pledge"), {})

    assert response["Location"] == url("application-submit", draft)


def test_step_navigation_marks_complete_steps(client, applicant, draft, themes):
    client.force_login(applicant)
    client.post(url("application-edit", draft, "mayor"), STEP_DATA["mayor"][0])

    response = client.get(url("application-edit", draft, "city"))

    marks = {mark["step"].slug: mark["complete"] for mark in response.context["steps"]}
    assert marks["mayor"] is True
    assert marks["city"] is False
    assert text_of(response).count("(complete)") == 1


def test_unknown_step_is_404(client, applicant, draft):
    client.force_login(applicant)

    assert client.get(url("application-edit", draft, "budget")).status_code == 404


def test_edit_after_submission_redirects_to_the_detail_with_a_message(
    client, applicant, complete_draft, staff_user
):
    in_state(complete_draft, ApplicationState.SUBMITTED, staff_user)
    client.force_login(applicant)

    response = client.post(
        url("application-edit", complete_draft, "city"), {"city_name": "Elsewhere"}, follow=True
    )

    assert response.redirect_chain == [(url("application-detail", complete_draft), 302)]
    assert "can no longer be changed" in text_of(response)
    complete_draft.refresh_from_db()
    assert complete_draft.city_name == "Cork"


def test_edit_while_information_is_requested_is_allowed(
    client, applicant, complete_draft, staff_user
):
    in_state(complete_draft, ApplicationState.INFO_REQUESTED, staff_user)
    client.force_login(applicant)

    response = client.post(
        url("application-edit", complete_draft, "profile"),
        {"population": "224005", "population_year": "2023", "stay": "1"},
    )

    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert (complete_draft.population, complete_draft.area_km2) == (224005, None)


# --- Bad input -------------------------------------------------------------------------------


def words(count):
    return " ".join(f"word{number}" for number in range(count))


def test_word_limit_is_enforced_on_the_server(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "texts"),
        {"motivation": words(215), "implementation": words(200)},
    )

    page = text_of(response)
    assert response.status_code == 200
    assert "Shorten this text to 200 words (now 215)." in page
    assert 'href="#id_motivation"' in page  # the summary links to the field
    assert 'id="id_motivation_error"' in page  # and the message sits next to it
    assert 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert draft.motivation == ""


def test_word_counter_is_rendered_for_the_script(client, applicant, draft):
    client.force_login(applicant)
    client.post(url("application-edit", draft, "texts"), {"motivation": words(57)})

    page = text_of(client.get(url("application-edit", draft, "texts")))

    assert 'data-word-limit="200"' in page
    assert "57 of 200 words" in page
    assert 'data-word-count-template="{words} of {limit} words"' in page
    assert 'src="/static/js/word-count.js"' in page
    assert "<script>" not in page
    assert "style=" not in page


def test_messages_speak_the_visitors_language(client, applicant, draft):
    client.force_login(applicant)

    too_long = client.post(f"/fr/applications/{draft.pk}/edit/texts/", {"motivation": words(215)})
    bad_email = client.post(
        f"/fr/applications/{draft.pk}/edit/contact/", {"contact_email": "pas une adresse"}
    )

    with translation.override("fr"):
        expected = gettext("Shorten this text to %(limit)s words (now %(count)s).") % {
            "limit": 200,
            "count": 215,
        }
    assert escape(expected) in text_of(too_long)
    assert "Saisissez une adresse de courriel valide." in text_of(bad_email)
    assert '<html lang="fr"' in text_of(bad_email)


def test_data_year_in_the_future_is_refused(client, applicant, draft):
    client.force_login(applicant)
    next_year = timezone.localdate().year + 1

    response = client.post(
        url("application-edit", draft, "profile"),
        {"population": "224004", "population_year": str(next_year)},
    )

    assert response.status_code == 200
    message = f"The data year cannot be in the future: enter {next_year - 1} or earlier."
    assert message in text_of(response)
    draft.refresh_from_db()
    # The valid figure is saved; the year that is not stays unsaved.
    assert (draft.population, draft.population_year) == (224004, None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("population", "0", "Ensure this value is greater than or equal to 1."),
        ("schooling_women", "31", "Ensure this value is less than or equal to 30."),
        ("area_km2", "many", "Enter a number, for example 1,234.5."),
        ("gdp_city", "-5", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_figure_out_of_range_is_refused(client, applicant, draft, field, value, message):
    client.force_login(applicant)

    response = client.post(url("application-edit", draft, "profile"), {field: value})

    assert response.status_code == 200
    assert message in text_of(response)


def test_website_must_be_a_url(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(url("application-edit", draft, "city"), {"website": "not a site"})

    assert response.status_code == 200
    assert "Enter a valid URL." in text_of(response)


def test_pdf_upload_is_accepted_and_stored_under_a_random_name(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "pledge"), {"pledge": pdf_upload("Pledge Cork.pdf")}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.pledge_name == "Pledge Cork.pdf"
    assert draft.pledge.name.startswith("pledges/")
    assert draft.pledge.name.endswith(".pdf")
    assert "Cork" not in draft.pledge.name
    download = client.get(url("application-pledge", draft))
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="Pledge Cork.pdf"' in download["Content-Disposition"]


def test_new_pledge_replaces_the_old_file(
    client, applicant, draft, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    client.post(url("application-edit", draft, "pledge"), {"pledge": pdf_upload("first.pdf")})
    draft.refresh_from_db()
    first = draft.pledge.name
    storage = draft.pledge.storage

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("application-edit", draft, "pledge"), {"pledge": pdf_upload("second.pdf")})

    draft.refresh_from_db()
    assert draft.pledge_name == "second.pdf"
    assert draft.pledge.name != first
    assert not storage.exists(first)
    assert storage.exists(draft.pledge.name)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.pdf", PNG, "This file is not a PDF document."),
        ("page.pdf", HTML, "This file is not a PDF document."),
        ("empty.pdf", b"", "The file is empty."),
        (
            "huge.pdf",
            b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + b"\n%%EOF\n",
            "The file is 11.0 MB; the limit is 10 MB.",
        ),
    ],
)
def test_upload_that_is_not_an_acceptable_pdf_is_refused(
    client, applicant, draft, name, content, message
):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "pledge"),
        {"pledge": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )

    assert response.status_code == 200
    assert message in text_of(response)
    draft.refresh_from_db()
    assert (draft.pledge.name, draft.pledge_name) == ("", "")


# --- Submission ------------------------------------------------------------------------------


def test_submit_page_lists_every_missing_item_with_links(client, applicant, draft, themes):
    client.force_login(applicant)
    client.post(url("application-edit", draft, "city"), {"city_name": "Cork"})

    response = client.post(url("application-submit", draft))

    page = text_of(response)
    assert response.status_code == 400
    draft.refresh_from_db()
    missing = workflow.missing_items(draft)
    # Everything but the name, the contact's name and e-mail (taken from the account) and
    # the language (English unless changed).
    assert len(missing) == 26
    assert "26 items are missing before the application can be submitted:" in page
    for label in missing:
        assert escape(label[0].upper() + label[1:]) in page
    assert f'href="{url("application-edit", draft, "city")}">Country</a>' in page
    assert f'href="{url("application-edit", draft, "pledge")}">The mayor' in page
    assert f'href="{url("application-edit", draft, "challenges")}">Challenge ratings' in page
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT
    assert mail.outbox == []


def test_complete_application_submits(
    client, applicant, complete_draft, commission, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    assert "Every item of the form is filled in." in text_of(
        client.get(url("application-submit", complete_draft))
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("application-submit", complete_draft), follow=True)

    complete_draft.refresh_from_db()
    assert complete_draft.state == ApplicationState.SUBMITTED
    assert complete_draft.submitted_at is not None
    event = complete_draft.events.get(to_state=ApplicationState.SUBMITTED)
    assert (event.from_state, event.actor, event.visible_to_applicant) == (
        "draft",
        applicant,
        True,
    )
    assert response.redirect_chain == [(url("application-detail", complete_draft), 302)]
    assert "Your application has been submitted." in text_of(response)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "focal.point@cork.example",
        "natcom@example.ie",
    ]
    confirmation = next(m for m in mail.outbox if m.to == [applicant.email])
    assert "the application of Cork" in confirmation.body


def test_submission_after_the_call_closed_is_refused_with_the_closing_time(
    client, applicant, complete_draft, call
):
    call.opens_at = timezone.now() - timedelta(days=30)
    call.closes_at = timezone.now() - timedelta(hours=1)
    call.save()
    client.force_login(applicant)

    response = client.post(url("application-submit", complete_draft))

    closes = timezone.localtime(call.closes_at, call.zone)
    page = text_of(response)
    assert response.status_code == 409
    assert f"The call closed on {closes:%Y-%m-%d %H:%M} (Europe/Paris)" in page
    complete_draft.refresh_from_db()
    assert complete_draft.state == ApplicationState.DRAFT
    assert not complete_draft.events.filter(to_state=ApplicationState.SUBMITTED).exists()


def test_repeated_submissions_are_throttled(client, applicant, draft):
    client.force_login(applicant)

    statuses = [client.post(url("application-submit", draft)).status_code for _ in range(6)]

    assert statuses == [400, 400, 400, 400, 400, 429]
    last = client.post(url("application-submit", draft))
    assert "You have tried to submit too many times." in text_of(last)


def test_submitted_application_cannot_be_submitted_again(
    client, applicant, complete_draft, staff_user
):
    in_state(complete_draft, ApplicationState.SUBMITTED, staff_user)
    client.force_login(applicant)

    response = client.post(url("application-submit", complete_draft), follow=True)

    assert "This application has already been submitted." in text_of(response)
    assert complete_draft.events.filter(to_state=ApplicationState.SUBMITTED).count() == 1


# --- The detail page: timeline, answer, withdrawal --------------------------------------------


def test_timeline_never_shows_internal_notes(client, applicant, complete_draft, staff_user):
    in_state(complete_draft, ApplicationState.UNDER_REVIEW, staff_user)
    workflow.add_internal_note(
        complete_draft, note="Population looks doubtful; ask the jury.", by=staff_user
    )
    client.force_login(applicant)

    response = client.get(url("application-detail", complete_draft))

    page = text_of(response)
    assert [event.title for event in response.context["timeline"]] == [
        "Draft started",
        "Submitted",
        "Endorsed by the National Commission",
        "Under review",
    ]
    assert "Population looks doubtful" not in page
    assert "No e-mail address of the National Commission is on file" not in page
    assert "UIL and a jury of experts are reviewing the application." in page
    assert ApplicationEvent.objects.filter(visible_to_applicant=False).count() == 2


def test_detail_shows_the_request_and_the_answer_form(
    client, applicant, complete_draft, staff_user
):
    in_state(complete_draft, ApplicationState.INFO_REQUESTED, staff_user)
    client.force_login(applicant)

    page = text_of(client.get(url("application-detail", complete_draft)))

    assert "Please give the source of the population figure." in page
    assert f'action="{url("application-answer", complete_draft)}"' in page
    assert "UIL asks for more information" in page


def test_answer_moves_the_application_back_under_review(
    client, applicant, complete_draft, staff_user, django_capture_on_commit_callbacks
):
    in_state(complete_draft, ApplicationState.INFO_REQUESTED, staff_user)
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("application-answer", complete_draft),
            {"answer": "The 2022 census of the Central Statistics Office."},
            follow=True,
        )

    complete_draft.refresh_from_db()
    assert complete_draft.state == ApplicationState.UNDER_REVIEW
    event = complete_draft.events.latest("created_at", "pk")
    assert (event.from_state, event.to_state, event.note) == (
        "info_requested",
        "under_review",
        "The 2022 census of the Central Statistics Office.",
    )
    assert "your answer has been sent" in text_of(response)
    assert "Answer sent to UIL" in text_of(response)
    assert [message.to for message in mail.outbox] == [["learningcities@unesco.org"]]


def test_empty_answer_is_refused_next_to_the_field(client, applicant, complete_draft, staff_user):
    in_state(complete_draft, ApplicationState.INFO_REQUESTED, staff_user)
    client.force_login(applicant)

    response = client.post(url("application-answer", complete_draft), {"answer": "  "})

    page = text_of(response)
    assert response.status_code == 400
    assert 'href="#id_answer">Your answer: Write your answer before sending it.</a>' in page
    assert 'id="id_answer_error"' in page
    complete_draft.refresh_from_db()
    assert complete_draft.state == ApplicationState.INFO_REQUESTED


def test_withdrawal_needs_the_confirmation(client, applicant, draft):
    client.force_login(applicant)

    refused = client.post(url("application-withdraw", draft), {"note": "Elections"})
    draft.refresh_from_db()
    assert refused.status_code == 400
    assert "Tick the box to confirm the withdrawal." in text_of(refused)
    assert draft.state == ApplicationState.DRAFT

    client.post(url("application-withdraw", draft), {"note": "Elections", "confirm": "on"})

    draft.refresh_from_db()
    assert draft.state == ApplicationState.WITHDRAWN
    assert draft.events.latest("created_at", "pk").note == "Elections"
    page = text_of(client.get(url("application-detail", draft)))
    assert "The application was withdrawn." in page
    assert url("application-withdraw", draft) not in page


def test_pledge_without_a_file_is_404(client, applicant, draft):
    client.force_login(applicant)

    assert client.get(url("application-pledge", draft)).status_code == 404


def test_validate_pdf_refuses_html_that_mentions_the_pdf_signature():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cities.uploads import validate_pdf

    disguised = SimpleUploadedFile("x.pdf", b"<html>%PDF-1.4 <script></script>\n%%EOF\n")
    with pytest.raises(ValidationError, match="not a PDF"):
        validate_pdf(disguised)


# --- Nothing typed is lost: a step with invalid fields saves the valid ones ------------------


CONTACT_TYPED = {
    "contact_salutation": "ms",
    "contact_name": "Murphy, Aoife",
    "contact_title": "Learning City Coordinator",
    "contact_address": "City Hall\nAnglesea Street",
    "contact_postcode": "T12 T997",
    "contact_phone": "021 492 4000",  # no country code
    "contact_email": "aoife@corkcity.example",
    "language": "en",
}


@pytest.mark.parametrize("button", ["continue", "stay"])
def test_step_with_an_invalid_field_saves_the_valid_ones_and_shows_the_rest(
    client, applicant, draft, button
):
    workflow.save_draft(draft, by=applicant, contact_phone="+353 21 492 4000")
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "contact"), {**CONTACT_TYPED, button: "1"}
    )

    page = text_of(response)
    assert response.status_code == 200  # the same step, not the next one
    assert response.templates[0].name == "cities/application_form.html"
    draft.refresh_from_db()
    assert (draft.contact_name, draft.contact_title, draft.contact_address) == (
        "Murphy, Aoife",
        "Learning City Coordinator",
        "City Hall\nAnglesea Street",
    )
    assert (draft.contact_postcode, draft.contact_email) == ("T12 T997", "aoife@corkcity.example")
    # The stored number is not replaced by the one that is not valid.
    assert draft.contact_phone == "+353 21 492 4000"
    # What was typed is on the page, with its message next to the field.
    assert 'value="021 492 4000"' in page
    assert 'id="id_contact_phone_error"' in page
    assert "Enter the number with its country code, starting with +" in page
    assert (
        "Your draft has been saved, except 1 field that needs correcting: Telephone (with "
        "country code). Correct it below, then save again."
    ) in page
    # The page warns before leaving, as its input is not saved.
    assert 'data-unsaved="true"' in page
    assert 'src="/static/js/unsaved-changes.js"' in page


def test_step_names_every_field_that_was_not_saved(client, applicant, draft):
    workflow.save_draft(draft, by=applicant, population=200000, area_km2="187.00")
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "profile"),
        {"population": "224,004", "population_year": "3000", "area_km2": "35,2"},
    )

    page = text_of(response)
    assert (
        "Your draft has been saved, except 2 fields that need correcting: Population: data "
        "year, Area of the city (km²). Correct them below, then save again."
    ) in escape_free(page)
    draft.refresh_from_db()
    assert (draft.population, draft.population_year, draft.area_km2) == (
        224004,
        None,
        Decimal("187.00"),
    )
    assert 'value="35,2"' in page
    assert 'value="3000"' in page


def escape_free(page):
    """The page's text with the apostrophes and quotes as typed."""
    return page.replace("&#x27;", "'").replace("&quot;", '"')


def test_step_whose_only_field_is_invalid_says_nothing_was_saved(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "pledge"),
        {"pledge": SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf")},
    )

    page = escape_free(text_of(response))
    assert response.status_code == 200
    assert (
        "Nothing has been saved: 1 field needs correcting: The mayor's signed pledge (PDF). "
        "Correct it below, then save again."
    ) in page
    assert "Your draft has been saved" not in page
    draft.refresh_from_db()
    assert draft.pledge.name == ""


def test_challenge_rating_with_an_error_keeps_its_stored_rating(client, applicant, draft, themes):
    health, equity = themes
    client.force_login(applicant)
    client.post(
        url("application-edit", draft, "challenges"),
        {f"theme_{health.pk}": "2", f"theme_{equity.pk}": "2"},
    )

    client.post(
        url("application-edit", draft, "challenges"),
        {f"theme_{health.pk}": "4", f"theme_{equity.pk}": "9"},
    )

    ratings = ChallengeRating.objects.filter(application=draft).order_by("theme__order")
    assert [(r.theme.name, r.rating) for r in ratings] == [
        ("Health and well-being", 4),
        ("Equity and inclusion", 2),
    ]


def test_step_marks_follow_what_was_saved_despite_an_error(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        url("application-edit", draft, "mayor"),
        {**STEP_DATA["mayor"][0], "mayor_title": "Lord Mayor\nof Cork"},
    )

    marks = {mark["step"].slug: mark["complete"] for mark in response.context["steps"]}
    assert marks["mayor"] is False  # the title is still missing
    draft.refresh_from_db()
    assert (draft.mayor_salutation, draft.mayor_name, draft.mayor_title) == (
        "mr",
        "Boyle, Dan",
        "",
    )
    assert "Write this on one line: remove the line breaks." in text_of(response)


def test_saved_step_leaves_no_unsaved_mark(client, applicant, draft):
    client.force_login(applicant)

    page = text_of(client.get(url("application-edit", draft, "contact")))

    assert 'data-unsaved-warning="Your changes to this step are not saved yet.' in page
    assert "data-unsaved=" not in page.replace("data-unsaved-warning=", "")
    assert "<script>" not in page
    assert " onclick=" not in page


# --- Checked details -------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("en", "en"), ("fr", "fr"), ("es", "en")])
def test_language_of_communication_starts_as_the_pages_where_the_form_offers_it(
    client, applicant, call, language, expected
):
    client.force_login(applicant)

    client.post(f"/{language}/applications/start/")

    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.language == expected  # Spanish is not offered: English


def test_phone_number_is_saved_and_shown_in_international_format(client, applicant, draft):
    client.force_login(applicant)

    client.post(url("application-edit", draft, "contact"), {"contact_phone": "0033123456789"})

    draft.refresh_from_db()
    assert draft.contact_phone == "+33 1 23 45 67 89"
    page = text_of(client.get(url("application-edit", draft, "contact")))
    assert 'type="tel"' in page
    assert 'value="+33 1 23 45 67 89"' in page


@pytest.mark.parametrize(
    "field", ["city_name", "mayor_name", "mayor_title", "contact_name", "contact_title"]
)
def test_single_line_fields_refuse_line_breaks(client, applicant, draft, field):
    step = "city" if field == "city_name" else field.split("_")[0]
    client.force_login(applicant)

    response = client.post(url("application-edit", draft, step), {field: "Cork\r\nCity"})

    assert "Write this on one line: remove the line breaks." in text_of(response)
    draft.refresh_from_db()
    assert "\n" not in getattr(draft, field)


def test_every_single_line_field_of_the_form_refuses_control_characters():
    single = {
        name: step.slug
        for step in STEPS
        for name, field in step.form_class().fields.items()
        if is_single_line(field)
    }

    assert set(single) >= {
        "city_name",
        "website",
        "mayor_name",
        "mayor_title",
        "contact_name",
        "contact_title",
        "contact_organisation",
        "contact_postcode",
        "contact_phone",
        "contact_email",
    }
    for step in STEPS:
        for name, field in step.form_class().fields.items():
            if is_single_line(field):
                assert validate_single_line in field.validators or name == "contact_phone"


# --- Numbers as people write them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "typed", "stored", "shown"),
    [
        (
            "en",
            {"area_km2": "35.2", "population": "1,234,567"},
            (Decimal("35.2"), 1234567),
            ('value="35.2"', 'value="1,234,567"'),
        ),
        (
            "fr",
            {"area_km2": "35,2", "population": "1 234 567"},
            (Decimal("35.2"), 1234567),
            ('value="35,2"', 'value="1\u00a0234\u00a0567"'),
        ),
        (
            "fr",
            {"area_km2": "35.2", "population": "1\u202f234\u202f567"},
            (Decimal("35.2"), 1234567),
            ('value="35,2"', 'value="1\u00a0234\u00a0567"'),
        ),
        (
            "es",
            {"area_km2": "35,2", "population": "1.234.567"},
            (Decimal("35.2"), 1234567),
            ('value="35,2"', 'value="1\u00a0234\u00a0567"'),
        ),
    ],
)
def test_figures_are_read_and_shown_in_the_pages_language(
    client, applicant, draft, language, typed, stored, shown
):
    client.force_login(applicant)
    address = f"/{language}/applications/{draft.pk}/edit/profile/"

    response = client.post(address, {**typed, "stay": "1"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.area_km2, draft.population) == stored
    page = text_of(client.get(address))
    for value in shown:
        assert value in page
    assert 'inputmode="decimal"' in page
    assert 'type="number"' not in page


def test_comma_on_an_english_page_is_refused_and_the_stored_area_kept(client, applicant, draft):
    workflow.save_draft(draft, by=applicant, area_km2=Decimal("40.00"))
    client.force_login(applicant)

    response = client.post(url("application-edit", draft, "profile"), {"area_km2": "35,2"})

    assert "write decimals with a point, for example 35.2." in text_of(response)
    draft.refresh_from_db()
    assert draft.area_km2 == Decimal("40.00")  # never 352


def test_contact_step_sent_without_a_language_keeps_the_stored_one(client, applicant, call):
    client.force_login(applicant)
    client.post("/fr/applications/start/")
    application = MembershipApplication.objects.get(applicant=applicant)

    client.post(url("application-edit", application, "contact"), {"contact_name": "Roe, Rick"})

    application.refresh_from_db()
    assert (application.contact_name, application.language) == ("Roe, Rick", "fr")
