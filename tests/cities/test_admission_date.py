"""A city admitted through a membership application is a member from the day of its approval
(issue 11): its status history, its precision, its profile, the open data, the award's
12-month rule, the admin, and the migration that fixes cities admitted before."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as current_apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from awards.eligibility import admission_date, eligibility
from awards.models import AwardCycle
from cities.enums import ApplicationState, MembershipStatus
from cities.models import (
    ApplicationEvent,
    City,
    Cluster,
    MembershipStatusChange,
)
from cities.services import applications as workflow
from cities.services import change_membership_status, create_city
from tests import world

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")  # the project's TIME_ZONE


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def user(email, **fields):
    return get_user_model().objects.get_or_create(email=email, defaults=fields)[0]


def under_review(city_name="Galway", country="IE", *, at):
    """An application reviewed by UIL, reached through the workflow's services at `at`."""
    with time_machine.travel(at, tick=False):
        now = timezone.now()
        call = world.membership_call(
            title_en=f"Call for {city_name}",
            opens_at=now - datetime.timedelta(days=10),
            closes_at=now + datetime.timedelta(days=20),
            quota_per_country=2,
        )
        Cluster.objects.get_or_create(slug="literacy", defaults={"name_en": "Literacy"})
        applicant = user(f"focal@{city_name.lower()}.example")
        staff = user("reviewer@uil.example", is_staff=True, full_name="Rita Reviewer")
        return world.membership_application(
            call,
            ApplicationState.UNDER_REVIEW,
            applicant=applicant,
            by=staff,
            at=now,
            decided_at=now,
            city_name=city_name,
            country=country,
            contact_email=applicant.email,
        )


def approve(application, *, at):
    with time_machine.travel(at, tick=False):
        return workflow.approve_application(application, by=user("reviewer@uil.example"))


def admitted(city_name="Galway", country="IE", *, at):
    """A city admitted through its application, approved at `at`."""
    return approve(under_review(city_name, country, at=at - datetime.timedelta(days=40)), at=at)


def history(city):
    return list(
        MembershipStatusChange.objects.filter(city=city)
        .order_by("since", "recorded_at")
        .values_list("status", "since")
    )


# --- The approval ----------------------------------------------------------------------------


def test_a_city_approved_on_2_december_is_a_member_since_2_december():
    application = under_review(at=berlin(2026, 10, 20, 10))

    city = approve(application, at=berlin(2026, 12, 2, 15, 30))

    city.refresh_from_db()
    application.refresh_from_db()
    assert history(city) == [("active", datetime.date(2026, 12, 2))]
    assert (city.member_since, city.member_since_precision) == (2026, "day")
    first = city.status_history.get()
    assert (first.recorded_by.email, first.wording) == (
        "reviewer@uil.example",
        f"Admitted through application {application.pk}.",
    )
    event = ApplicationEvent.objects.get(application=application, to_state="approved")
    assert event.created_at == application.decided_at == berlin(2026, 12, 2, 15, 30)


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # 23:30 UTC on 1 December: already 2 December in Berlin.
        (berlin(2026, 12, 2, 0, 30), datetime.date(2026, 12, 2)),
        # 22:30 UTC: still 1 December in Berlin, though 2 December in Auckland.
        (berlin(2026, 12, 1, 23, 30), datetime.date(2026, 12, 1)),
        (berlin(2026, 12, 31, 23, 59), datetime.date(2026, 12, 31)),
        (berlin(2027, 1, 1, 0, 1), datetime.date(2027, 1, 1)),
    ],
    ids=["after-midnight-in-berlin", "before-midnight-in-berlin", "new-years-eve", "new-year"],
)
def test_the_day_is_the_date_of_the_approval_in_the_projects_time_zone(moment, day):
    application = under_review(at=berlin(2026, 11, 1, 10))

    # Whatever time zone is active for the request (none is activated today).
    with timezone.override(ZoneInfo("Pacific/Auckland")):
        city = approve(application, at=moment)

    city.refresh_from_db()
    assert history(city) == [("active", day)]
    assert (city.member_since, city.member_since_precision) == (day.year, "day")


def test_a_city_approved_on_29_february_counts_12_months_to_28_february():
    city = admitted(at=berlin(2028, 2, 29, 11))
    cycle = AwardCycle.objects.create(year=2029, title_en="Award 2029", min_membership_months=12)

    assert admission_date(city) == datetime.date(2028, 2, 29)
    assert eligibility(city, cycle, at=datetime.date(2029, 2, 28)).reasons == []
    assert eligibility(city, cycle, at=datetime.date(2029, 2, 27)).reasons == [
        "The city must have been a member for at least 12 months on 2029-02-27; "
        "it joined on 2028-02-29."
    ]


