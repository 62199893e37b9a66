"""The members' dashboard (/<lang>/members/): what each city the user edits owes and when,
who sees it, and the header's link to it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.enums import CyclePhase
from members.enums import ReportState
from members.models import CityEditor
from tests import world

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
# 10 January 2022: Cork's deadline (31 December 2021) has passed, Espoo's (2 December 2022) not.
AFTER_CORK_DEADLINE = datetime.datetime(2022, 1, 10, 12, 0, tzinfo=datetime.UTC)


def dashboard_url(language="en"):
    with translation.override(language):
        return reverse("members:dashboard")


@pytest.fixture
def members():
    cork = world.city("Cork", "IE", member_since=2015)
    espoo = world.city("Espoo", "FI", member_since=2020)
    focal = world.focal_point(cork)
    world.focal_point(espoo)
    cycle = world.open_reporting_cycle(at=OPENED)
    return {"cork": cork, "espoo": espoo, "focal": focal, "cycle": cycle}


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(dashboard_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_who_edits_no_city_is_told_how_access_is_given(client):
    client.force_login(world.user("someone@example.org"))
    response = client.get(dashboard_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Your account does not edit a member city yet" in body
    assert "Access comes from an invitation" in body
    assert response.context["dues"] == []


def test_the_focal_point_sees_the_report_due_its_deadline_and_the_overdue_standing(client, members):
    client.force_login(members["focal"])
    with time_machine.travel(AFTER_CORK_DEADLINE, tick=False):
        response = client.get(dashboard_url())
    body = response.content.decode()
    [dues] = response.context["dues"]
    assert dues.city == members["cork"]
    assert dues.is_focal_point
    assert [r.cycle for r in dues.reports] == [members["cycle"]]
    assert "Due by the end of 31 December 2021 (Europe/Berlin time)." in body
    assert "The deadline has passed: the report is overdue." in body
    assert "Report overdue" in body
    report = members["cycle"].reports.get(city=members["cork"])
    assert reverse("members:report-detail", args=[report.pk]) in body
    assert reverse("members:profile-update", args=["cork"]) in body
    assert reverse("members:editors", args=["cork"]) in body
    assert "Espoo" not in body


def test_the_day_before_the_deadline_in_berlin_the_report_is_not_overdue(client, members):
    client.force_login(members["focal"])
    # 31 December 2021, 22:30 UTC is 23:30 in Berlin: still the deadline's day.
    with time_machine.travel(datetime.datetime(2021, 12, 31, 22, 30, tzinfo=datetime.UTC)):
        body = client.get(dashboard_url()).content.decode()
    assert "The deadline has passed" not in body
    assert "In good standing" in body


def test_a_co_editor_sees_the_city_without_the_editors_link(client, members):
    colleague = world.user("colleague@cork.example")
    CityEditor.objects.create(city=members["cork"], user=colleague, added_by=members["focal"])
    client.force_login(colleague)
    with time_machine.travel(OPENED + datetime.timedelta(days=1)):
        response = client.get(dashboard_url())
    body = response.content.decode()
    [dues] = response.context["dues"]
    assert dues.city == members["cork"]
    assert not dues.is_focal_point
    assert "You are a co-editor of this city." in body
    assert reverse("members:editors", args=["cork"]) not in body
    assert reverse("members:profile-update", args=["cork"]) in body


def test_a_submitted_report_puts_the_city_under_review(client, members):
    world.progress_report(
        members["cycle"],
        members["cork"],
        ReportState.SUBMITTED,
        by=members["focal"],
        staff=world.staff(),
        at=OPENED + datetime.timedelta(days=30),
    )
    client.force_login(members["focal"])
    with time_machine.travel(AFTER_CORK_DEADLINE):
        body = client.get(dashboard_url()).content.decode()
    assert "Report under review" in body
    assert "State: Submitted" in body
    assert "Submitted on 2 June 2021." in body
    assert "The deadline has passed" not in body


def test_the_open_award_cycle_is_shown_with_the_citys_eligibility(client, members):
    cycle = world.award_cycle(
        2022,
        phase=CyclePhase.OPEN,
        opens_at=datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC),
    )
    client.force_login(members["focal"])
    with time_machine.travel(AFTER_CORK_DEADLINE):
        response = client.get(dashboard_url())
    body = response.content.decode()
    [opening] = response.context["dues"][0].awards
    assert opening.cycle == cycle
    assert "UNESCO Learning City Award 2022" in body
    assert reverse("awards:apply", args=[2022]) in body


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_dashboard_speaks_french_and_spanish(client, members, language):
    client.force_login(members["focal"])
    response = client.get(dashboard_url(language))
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_the_header_links_the_members_area_only_for_a_city_editor(client, members):
    client.force_login(members["focal"])
    home = client.get("/en/").content.decode()
    assert f'href="{dashboard_url()}"' in home
    client.force_login(world.user("someone@example.org"))
    home = client.get("/en/").content.decode()
    assert f'href="{dashboard_url()}"' not in home
    client.logout()
    assert f'href="{dashboard_url()}"' not in client.get("/en/").content.decode()


def test_the_dashboard_query_count_does_not_grow_with_cycles(client, members):
    client.force_login(members["focal"])
    before_deadline = OPENED + datetime.timedelta(days=1)
    with time_machine.travel(before_deadline):
        client.get(dashboard_url())
        with CaptureQueriesContext(connection) as one:
            client.get(dashboard_url())
    for title, start in (("Second cycle", 2021), ("Third cycle", 2023)):
        period = (datetime.date(start, 10, 1), datetime.date(start + 2, 9, 30))
        world.open_reporting_cycle(at=OPENED, title=title, period=period)
    with time_machine.travel(before_deadline), CaptureQueriesContext(connection) as three:
        response = client.get(dashboard_url())
    assert len(response.context["dues"][0].reports) == 3
    assert len(one) == len(three) == DASHBOARD_QUERIES


# The session and the user (2), the header's "edits a city" (1), the cities (1), their open
# reports (1), the open award cycles (1), the city's standing (2).
DASHBOARD_QUERIES = 8


# Who sees which city on the dashboard (SPEC §2): the role, and the cities listed (None: sent
# to sign in). Staff and superusers have no city of their own there: they work in the admin.
ROLES = {
    "visitor": None,
    "other_focal_point": ["Espoo"],
    "co_editor": ["Cork"],
    "focal_point": ["Cork"],
    "staff_without_group": [],
    "secretariat": [],
    "superuser": [],
}


@pytest.fixture
def people(members):
    colleague = world.user("colleague@cork.example")
    CityEditor.objects.create(city=members["cork"], user=colleague, added_by=members["focal"])
    return {
        "visitor": None,
        "other_focal_point": members["espoo"].focal_point,
        "co_editor": colleague,
        "focal_point": members["focal"],
        "staff_without_group": world.staff("plain@example.org", secretariat=False),
        "secretariat": world.staff(),
        "superuser": world.superuser("root@example.org"),
    }


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_table_of_the_dashboard(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(dashboard_url())
    if ROLES[role] is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        return
    assert response.status_code == 200
    assert [dues.city.name for dues in response.context["dues"]] == ROLES[role]
    body = response.content.decode()
    for name in {"Cork", "Espoo"} - set(ROLES[role]):
        assert f">{name}</h2>" not in body
