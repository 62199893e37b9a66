"""Membership calls, applications and members on the days dates go wrong: the turn of the
year (in Berlin, the project's time zone, and in UTC, an hour apart), 29 February, the two days
the clocks change in Europe/Berlin, and a call closing at 23:59 in Auckland, half a day ahead
of Berlin. Every test sets the clock itself.

What the code does with a local time that the clock change skips or repeats: the back office
(whose times are in Europe/Berlin) refuses it with a message, as Django's forms do, so no call
ever opens or closes at a time that does not exist or happens twice."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cities.enums import ApplicationState, MembershipStatus
from cities.forms import ProfileStepForm
from cities.models import MembershipCall, NationalCommission
from cities.services import applications as workflow
from cities.services import change_membership_status, create_city
from cities.views.applications import call_schedule

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# A call that closes at 23:59 on New Year's Eve in Auckland (UTC+13 in summer): 10:59 UTC,
# 11:59 in Berlin, on 31 December 2027.
AUCKLAND_CLOSE = datetime.datetime(2027, 12, 31, 23, 59, tzinfo=AUCKLAND)


def make_call(*, closes, zone, opens=None, deadline=None, title="Call for membership 2028"):
    """A call as the pages read it: its instants back from the database, in UTC."""
    call = MembershipCall.objects.create(
        title=title,
        opens_at=opens or closes - datetime.timedelta(days=60),
        closes_at=closes,
        time_zone=zone,
        commission_deadline=deadline or closes + datetime.timedelta(days=31),
    )
    call.refresh_from_db()
    return call


def complete_draft(call):
    """A draft with every item the form asks for (no themes exist, so no ratings)."""
    applicant = get_user_model().objects.create_user(
        email="focal@whanganui.example", password="a-long-pass-42"
    )
    application = workflow.start_application(applicant=applicant, call=call)
    workflow.save_draft(
        application,
        by=applicant,
        city_name="Whanganui",
        country="NZ",
        website="https://whanganui.example",
        mayor_salutation="ms",
        mayor_name="Doe, Jane",
        mayor_title="Mayor of Whanganui",
        contact_salutation="mr",
        contact_name="Roe, Rick",
        contact_title="Officer",
        contact_address="101 Guyton Street",
        contact_postcode="4500",
        contact_phone="+64 6 349 0001",
        contact_email="focal@whanganui.example",
        language="en",
        population=48100,
        population_year=2023,
        area_km2=2373,
        area_year=2023,
        gdp_city=40000,
        gdp_city_year=2022,
        gdp_country=50000,
        gdp_country_year=2022,
        schooling_women=13,
        schooling_women_year=2022,
        schooling_men=13,
        schooling_men_year=2022,
        motivation="A river city that learns.",
        implementation="Through its libraries.",
        pledge=SimpleUploadedFile("pledge.pdf", PDF, content_type="application/pdf"),
        pledge_name="pledge.pdf",
    )
    assert workflow.missing_items(application) == []
    return application


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# --- A call closing at 23:59 in Auckland -----------------------------------------------------


@pytest.mark.django_db
def test_join_page_one_minute_before_an_auckland_close_is_open_with_the_time_in_auckland(
    client, time_machine
):
    make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)

    text = page(client, "/en/join/")

    assert "Open for applications" in text
    assert "The call closes in 1\xa0minute." in text
    assert "31 December 2027, 23:59</time> (Pacific/Auckland)" in text
    assert "Apply now" in text


@pytest.mark.django_db
def test_join_page_at_midnight_in_auckland_has_no_open_call(client, time_machine):
    make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland")
    # Still 31 December (12:00) in Berlin, and the morning in UTC.
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=AUCKLAND), tick=False)

    text = page(client, "/en/join/")

    assert "Open for applications" not in text
    assert "The next call for applications will be announced on this page." in text
    assert "Apply now" not in text


@pytest.mark.django_db
def test_submission_at_2358_in_auckland_is_accepted(client, time_machine):
    call = make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)
    application = complete_draft(call)
    client.force_login(application.applicant)

    response = client.post(reverse("cities:application-submit", args=[application.pk]), follow=True)

    assert "Your application has been submitted." in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at == datetime.datetime(2027, 12, 31, 10, 58, tzinfo=UTC)


@pytest.mark.django_db
def test_submission_at_midnight_in_auckland_is_refused_with_the_closing_time_there(
    client, time_machine
):
    call = make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)
    application = complete_draft(call)
    client.force_login(application.applicant)
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=AUCKLAND), tick=False)

    response = client.post(reverse("cities:application-submit", args=[application.pk]))

    text = response.content.decode()
    assert response.status_code == 409
    assert (
        "The call closed on 2027-12-31 23:59 (Pacific/Auckland); the application can no "
        "longer be submitted."
    ) in text
    assert (
        "The call closed on 31 December 2027, 23:59 (Pacific/Auckland): the application can "
        "no longer be submitted."
    ) in " ".join(text.split())
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


@pytest.mark.django_db
def test_a_call_closing_at_2359_is_closed_from_2359_exactly():
    call = make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland")

    open_until = [
        call.is_open(datetime.datetime(2027, 12, 31, 23, 58, 59, tzinfo=AUCKLAND)),
        call.is_open(datetime.datetime(2027, 12, 31, 23, 59, tzinfo=AUCKLAND)),
        call.is_open(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=AUCKLAND)),
    ]

    assert open_until == [True, False, False]


@pytest.mark.django_db
def test_commission_link_of_an_auckland_call_works_until_its_deadline_in_auckland(
    client, time_machine, django_capture_on_commit_callbacks
):
    deadline = datetime.datetime(2028, 1, 31, 23, 59, tzinfo=AUCKLAND)
    call = make_call(closes=AUCKLAND_CLOSE, zone="Pacific/Auckland", deadline=deadline)
    NationalCommission.objects.create(
        country="NZ", name="New Zealand National Commission", emails="natcom@unesco.nz.example"
    )
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)
    application = complete_draft(call)
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cities:application-submit", args=[application.pk]))
    invitation = next(m for m in mail.outbox if m.to == ["natcom@unesco.nz.example"])
    link = re.search(r"https?://[^/\s]+(/\S*/commission/\S+)", invitation.body).group(1)

    time_machine.move_to(datetime.datetime(2028, 1, 31, 23, 58, tzinfo=AUCKLAND), tick=False)
    before = client.get(link).content.decode()
    time_machine.move_to(datetime.datetime(2028, 2, 1, 0, 0, tzinfo=AUCKLAND), tick=False)
    after = client.get(link).content.decode()

    assert "The link works until 31 January 2028, 23:59 (Pacific/Auckland)" in invitation.body
    assert "Whanganui (New Zealand) has applied" in before
    assert "This link cannot be used" in after
    assert "Whanganui (New Zealand) has applied" not in after


# --- The clock changes in Europe/Berlin ------------------------------------------------------


@pytest.mark.django_db
def test_time_left_across_the_spring_change_counts_the_hours_that_really_pass():
    # From 03:00 on Saturday to 03:00 on Sunday is 23 hours: 02:00–03:00 is skipped.
    call = make_call(
        closes=datetime.datetime(2027, 3, 28, 3, 0, tzinfo=BERLIN), zone="Europe/Berlin"
    )

    schedule = call_schedule(call, at=datetime.datetime(2027, 3, 27, 3, 0, tzinfo=BERLIN))

    assert schedule["closes_in"] == "23\xa0hours"
    assert schedule["closes_text"] == "28 March 2027, 03:00 (Europe/Berlin)"


@pytest.mark.django_db
def test_a_call_closing_when_the_clocks_spring_forward_is_open_until_the_jump(client):
    # 02:00 CET does not exist: the clocks show 03:00 CEST, one and the same instant.
    call = make_call(closes=datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), zone="Europe/Berlin")

    assert call.is_open(datetime.datetime(2027, 3, 28, 1, 59, 59, tzinfo=BERLIN))
    assert not call.is_open(datetime.datetime(2027, 3, 28, 3, 0, tzinfo=BERLIN))
    assert call_schedule(call)["closes_text"] == "28 March 2027, 03:00 (Europe/Berlin)"


@pytest.mark.django_db
def test_a_call_closing_at_the_second_0230_of_the_autumn_change_is_open_at_the_first():
    # 31 October 2027: 02:30 CEST (00:30 UTC), then the clocks go back, then 02:30 CET (01:30).
    call = make_call(
        closes=datetime.datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN),
        zone="Europe/Berlin",
    )

    first = datetime.datetime(2027, 10, 31, 2, 30, fold=0, tzinfo=BERLIN)
    second = datetime.datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)

    assert call.closes_at == datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert (call.is_open(first), call.is_open(second)) == (True, False)


def add_call_in_the_back_office(client, closes):
    """Staff add a call in the admin, with times in Europe/Berlin as the page says."""
    return client.post(
        reverse("admin:cities_membershipcall_add"),
        {
            "title_en": "Call for membership 2027",
            "opens_at_0": "2027-03-01",
            "opens_at_1": "09:00",
            "closes_at_0": closes[0],
            "closes_at_1": closes[1],
            "time_zone": "Pacific/Auckland",
            "quota_per_country": "3",
            "commission_deadline_0": "2027-12-31",
            "commission_deadline_1": "23:59",
        },
    )


@pytest.mark.parametrize(
    "closes",
    [("2027-03-28", "02:30"), ("2027-10-31", "02:30")],
    ids=["skipped-in-spring", "twice-in-autumn"],
)
def test_back_office_refuses_a_closing_time_the_clock_change_skips_or_repeats(admin_client, closes):
    response = add_call_in_the_back_office(admin_client, closes)

    assert response.status_code == 200  # the form again, with the error
    assert (
        f"{closes[0]} {closes[1]}:00 couldn’t be interpreted in time zone Europe/Berlin; it "
        "may be ambiguous or it may not exist."
    ) in response.content.decode()
    assert not MembershipCall.objects.exists()


def test_back_office_accepts_the_hour_after_the_spring_change_and_lists_it_in_the_calls_zone(
    admin_client,
):
    response = add_call_in_the_back_office(admin_client, ("2027-03-28", "03:00"))

    assert response.status_code == 302
    call = MembershipCall.objects.get()
    assert call.closes_at == datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    listed = admin_client.get(reverse("admin:cities_membershipcall_changelist")).content.decode()
    assert "2027-03-28 14:00" in listed  # Auckland, still on daylight time (UTC+13)


# --- The year: in Berlin, in UTC --------------------------------------------------------------


def profile_form(year):
    return ProfileStepForm(data={"population": "48100", "population_year": str(year)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "accepted", "refused"),
    [
        # 23:59 in Berlin on 31 December: still 2027 everywhere the portal counts.
        (datetime.datetime(2027, 12, 31, 23, 59, tzinfo=BERLIN), 2027, 2028),
        # 23:30 UTC on 31 December is already 00:30 on 1 January in Berlin.
        (datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), 2028, 2029),
        (datetime.datetime(2028, 1, 1, 0, 0, tzinfo=BERLIN), 2028, 2029),
        (datetime.datetime(2028, 2, 29, 12, 0, tzinfo=BERLIN), 2028, 2029),
    ],
    ids=["berlin-2359", "utc-2330", "berlin-0000", "29-february"],
)
def test_data_year_is_this_year_in_berlin_at_the_turn_of_the_year(
    time_machine, moment, accepted, refused
):
    time_machine.move_to(moment, tick=False)

    good, future = profile_form(accepted), profile_form(refused)

    assert good.is_valid(), good.errors
    assert future.errors["population_year"] == [
        f"The data year cannot be in the future: enter {accepted} or earlier."
    ]


@pytest.mark.django_db
def test_status_change_at_2330_utc_on_new_years_eve_is_dated_1_january(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    city = create_city(name="Whanganui", country="NZ", member_since=2026)
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), tick=False)

    change_membership_status(city, status=MembershipStatus.SUSPENDED, note="Dues unpaid")

    latest = city.status_history.order_by("-recorded_at", "-pk").first()
    assert (latest.status, latest.since) == (MembershipStatus.SUSPENDED, datetime.date(2028, 1, 1))


@pytest.mark.django_db
def test_status_change_on_29_february_is_dated_29_february(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    city = create_city(name="Whanganui", country="NZ", member_since=2026)
    time_machine.move_to(datetime.datetime(2028, 2, 29, 23, 30, tzinfo=BERLIN), tick=False)

    change_membership_status(city, status=MembershipStatus.SUSPENDED, note="Dues unpaid")

    latest = city.status_history.order_by("-recorded_at", "-pk").first()
    assert latest.since == datetime.date(2028, 2, 29)


@pytest.mark.django_db
def test_admin_lists_a_submission_at_2330_utc_on_new_years_eve_on_1_january(time_machine):
    from cities.admin.applications import MembershipApplicationAdmin
    from cities.models import MembershipApplication

    call = make_call(
        closes=datetime.datetime(2028, 1, 31, 23, 59, tzinfo=BERLIN), zone="Europe/Berlin"
    )
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), tick=False)
    application = complete_draft(call)
    workflow.submit_application(application, by=application.applicant)
    application.refresh_from_db()
    model_admin = MembershipApplicationAdmin(MembershipApplication, admin.site)

    listed = model_admin.submitted(application)

    assert listed == "2028-01-01"