def test_a_city_approved_on_2_december_is_eligible_for_12_months_from_2_december_next_year():
    city = admitted(at=berlin(2026, 12, 2, 15, 30))
    cycle = AwardCycle.objects.create(
        year=2028,
        title_en="Award 2028",
        min_membership_months=12,
        closes_at=berlin(2027, 12, 2, 18),
    )

    assert eligibility(city, cycle).reasons == []  # counted up to the closing day
    assert eligibility(city, cycle, at=datetime.date(2027, 12, 1)).reasons == [
        "The city must have been a member for at least 12 months on 2027-12-01; "
        "it joined on 2026-12-02."
    ]


def test_an_existing_member_linked_by_the_approval_keeps_its_history():
    """Its history says when it joined; the approval cannot move that day, nor credit or take
    months it had."""
    with time_machine.travel(berlin(2020, 5, 4, 9), tick=False):
        existing = create_city(name="Galway", country="IE", member_since=2016)
    application = under_review(at=berlin(2026, 10, 20, 10))

    city = approve(application, at=berlin(2026, 12, 2, 15, 30))

    city.refresh_from_db()
    assert city == existing
    assert history(city) == [("active", datetime.date(2016, 1, 1))]
    assert (city.member_since, city.member_since_precision) == (2016, "year")


def test_a_city_that_had_left_comes_back_on_the_day_of_the_approval():
    with time_machine.travel(berlin(2020, 5, 4, 9), tick=False):
        existing = create_city(name="Galway", country="IE", admitted_on=datetime.date(2016, 3, 1))
        change_membership_status(existing, status=MembershipStatus.WITHDRAWN, note="Left")
    application = under_review(at=berlin(2026, 10, 20, 10))

    city = approve(application, at=berlin(2026, 12, 2, 15, 30))

    city.refresh_from_db()
    assert city.status == MembershipStatus.ACTIVE
    assert history(city) == [
        ("active", datetime.date(2016, 3, 1)),
        ("withdrawn", datetime.date(2020, 5, 4)),
        ("active", datetime.date(2026, 12, 2)),
    ]
    assert city.status_history.last().wording == f"Admitted through application {application.pk}."


def test_create_city_refuses_a_year_joined_that_contradicts_the_date():
    with pytest.raises(ValueError, match="admitted on 2026-12-02, not in 2025"):
        create_city(
            name="Galway", country="IE", admitted_on=datetime.date(2026, 12, 2), member_since=2025
        )
    assert not City.objects.exists()


# --- Pages and open data ---------------------------------------------------------------------


def page(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "since 2 December 2026"),
        ("fr", "depuis le 2 décembre 2026"),
        ("es", "desde el 2 diciembre 2026"),
    ],
)
def test_the_profile_shows_the_day_of_admission(client, language, text):
    city = admitted(at=berlin(2026, 12, 2, 15, 30))

    body = client.get(page("cities:city-detail", language, slug=city.slug)).content.decode()

    assert text in body


def test_the_profile_shows_only_the_year_of_a_city_known_by_its_year(client):
    city = create_city(name="Cork", country="IE", member_since=2015)

    body = client.get(page("cities:city-detail", slug=city.slug)).content.decode()

    assert "since 2015" in body
    assert "1 January 2015" not in body


def test_the_directory_card_shows_the_year(client):
    admitted(at=berlin(2026, 12, 2, 15, 30))

    body = client.get(page("cities:directory")).content.decode()

    assert "Member since 2026" in body
    assert "December" not in body


def test_the_api_gives_the_day_where_it_is_on_record(client):
    galway = admitted(at=berlin(2026, 12, 2, 15, 30))
    create_city(name="Cork", country="IE", member_since=2015)
    create_city(name="Espoo", country="FI", member_since=2019, member_since_precision="at_latest")

    rows = client.get(reverse("api:city-list")).json()["results"]
    detail = client.get(reverse("api:city-detail", kwargs={"slug": galway.slug})).json()
    csv_lines = client.get(reverse("api:city-csv")).getvalue().decode().splitlines()

    assert [
        (row["name"], row["member_since"], row["member_since_precision"], row["member_since_date"])
        for row in rows
    ] == [
        ("Cork", 2015, "year", None),
        # "A member by 2019 at the latest" is not a year joined: published as not stated.
        ("Espoo", None, "unknown", None),
        ("Galway", 2026, "day", "2026-12-02"),
    ]
    assert (detail["member_since_precision"], detail["member_since_date"]) == ("day", "2026-12-02")
    header = csv_lines[0].split(",")
    galway_cells = next(line for line in csv_lines if line.startswith("galway,")).split(",")
    assert galway_cells[header.index("member_since_date")] == "2026-12-02"


def test_the_openapi_document_describes_the_precisions_and_the_date(client):
    schema = client.get(reverse("api:openapi")).json()["components"]["schemas"]["CityListItem"]

    precision = schema["properties"]["member_since_precision"]
    assert precision["enum"] == ["day", "year", "unknown"]
    assert schema["properties"]["member_since_date"]["type"] == ["string", "null"]
    assert schema["properties"]["member_since_date"]["format"] == "date"


