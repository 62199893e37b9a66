"""seed_demo's reporting: the two demonstration cycles, the cohorts UIL set for 2019–2021,
demo reports in every state reached through the services, nothing untrue on public pages,
and a second run that changes nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from members.enums import CycleState, ReportEventKind, ReportState, Standing
from members.models import ProgressReport, ReportEvent, ReportingCycle, StandingRecord
from members.standing import current_standing

pytestmark = pytest.mark.django_db

PAST = "Biennial progress report April 2019 – September 2021"
CURRENT = "Biennial progress report: current demonstration cycle"


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", demo_accounts=True, stdout=out)
    return out.getvalue()


def test_the_past_cycle_has_uils_cohorts_and_is_closed_with_its_reports_decided(seeded):
    cycle = ReportingCycle.objects.get(title_en=PAST)
    cohorts = sorted((c.admitted_from or 0, c.admitted_to, c.deadline) for c in cycle.cohorts.all())
    assert cycle.is_demonstration
    assert cycle.state == CycleState.CLOSED
    assert (cycle.period_start, cycle.period_end) == (
        datetime.date(2019, 4, 1),
        datetime.date(2021, 9, 30),
    )
    assert cycle.cut_off == datetime.date(2020, 12, 31)
    assert cohorts == [
        (0, 2019, datetime.date(2021, 12, 31)),
        (2020, 2020, datetime.date(2022, 12, 2)),
    ]
    assert [s.title_en for s in cycle.sections.all()] == [
        "Strategies",
        "Activities",
        "Initiatives",
        "Illustrations",
    ]
    assert set(cycle.questions.values_list("is_demonstration", flat=True)) == {True}
    decided = dict(
        cycle.reports.exclude(state=ReportState.DRAFT).values_list("city__name_en", "state")
    )
    assert decided == {
        "Cork": ReportState.ACCEPTED,
        "Larissa": ReportState.ACCEPTED,
        "Okayama": ReportState.ACCEPTED,
        "Limerick": ReportState.NOT_ACCEPTED,
    }
    # Admitted after the cut-off: not asked.
    assert not cycle.reports.filter(city__member_since__gt=2020).exists()


def test_the_current_cycle_is_open_with_a_deadline_ahead_and_a_review_in_progress(seeded):
    cycle = ReportingCycle.objects.get(title_en=CURRENT)
    states = dict(
        cycle.reports.filter(
            city__name_en__in=["Swansea", "Aswan", "Medellín", "Mexico City"]
        ).values_list("city__name_en", "state")
    )
    assert cycle.is_demonstration
    assert cycle.state == CycleState.OPEN
    assert cycle.reports.get(city__name_en="Swansea").due_at > timezone.now()
    assert states == {
        "Swansea": ReportState.DRAFT,
        "Aswan": ReportState.SUBMITTED,
        "Medellín": ReportState.UNDER_REVIEW,
        "Mexico City": ReportState.INFO_REQUESTED,
    }
    assert "Demo focal point of Swansea: focal.swansea@example.org" in seeded


def test_every_state_was_reached_through_the_services(seeded):
    cork = ProgressReport.objects.get(cycle__title_en=PAST, city__name_en="Cork")
    kinds = list(cork.events.order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == [
        ReportEventKind.INVITED,
        ReportEventKind.SUBMITTED,
        ReportEventKind.REVIEW_STARTED,
        ReportEventKind.ACCEPTED,
    ]
    assert cork.answers.filter(is_public=True).count() == 3  # the three texts


def test_no_city_is_said_to_be_overdue_for_the_demonstration(client, seeded):
    hamburg = City.objects.get(name_en="Hamburg")
    assert current_standing(hamburg).standing == Standing.GOOD
    statistics = client.get("/en/statistics/")
    assert statistics.context["transparency"]["reporting"] == []


def test_the_public_summary_and_the_open_data_mark_the_demonstration(client, seeded):
    profile = client.get(reverse("cities:city-detail", args=["cork"])).content.decode()
    listing = client.get(reverse("api:report-cycle-list")).json()

    assert "Latest progress report" in profile
    assert "A reporting cycle made to show the portal" in profile
    assert "Demonstration question" in profile
    assert "Demonstration answer written for this portal" in profile
    assert {(c["title"], c["is_demonstration"]) for c in listing["results"]} == {
        (PAST, True),
        (CURRENT, True),
    }


def test_seeding_again_changes_no_report(seeded):
    def counts():
        return (
            ReportingCycle.objects.count(),
            ProgressReport.objects.count(),
            ReportEvent.objects.count(),
            StandingRecord.objects.count(),
            list(ProgressReport.objects.order_by("pk").values_list("state", flat=True)),
        )

    first = counts()
    call_command("seed_demo", demo_accounts=True, stdout=StringIO())
    assert counts() == first
