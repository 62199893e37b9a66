"""The builders reach each state the way the portal does: through the services, with the
events, links and history a real object has, on any day the tests run."""

import datetime

import pytest
from django.utils import timezone

from awards.enums import AwardApplicationState, CyclePhase
from awards.models import Award
from cities.enums import ApplicationState
from tests import world

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
CLOSES = datetime.datetime(2026, 6, 30, 18, tzinfo=datetime.UTC)


def states(application):
    return list(application.events.exclude(to_state="").values_list("to_state", flat=True))


def test_an_award_application_walks_every_transition_inside_its_cycles_window():
    cycle = world.award_cycle(
        2026, phase=CyclePhase.OPEN, criteria=["Vision"], opens_at=OPENS, closes_at=CLOSES
    )
    espoo = world.city("Espoo", "FI", member_since=2015)

    application = world.award_application(cycle, espoo, AwardApplicationState.SHORTLISTED)

    assert states(application) == ["draft", "submitted", "nominated", "eligible", "shortlisted"]
    assert OPENS <= application.submitted_at < CLOSES
    assert application.submitted_by == espoo.focal_point
    assert [a.text for a in application.answers.all()] == ["Espoo on Vision."]
    invitation = application.nomination_invitations.get()
    assert (invitation.decision, invitation.used_at is not None) == ("nominate", True)


def test_a_cycle_with_applicants_reaches_its_phase_one_step_at_a_time():
    cities = [
        world.city(name, country, member_since=2015)
        for name, country in [("Cork", "IE"), ("Espoo", "FI")]
    ]

    cycle = world.award_cycle(
        2026,
        phase=CyclePhase.JURY,
        opens_at=OPENS,
        closes_at=CLOSES,
        applicants=[(cities[0], "shortlisted"), (cities[1], "not_nominated")],
    )

    assert cycle.phase == CyclePhase.JURY
    phases = list(cycle.history.order_by("history_id").values_list("phase", flat=True))
    assert phases == ["announced", "open", "nomination", "screening", "jury"]
    assert sorted(cycle.applications.values_list("city__name_en", "state")) == [
        ("Cork", "shortlisted"),
        ("Espoo", "not_nominated"),
    ]


def test_published_is_reached_through_publish_results():
    cork = world.city("Cork", "IE", member_since=2015)
    cycle = world.award_cycle(
        2026,
        phase=CyclePhase.DELIBERATION,
        opens_at=OPENS,
        closes_at=CLOSES,
        applicants=[(cork, "shortlisted")],
    )
    winner = cycle.applications.get()

    world.advance_to(cycle, CyclePhase.PUBLISHED, winners=[winner])

    winner.refresh_from_db()
    assert (cycle.phase, winner.state) == (CyclePhase.PUBLISHED, AwardApplicationState.AWARDED)
    assert list(Award.objects.values_list("city__name_en", "citation_en")) == [
        ("Cork", "For Cork.")
    ]


def test_applications_are_refused_once_the_cycle_has_moved_on():
    cycle = world.award_cycle(2026, phase=CyclePhase.JURY, opens_at=OPENS, closes_at=CLOSES)
    with pytest.raises(ValueError, match="while it is open"):
        world.award_application(cycle, world.city("Cork", "IE", member_since=2015))
    with pytest.raises(ValueError, match="cannot go back"):
        world.advance_to(cycle, CyclePhase.OPEN)


def test_history_is_recorded_published_without_applications():
    cork = world.city("Cork", "IE", member_since=2015)
    cycle = world.past_award_cycle(2015, winners=[cork])
    assert (cycle.phase, cycle.applications.count()) == (CyclePhase.PUBLISHED, 0)
    assert [award.city for award in cycle.awards.all()] == [cork]


@pytest.mark.parametrize("state", list(ApplicationState))
def test_a_membership_application_in_each_state(state):
    call = world.open_membership_call()
    world.themes()
    applicant = world.user("focal@galway.example")

    application = world.membership_application(call, state, applicant=applicant)

    assert application.state == state
    assert states(application)[-1] == state
    assert application.events.filter(to_state=state).count() == 1


def test_a_membership_decision_is_dated_when_staff_took_it():
    submitted = timezone.now() - datetime.timedelta(days=200)
    call = world.open_membership_call(at=submitted)
    applicant = world.user("focal@galway.example")
    decided = submitted + datetime.timedelta(days=10)

    application = world.membership_application(
        call, ApplicationState.APPROVED, applicant=applicant, at=submitted, decided_at=decided
    )

    assert abs(application.submitted_at - submitted) < datetime.timedelta(minutes=1)
    assert abs(application.decided_at - decided) < datetime.timedelta(minutes=1)
