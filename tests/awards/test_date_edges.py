"""Award cycles on the days dates go wrong: a cycle closing at 23:59 in Kiritimati (UTC+14,
the first place on Earth where a day begins), the turn of the year in Berlin and in UTC,
29 February, and the National Commission's thirty days across the clock changes in
Europe/Berlin. Every test sets the clock itself.

The Commission's link works for thirty days counted on the cycle's own clock: a cycle closing
at 23:59 gives a link that works until 23:59 thirty days later, clock change or not; a time
the change skips or repeats means the later of its two readings."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.eligibility import eligibility
from awards.enums import AwardApplicationState, CyclePhase
from awards.exports import score_rows
from awards.models import NominationInvitation
from cities.models import NationalCommission
from cities.services import create_city
from tests import world

BERLIN = ZoneInfo("Europe/Berlin")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# 23:59 on 31 December in Kiritimati is 09:59 UTC and 10:59 in Berlin, the same day.
KIRITIMATI_CLOSE = datetime.datetime(2027, 12, 31, 23, 59, tzinfo=KIRITIMATI)

pytestmark = pytest.mark.django_db


def make_cycle(*, closes, zone, year=2028, phase=CyclePhase.OPEN, **fields):
    """A cycle of `year` closing at `closes` in `zone` (opened 90 days before), moved to
    `phase` by staff; `fields` are its rules, criteria and applicants (world.award_cycle)."""
    return world.award_cycle(
        year,
        phase=phase,
        opens_at=closes - datetime.timedelta(days=90),
        closes_at=closes,
        time_zone=zone,
        **fields,
    )


def focal_city(name="Tarawa", country="KI", *, admitted_on=datetime.date(2015, 3, 1)):
    """An active member since `admitted_on`, with a focal point and a National Commission."""
    city = create_city(
        name=name, country=country, member_since=admitted_on.year, admitted_on=admitted_on
    )
    world.focal_point(city, world.user(f"focal@{name.lower()}.example"))
    NationalCommission.objects.get_or_create(
        country=country, defaults={"name": "National Commission", "emails": "natcom@example.org"}
    )
    return city


def complete_application(city, cycle):
    user = city.focal_point
    application = services.start_award_application(city=city, cycle=cycle, by=user)
    services.set_consent_form(
        application,
        file=SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf"),
        by=user,
    )
    assert services.missing_award_items(application) == []
    return application


def text(response):
    return " ".join(response.content.decode().split())


# --- A cycle closing at 23:59 in Kiritimati --------------------------------------------------


def test_award_page_one_minute_before_a_kiritimati_close_invites_to_apply(client, time_machine):
    make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=KIRITIMATI), tick=False)

    page = text(client.get("/en/awards/"))

    assert "Applications close on Dec. 31, 2027, 11:59 p.m. (Pacific/Kiritimati)." in page
    assert "Check eligibility and apply" in page
    assert "Open for applications" in page


def test_award_page_at_midnight_in_kiritimati_says_applications_closed(client, time_machine):
    # The phase is still "open" (staff move it on later): the clock decides what is shown.
    make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=KIRITIMATI), tick=False)

    page = text(client.get("/en/awards/"))

    assert "Applications closed on Dec. 31, 2027, 11:59 p.m. (Pacific/Kiritimati)." in page
    assert "Applications close on" not in page
    assert "Check eligibility and apply" not in page
    assert "Open for applications" not in page
    french = text(client.get("/fr/awards/"))
    assert (
        "Les candidatures ont été closes le 31 décembre 2027 23:59 (Pacific/Kiritimati)."
    ) in french


def test_award_page_before_the_opening_says_when_applications_open(client, time_machine):
    cycle = make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(cycle.opens_at - datetime.timedelta(minutes=1), tick=False)

    page = text(client.get("/en/awards/"))

    assert "Applications open on Oct. 2, 2027, 11:59 p.m. (Pacific/Kiritimati)." in page
    assert "Check eligibility and apply" not in page


def test_apply_page_is_open_at_2358_and_closed_at_midnight_in_kiritimati(client, time_machine):
    cycle = make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    city = focal_city()
    apply = reverse("awards:apply", args=[cycle.year])
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=KIRITIMATI), tick=False)
    client.force_login(city.focal_point)

    before = text(client.get(apply))
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=KIRITIMATI), tick=False)
    after = text(client.get(apply))

    assert "The call for applications is open." in before
    assert "Start the application of Tarawa" in before
    assert "This award cycle is not open for applications." in after
    assert "Start the application of Tarawa" not in after


def test_submission_at_2358_in_kiritimati_is_accepted(client, time_machine):
    cycle = make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=KIRITIMATI), tick=False)
    application = complete_application(focal_city(), cycle)
    client.force_login(application.city.focal_point)

    response = client.post(reverse("awards:application-submit", args=[application.pk]), follow=True)

    assert "Your application has been submitted." in text(response)
    application.refresh_from_db()
    assert application.state == AwardApplicationState.SUBMITTED
    assert application.submitted_at == datetime.datetime(2027, 12, 31, 9, 58, tzinfo=UTC)


def test_submission_at_midnight_in_kiritimati_is_refused_with_the_closing_time_there(
    client, time_machine
):
    cycle = make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=KIRITIMATI), tick=False)
    application = complete_application(focal_city(), cycle)
    client.force_login(application.city.focal_point)
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=KIRITIMATI), tick=False)

    response = client.post(reverse("awards:application-submit", args=[application.pk]))

    assert response.status_code == 409
    assert (
        "Applications closed on 2027-12-31 23:59 (Pacific/Kiritimati); the application can "
        "no longer be submitted."
    ) in text(response)
    application.refresh_from_db()
    assert application.state == AwardApplicationState.DRAFT


def test_nomination_link_of_a_kiritimati_cycle_works_until_2359_there_thirty_days_on(
    client, time_machine, django_capture_on_commit_callbacks
):
    cycle = make_cycle(closes=KIRITIMATI_CLOSE, zone="Pacific/Kiritimati")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=KIRITIMATI), tick=False)
    application = complete_application(focal_city(), cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_award_application(application, by=application.city.focal_point)
    invitation = next(m for m in mail.outbox if m.to == ["natcom@example.org"])
    link = re.search(r"https?://[^/\s]+(/\S*/nomination/\S+)", invitation.body).group(1)

    time_machine.move_to(datetime.datetime(2028, 1, 30, 23, 58, tzinfo=KIRITIMATI), tick=False)
    before = client.get(link).content.decode()
    time_machine.move_to(datetime.datetime(2028, 1, 31, 0, 0, tzinfo=KIRITIMATI), tick=False)
    after = client.get(link).content.decode()

    assert "The link works until 30 January 2028, 23:59 (Pacific/Kiritimati)" in invitation.body
    assert "Tarawa" in before
    assert "This link cannot be used" in after
    assert "Tarawa" not in after


# --- The Commission's thirty days across the clock changes -----------------------------------


@pytest.mark.parametrize(
    ("closes", "deadline"),
    [
        # Closes in winter time, the deadline is in summer time: still 23:59 on the wall.
        (
            datetime.datetime(2027, 3, 15, 23, 59, tzinfo=BERLIN),
            datetime.datetime(2027, 4, 14, 21, 59, tzinfo=UTC),
        ),
        # Closes in summer time, the deadline is in winter time.
        (
            datetime.datetime(2027, 10, 15, 23, 59, tzinfo=BERLIN),
            datetime.datetime(2027, 11, 14, 22, 59, tzinfo=UTC),
        ),
        # Thirty days after 30 January 2028 is 29 February.
        (
            datetime.datetime(2028, 1, 30, 23, 59, tzinfo=BERLIN),
            datetime.datetime(2028, 2, 29, 22, 59, tzinfo=UTC),
        ),
        # 02:30 on 28 March 2027 is skipped: the later reading, 03:30 CEST.
        (
            datetime.datetime(2027, 2, 26, 2, 30, tzinfo=BERLIN),
            datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        ),
        # 02:30 on 31 October 2027 happens twice: the second one, 02:30 CET.
        (
            datetime.datetime(2027, 10, 1, 2, 30, tzinfo=BERLIN),
            datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        ),
    ],
    ids=["into-summer-time", "into-winter-time", "29-february", "skipped-hour", "repeated-hour"],
)
def test_nomination_deadline_is_thirty_days_on_the_cycles_clock(closes, deadline):
    cycle = make_cycle(closes=closes, zone="Europe/Berlin")

    assert services.nomination_deadline(cycle, at=closes) == deadline


def test_nomination_deadline_of_a_late_submission_counts_from_it():
    cycle = make_cycle(
        closes=datetime.datetime(2027, 3, 1, 23, 59, tzinfo=BERLIN), zone="Europe/Berlin"
    )
    recorded = datetime.datetime(2027, 3, 10, 9, 15, tzinfo=BERLIN)

    deadline = services.nomination_deadline(cycle, at=recorded)

    assert timezone.localtime(deadline, BERLIN).strftime("%Y-%m-%d %H:%M %Z") == (
        "2027-04-09 09:15 CEST"
    )


def test_nomination_link_works_through_both_0230s_of_the_autumn_change(
    client, time_machine, django_capture_on_commit_callbacks
):
    closes = datetime.datetime(2027, 10, 1, 2, 30, tzinfo=BERLIN)
    cycle = make_cycle(closes=closes, zone="Europe/Berlin")
    time_machine.move_to(closes - datetime.timedelta(minutes=1), tick=False)
    application = complete_application(focal_city("Espoo", "FI"), cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_award_application(application, by=application.city.focal_point)
    invitation = NominationInvitation.objects.get(application=application)
    message = next(m for m in mail.outbox if m.to == ["natcom@example.org"])

    usable = [
        invitation.is_usable(datetime.datetime(2027, 10, 31, 2, 30, fold=0, tzinfo=BERLIN)),
        invitation.is_usable(datetime.datetime(2027, 10, 31, 1, 29, tzinfo=UTC)),
        invitation.is_usable(datetime.datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)),
    ]

    assert usable == [True, True, False]
    assert "The link works until 31 October 2027, 02:30 (Europe/Berlin)" in message.body


# --- Membership counted up to the closing day, in the cycle's zone -----------------------------


def test_membership_is_counted_to_the_closing_day_where_the_cycle_closes():
    # 23:59 on 31 December in Los Angeles is already 1 January 2028 in Berlin and in UTC.
    cycle = make_cycle(
        closes=datetime.datetime(2027, 12, 31, 23, 59, tzinfo=LOS_ANGELES),
        zone="America/Los_Angeles",
        min_membership_months=12,
    )
    new_year = focal_city("Fresno", "US", admitted_on=datetime.date(2027, 1, 1))
    eve = focal_city("Oakland", "US", admitted_on=datetime.date(2026, 12, 31))

    late, in_time = eligibility(new_year, cycle), eligibility(eve, cycle)

    assert not late.eligible
    assert ["2027-12-31" in reason for reason in late.reasons] == [True]
    assert in_time.eligible


@pytest.mark.parametrize(
    ("closing_day", "eligible"),
    [(datetime.date(2029, 2, 27), False), (datetime.date(2029, 2, 28), True)],
)
def test_a_city_admitted_on_29_february_has_its_year_on_28_february(closing_day, eligible):
    cycle = make_cycle(
        closes=datetime.datetime.combine(closing_day, datetime.time(23, 59), BERLIN),
        zone="Europe/Berlin",
        year=2029,
        min_membership_months=12,
    )
    city = focal_city("Leap", "DE", admitted_on=datetime.date(2028, 2, 29))

    assert eligibility(city, cycle).eligible is eligible


# --- The staff export ----------------------------------------------------------------------------


def test_export_dates_a_review_submitted_at_2330_utc_on_new_years_eve_1_january(time_machine):
    cycle = make_cycle(
        closes=datetime.datetime(2027, 6, 30, 23, 59, tzinfo=BERLIN),
        zone="Europe/Berlin",
        year=2027,
        phase=CyclePhase.JURY,
        criteria=["Vision"],
        applicants=[(focal_city(), "shortlisted")],
    )
    [criterion] = cycle.criteria.all()
    application = cycle.applications.get()
    juror = world.juror("juror@jury.example")
    assignment = world.assign(application, juror)
    services.record_score(assignment, criterion, value=7, comment="Clear.")
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), tick=False)

    services.submit_review(assignment)

    rows = list(score_rows(cycle))
    assert [(row[0], row[-1]) for row in rows] == [("2027", "2028-01-01 00:30")]
