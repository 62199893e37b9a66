"""Who reaches what around one application: every role × every applicant-facing, staff and
file URL, and the National Commission's link in each of its states. Denials are asserted as
carefully as grants."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cities.enums import ApplicationState
from cities.services import applications as workflow
from tests import world

State = ApplicationState
LOGIN = "login"  # a redirect to the site's sign-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's sign-in page


@pytest.fixture
def people(db, applicant):
    password = "p-123456789"
    return {
        "visitor": None,
        "other applicant": world.user("other@x.example", password=password),
        "applicant": applicant,
        "staff without the group": world.staff(
            "bare@uil.example", secretariat=False, verified=None, password=password
        ),
        "secretariat": world.staff("staff@uil.example", verified=None, password=password),
        "superuser": world.superuser("root@uil.example", password=password, verified=None),
    }


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if "/accounts/login/" in location:
            return LOGIN
        return "redirect"
    return response.status_code


APPLICANT_PAGES = {
    # url name: (args builder, expected per role)
    "detail": (
        lambda a: reverse("cities:application-detail", args=[a.pk]),
        {
            "visitor": LOGIN,
            "other applicant": 404,
            "applicant": 200,
            "staff without the group": 404,
            "secretariat": 200,
            "superuser": 200,
        },
    ),
    "edit": (
        lambda a: reverse("cities:application-edit", args=[a.pk, "city"]),
        {
            "visitor": LOGIN,
            "other applicant": 404,
            "applicant": 200,
            "staff without the group": 404,
            "secretariat": 404,
            "superuser": 404,
        },
    ),
    "submit": (
        lambda a: reverse("cities:application-submit", args=[a.pk]),
        {
            "visitor": LOGIN,
            "other applicant": 404,
            "applicant": 200,
            "staff without the group": 404,
            "secretariat": 404,
            "superuser": 404,
        },
    ),
    "pledge": (
        lambda a: reverse("cities:application-pledge", args=[a.pk]),
        {
            "visitor": LOGIN,
            "other applicant": 404,
            "applicant": 200,
            "staff without the group": 404,
            "secretariat": 200,
            "superuser": 200,
        },
    ),
    "admin change page": (
        lambda a: reverse("admin:cities_membershipapplication_change", args=[a.pk]),
        {
            "visitor": ADMIN_LOGIN,
            "other applicant": ADMIN_LOGIN,
            "applicant": ADMIN_LOGIN,
            "staff without the group": 403,
            "secretariat": 200,
            "superuser": 200,
        },
    ),
    "admin pledge": (
        lambda a: reverse("admin:cities_membershipapplication_pledge", args=[a.pk]),
        {
            "visitor": ADMIN_LOGIN,
            "other applicant": ADMIN_LOGIN,
            "applicant": ADMIN_LOGIN,
            "staff without the group": 403,
            "secretariat": 200,
            "superuser": 200,
        },
    ),
    "admin queue": (
        lambda a: reverse("admin:cities_membershipapplication_changelist"),
        {
            "visitor": ADMIN_LOGIN,
            "other applicant": ADMIN_LOGIN,
            "applicant": ADMIN_LOGIN,
            "staff without the group": 403,
            "secretariat": 200,
            "superuser": 200,
        },
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(APPLICANT_PAGES))
def test_who_reaches_each_page_of_a_draft(client, people, make_application, page):
    application = make_application(State.DRAFT)
    url_of, expected = APPLICANT_PAGES[page]
    url = url_of(application)
    seen = {}
    for role, user in people.items():
        client.logout()
        if user:
            client.force_login(user)
        seen[role] = outcome(client.get(url))
    assert seen == expected


POSTS = {
    "answer": (
        lambda a: reverse("cities:application-answer", args=[a.pk]),
        {"answer": "Here it is."},
        State.INFO_REQUESTED,
    ),
    "withdraw": (
        lambda a: reverse("cities:application-withdraw", args=[a.pk]),
        {"confirm": "on", "note": "We withdraw."},
        State.INFO_REQUESTED,
    ),
    "admin action: approve": (
        lambda a: reverse("admin:cities_membershipapplication_action", args=[a.pk, "approve"]),
        {"approve-note": ""},
        State.UNDER_REVIEW,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(POSTS))
@pytest.mark.parametrize("role", ["visitor", "other applicant", "staff without the group"])
def test_state_changing_posts_are_refused_to_others(client, people, make_application, action, role):
    url_of, data, state = POSTS[action]
    application = make_application(state)
    events = application.events.count()
    if people[role]:
        client.force_login(people[role])
    response = client.post(url_of(application), data)
    assert outcome(response) in (LOGIN, ADMIN_LOGIN, 403, 404)
    application.refresh_from_db()
    assert application.state == state
    assert application.events.count() == events


@pytest.fixture
def commission_link(make_application, commission):
    application = make_application(State.SUBMITTED)
    _, token = workflow.invite_commission(application)
    return application, token


def _link_in_state(application, token, state, time_machine):
    if state == "used":
        workflow.record_commission_decision(
            workflow.invitation_for_token(token), decision="decline", signed_by="N. C."
        )
    elif state == "expired":  # the call's Commission deadline has passed
        time_machine.move_to(application.call.commission_deadline + datetime.timedelta(seconds=1))
    elif state == "tampered":
        token = token[:-3] + ("xyz" if not token.endswith("xyz") else "abc")
    return token


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "page_status", "shows_application", "pledge_status"),
    [
        ("valid", 200, True, 200),
        # A dead link answers exactly as an unknown one (tests/security/test_traps.py).
        ("expired", 404, False, 404),
        ("used", 404, False, 404),
        ("tampered", 404, False, 404),
    ],
)
def test_the_commission_link_in_each_state(
    client, commission_link, state, page_status, shows_application, pledge_status, time_machine
):
    application, token = commission_link
    token = _link_in_state(application, token, state, time_machine)
    response = client.get(f"/en/commission/{token}/")
    assert response.status_code == page_status
    assert ("Mayor of Galway" in response.content.decode()) is shows_application
    assert client.get(f"/en/commission/{token}/pledge/").status_code == pledge_status
    before = application.state if state != "used" else "not_endorsed"
    client.post(f"/en/commission/{token}/", {"decision": "endorse", "signed_by": "X"})
    application.refresh_from_db()
    assert application.state == (before if state != "valid" else "endorsed")


@pytest.mark.django_db
def test_a_link_shows_only_its_own_application(client, commission_link, make_application):

    _, token = commission_link
    other = get_user_model().objects.create_user(email="b@x.example", password="p-123456789")
    make_application(State.SUBMITTED, user=other, city_name="Cork")
    body = client.get(f"/en/commission/{token}/").content.decode()
    assert "Galway" in body
    assert "Cork" not in body