# --- The admin -------------------------------------------------------------------------------


def admin_form(instance=None, **data):
    from cities.forms import CityAdminForm

    fields = {
        "name": "Galway",
        "name_en": "Galway",
        "slug": "galway",
        "country": "IE",
        "kind": "city",
        **data,
    }
    return CityAdminForm(data=fields, instance=instance)


def test_the_admin_refuses_a_date_of_admission_that_is_not_on_record():
    city = create_city(name="Galway", country="IE", member_since=2016)

    form = admin_form(city, member_since="2016", member_since_precision="day")

    assert not form.is_valid()
    assert form.errors["member_since_precision"] == [
        "No date of admission is on record for this city: choose another certainty, or, for "
        "a new member, give the day it was admitted in “Status change takes effect on”."
    ]


def test_the_admin_takes_a_new_members_day_and_checks_its_year():
    wrong = admin_form(member_since="2025", member_since_precision="day", status_since="2026-12-02")
    right = admin_form(member_since="2026", member_since_precision="day", status_since="2026-12-02")

    assert not wrong.is_valid()
    assert wrong.errors["member_since"] == [
        "The city was admitted on 2026-12-02: the year joined is 2026."
    ]
    assert right.is_valid(), right.errors


def test_the_admin_keeps_the_day_of_a_city_admitted_through_the_portal():
    city = admitted(at=berlin(2026, 12, 2, 15, 30))

    form = admin_form(city, slug=city.slug, member_since="2026", member_since_precision="day")

    assert form.is_valid(), form.errors


# --- The migration ---------------------------------------------------------------------------

fix = importlib.import_module("cities.migrations.0007_admission_dates")


def as_the_old_approval_left_it(city):
    """What the approval wrote before issue 11: active since 1 January, the year stated."""
    MembershipStatusChange.objects.filter(city=city).update(
        since=datetime.date(city.member_since, 1, 1)
    )
    City.objects.filter(pk=city.pk).update(member_since_precision="year")


def test_the_migration_dates_cities_admitted_before_from_their_approval():
    galway = admitted("Galway", at=berlin(2026, 12, 2, 0, 30))  # 1 December 23:30 UTC
    cork = admitted("Cork", at=berlin(2025, 7, 14, 9))
    for city in (galway, cork):
        as_the_old_approval_left_it(city)
    with time_machine.travel(berlin(2020, 5, 4, 9), tick=False):
        espoo = create_city(name="Espoo", country="FI", member_since=2019)
    espoo_application = under_review("Espoo", "FI", at=berlin(2026, 10, 1, 9))
    assert approve(espoo_application, at=berlin(2026, 11, 3, 10)) == espoo  # linked, not made
    create_city(name="Turku", country="FI", member_since=2026)  # no application

    fix.record_admission_dates(current_apps, None)

    assert [
        (city.name, city.member_since, city.member_since_precision, history(city))
        for city in City.objects.order_by("name_en")
    ] == [
        ("Cork", 2025, "day", [("active", datetime.date(2025, 7, 14))]),
        ("Espoo", 2019, "year", [("active", datetime.date(2019, 1, 1))]),
        ("Galway", 2026, "day", [("active", datetime.date(2026, 12, 2))]),
        ("Turku", 2026, "year", [("active", datetime.date(2026, 1, 1))]),
    ]


def test_the_migration_leaves_a_first_step_recorded_otherwise():
    city = admitted(at=berlin(2026, 12, 2, 15, 30))  # already dated by the approval
    MembershipStatusChange.objects.filter(city=city).update(since=datetime.date(2026, 12, 1))

    fix.record_admission_dates(current_apps, None)

    assert history(city) == [("active", datetime.date(2026, 12, 1))]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_rename_exact_to_year_and_date_the_old_approvals():
    galway = admitted(at=berlin(2026, 12, 2, 0, 30))
    as_the_old_approval_left_it(galway)
    create_city(name="Cork", country="IE", member_since=2015)
    create_city(name="Espoo", country="FI", member_since=2019, member_since_precision="at_latest")
    executor = MigrationExecutor(connection)
    before, after = ("cities", "0005_directory_indexes"), ("cities", "0007_admission_dates")

    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps.get_model("cities", "City")
        precisions_before = dict(old.objects.values_list("name_en", "member_since_precision"))
        executor.loader.build_graph()
        executor.migrate([after])
        migrated = dict(City.objects.values_list("name_en", "member_since_precision"))
    finally:
        # Back to every app's latest migration: the later tests need the whole schema.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert precisions_before == {"Cork": "exact", "Espoo": "at_latest", "Galway": "exact"}
    assert migrated == {
        "Cork": "year",
        "Espoo": "at_latest",
        "Galway": "day",
    }
    assert history(galway) == [("active", datetime.date(2026, 12, 2))]
