"""Decisions that cannot slip (issue 13, points 8 and 9): approving and rejecting a membership
application are confirmed on a page that says what will happen, and only then done; an
admitted city is on the map at once, with the gazetteer's place or the one staff give when the
gazetteer knows none."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from cities.enums import ApplicationState, MembershipStatus
from cities.models import City
from cities.services import applications as workflow
from tests import world
from tests.map_points import points

State = ApplicationState


def action_url(application, action):
    return reverse("admin:cities_membershipapplication_action", args=[application.pk, action])


def change_url(application):
    return reverse("admin:cities_membershipapplication_change", args=[application.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


def map_features(client):
    return {
        city["name"]: [city["lon"], city["lat"]]
        for city in points(client.get(reverse("cities:map-data")))
    }


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def under_review(make_application):
    return make_application(State.UNDER_REVIEW)


def nothing_happened(application, events):
    application.refresh_from_db()
    return (
        application.state == State.UNDER_REVIEW
        and application.events.count() == events
        and not City.objects.exists()
    )


@pytest.mark.django_db
class TestApproveConfirmation:
    def test_an_unconfirmed_approval_shows_what_will_happen_and_changes_nothing(
        self, staff_client, under_review, django_capture_on_commit_callbacks
    ):
        events = under_review.events.count()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page = staff_client.post(
                action_url(under_review, "approve"), {"approve-note": "Welcome, Galway!"}
            )
        assert page.status_code == 200
        text = text_of(page)
        assert "A new member city is created: “Galway” (Ireland), a member from today" in text
        assert "On the map at latitude 53.27245, longitude -9.05095 (GeoNames: Galway)" in text
        assert "appears at once in the public directory, on the map" in text
        assert "The applicant (focal@galway.example) receives the welcome e-mail in French" in text
        assert "Welcome, Galway!" in text
        assert 'class="workflow-button workflow-button--approve"' in page.content.decode()
        assert nothing_happened(under_review, events)
        assert mail.outbox == []

    def test_confirmed_the_city_is_admitted_and_on_the_map_at_once(
        self, client, staff_client, under_review, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = world.post_action(
                staff_client, action_url(under_review, "approve"), {"approve-note": ""}
            )
        assert response.status_code == 302
        assert messages_of(response) == [
            "“Galway” is admitted; the welcome e-mail is on its way to the applicant."
        ]
        city = City.objects.get()
        assert (float(city.latitude), float(city.longitude)) == (53.27245, -9.05095)
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        client.logout()
        assert map_features(client) == {"Galway": [-9.051, 53.272]}  # three decimals

    def test_linking_an_existing_city_says_so(self, staff_client, under_review):
        galway = world.city("Galway", "IE", member_since=2016, latitude=53.3, longitude=-9.0)
        page = staff_client.post(action_url(under_review, "approve"), {"approve-note": ""})
        text = text_of(page)
        assert (
            "No new city: the application is linked to the existing member city “Galway” "
            f"(Ireland, no. {galway.pk}, now “Active”)"
        ) in text
        assert "A new member city" not in text
        assert "(the city's record)" in text
        assert page.context["extra_form"] is None

    def test_a_city_that_had_left_comes_back_says_so(self, staff_client, under_review):
        world.city("Galway", "IE", member_since=2016, status=MembershipStatus.WITHDRAWN)
        page = staff_client.post(action_url(under_review, "approve"), {"approve-note": ""})
        assert "The city had left the network: it is an active member again" in text_of(page)

    def test_a_city_recorded_meanwhile_is_confirmed_again(self, staff_client, under_review):
        url = action_url(under_review, "approve")
        key = world.confirmation_of(staff_client.post(url, {"approve-note": ""}))
        galway = world.city("Galway", "IE", member_since=2016)  # another staff member, meanwhile
        again = staff_client.post(url, {"approve-note": "", "confirmed": key})
        assert again.status_code == 200
        assert "The application changed after this confirmation page was shown" in text_of(again)
        under_review.refresh_from_db()
        assert under_review.state == State.UNDER_REVIEW
        assert list(City.objects.all()) == [galway]

    def test_an_application_moved_meanwhile_is_not_approved(
        self, staff_client, staff_user, under_review
    ):
        url = action_url(under_review, "approve")
        key = world.confirmation_of(staff_client.post(url, {"approve-note": ""}))
        workflow.request_information(under_review, message="Add the budget.", by=staff_user)
        response = staff_client.post(url, {"approve-note": "", "confirmed": key})
        assert response.status_code == 302
        assert messages_of(response) == [
            "Nothing changed: “Galway” is now “Information requested”, where “Approve: admit "
            "the city” is not possible (it may have moved since the page was shown)."
        ]
        under_review.refresh_from_db()
        assert under_review.state == State.INFO_REQUESTED
        assert not City.objects.exists()

    def test_staff_without_the_permission_cannot_confirm(self, client, under_review):
        bare = world.staff("bare@uil.example", secretariat=False, verified=None)
        client.force_login(bare)
        response = client.post(
            action_url(under_review, "approve"),
            {"approve-note": "", "confirmed": "under_review:new-city"},
        )
        assert response.status_code == 403
        assert nothing_happened(under_review, under_review.events.count())


@pytest.mark.django_db
class TestNoPlaceInTheGazetteer:
    @pytest.fixture
    def unknown(self, make_application):
        return make_application(State.UNDER_REVIEW, city_name="Ballyzzyx")

    def test_the_confirmation_asks_for_the_coordinates(self, staff_client, unknown):
        page = staff_client.post(action_url(unknown, "approve"), {"approve-note": ""})
        text = text_of(page)
        assert "The gazetteer (GeoNames) has no place named “Ballyzzyx” in Ireland" in text
        assert 'name="confirm-latitude"' in page.content.decode()
        assert 'name="confirm-longitude"' in page.content.decode()

    @pytest.mark.parametrize(
        ("given", "errors"),
        [
            (
                {},
                {"latitude": ["This field is required."], "longitude": ["This field is required."]},
            ),
            (
                {"confirm-latitude": "95", "confirm-longitude": "-190"},
                {
                    "latitude": ["Ensure this value is less than or equal to 90."],
                    "longitude": ["Ensure this value is greater than or equal to -180."],
                },
            ),
        ],
    )
    def test_approval_is_refused_without_valid_coordinates(
        self, staff_client, unknown, given, errors
    ):
        events = unknown.events.count()
        page = world.post_action(
            staff_client, action_url(unknown, "approve"), {"approve-note": ""}, **given
        )
        assert page.status_code == 200
        assert page.context["extra_form"].errors == errors
        unknown.refresh_from_db()
        assert (unknown.state, unknown.events.count()) == (State.UNDER_REVIEW, events)
        assert not City.objects.exists()

    def test_with_coordinates_the_city_is_admitted_there(self, client, staff_client, unknown):
        response = world.post_action(
            staff_client,
            action_url(unknown, "approve"),
            {"approve-note": ""},
            **{"confirm-latitude": "53.123456", "confirm-longitude": "-8.5"},
        )
        assert response.status_code == 302
        city = City.objects.get()
        assert (str(city.latitude), str(city.longitude)) == ("53.12346", "-8.50000")
        client.logout()
        assert map_features(client) == {"Ballyzzyx": [-8.5, 53.123]}  # three decimals


@pytest.mark.django_db
class TestRejectConfirmation:
    def test_an_unconfirmed_rejection_shows_the_reason_and_changes_nothing(
        self, staff_client, under_review
    ):
        events = under_review.events.count()
        mail.outbox.clear()
        page = staff_client.post(
            action_url(under_review, "reject"), {"reject-reason": "No strategy yet."}
        )
        assert page.status_code == 200
        text = text_of(page)
        assert "The application becomes “Not admitted” and is closed" in text
        assert (
            "The applicant (focal@galway.example) receives an e-mail in French giving the "
            "reason below"
        ) in text
        assert "No strategy yet." in text
        assert 'class="workflow-button workflow-button--danger"' in page.content.decode()
        assert nothing_happened(under_review, events)
        assert mail.outbox == []

    def test_confirmed_the_applicant_is_told(
        self, staff_client, under_review, django_capture_on_commit_callbacks
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            world.post_action(
                staff_client, action_url(under_review, "reject"), {"reject-reason": "No strategy."}
            )
        under_review.refresh_from_db()
        assert under_review.state == State.REJECTED
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        assert "No strategy." in mail.outbox[0].body


@pytest.mark.django_db
def test_the_change_page_shows_approve_and_reject_unalike(staff_client, under_review):
    body = staff_client.get(change_url(under_review)).content.decode()
    approve = body[body.index('id="action-approve"') : body.index('id="action-reject"')]
    reject = body[body.index('id="action-reject"') : body.index('id="action-withdraw"')]
    assert "workflow-button--approve" in approve
    assert "workflow-button--danger" not in approve
    assert "workflow-button--danger" in reject
    assert "workflow-button--approve" not in reject
    assert "the next page says what will happen and asks you to confirm" in approve


@pytest.mark.django_db
def test_staff_who_may_only_view_cannot_start_many_reviews(client, make_application):
    endorsed = make_application(State.ENDORSED)
    viewer = world.staff("viewer@uil.example", secretariat=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_membershipapplication"))
    client.force_login(viewer)
    listing = reverse("admin:cities_membershipapplication_changelist")
    assert client.get(listing).context["action_form"] is None  # no action on the list
    response = client.post(
        listing,
        {
            "action": "bulk_start_review",
            "_selected_action": [endorsed.pk],
            "confirmed": "start-review",
        },
        follow=True,
    )
    assert "report" not in response.context
    endorsed.refresh_from_db()
    assert endorsed.state == State.ENDORSED
