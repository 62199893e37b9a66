"""The end of a cycle: advance_phase and publish_results (awards/services/results.py).

Candidates and cycles are built with the services (tests/world): the cities apply while the
cycle is open and are shortlisted; the cycle then moves on to deliberation phase by phase."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from awards.models import Award
from tests import world

State = AwardApplicationState


def citations_for(*applications):
    return {
        a.pk: {"en": f"{a.city} in English", "fr": f"{a.city} en français", "es": f"{a.city} es"}
        for a in applications
    }


def deliberating_with(make_cycle, make_city, *cities, state=State.SHORTLISTED, **rules):
    """A cycle in deliberation with the applications of `cities` ((name, country) pairs, in
    that order) in `state`; `rules` replace the cycle's."""
    made = [make_city(name, country, member_since=2015) for name, country in cities]
    cycle = make_cycle(
        phase=CyclePhase.DELIBERATION, applicants=[(city, state) for city in made], **rules
    )
    return cycle, list(cycle.applications.order_by("pk"))


@pytest.fixture
def deliberating(cycle):
    return world.advance_to(cycle, CyclePhase.DELIBERATION)


# --- advance_phase --------------------------------------------------------------------------


def test_advance_phase_moves_one_step_and_records_who(make_cycle, staff_assigner):
    cycle = make_cycle(phase=CyclePhase.ANNOUNCED)
    services.advance_phase(cycle, by=staff_assigner)
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.OPEN
    latest = cycle.history.latest()
    assert (latest.phase, latest.history_user) == ("open", staff_assigner)


def test_advance_phase_walks_to_deliberation_then_stops(make_cycle, staff_assigner):
    cycle = make_cycle(phase=CyclePhase.ANNOUNCED)
    seen = []
    for _ in range(5):
        services.advance_phase(cycle, by=staff_assigner)
        seen.append(cycle.phase)
    assert seen == ["open", "nomination", "screening", "jury", "deliberation"]
    with pytest.raises(services.AwardError, match="publish its results"):
        services.advance_phase(cycle, by=staff_assigner)


def test_advance_phase_refuses_past_published(cycle, candidates, staff_assigner):
    world.advance_to(cycle, CyclePhase.PUBLISHED, winners=candidates[:1])
    with pytest.raises(services.AwardError, match="no next phase"):
        services.advance_phase(cycle, by=staff_assigner)
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.PUBLISHED


# --- publish_results ------------------------------------------------------------------------


@pytest.fixture
def candidates(make_cycle, make_city):
    """Espoo (FI) and Medellín (CO) shortlisted, Aswan (EG) eligible; each with a focal point;
    their cycle in the jury phase."""
    made = []
    for name, country, state, language in [
        ("Espoo", "FI", State.SHORTLISTED, "en"),
        ("Medellín", "CO", State.SHORTLISTED, "es"),
        ("Aswan", "EG", State.ELIGIBLE, "fr"),
    ]:
        focal = world.user(
            f"focal@{name.lower()}.example", password="p-123456789", language=language
        )
        made.append((make_city(name, country, member_since=2015, focal_point=focal), state))
    cycle = make_cycle(applicants=made)
    return list(cycle.applications.order_by("pk"))


@pytest.fixture
def cycle(candidates):
    """The candidates' cycle, in the jury phase (instead of the conftest's)."""
    return candidates[0].cycle


def test_publish_results_creates_awards_moves_states_and_publishes(
    candidates, deliberating, staff_assigner
):
    espoo, medellin, _aswan = candidates
    set_up = espoo.events.model.objects.latest("pk").pk  # the events of the applications so far
    awards = services.publish_results(
        deliberating,
        winners=[espoo, medellin],
        citations=citations_for(espoo, medellin),
        by=staff_assigner,
    )
    rows = sorted(
        Award.objects.values_list("city__name_en", "citation_en", "citation_fr", "citation_es")
    )
    assert rows == [
        ("Espoo", "Espoo in English", "Espoo en français", "Espoo es"),
        ("Medellín", "Medellín in English", "Medellín en français", "Medellín es"),
    ]
    assert sorted(a.application_id for a in awards) == sorted([espoo.pk, medellin.pk])
    states = {a.city.name_en: (a.state,) for a in candidates}
    for application in candidates:
        application.refresh_from_db()
        states[application.city.name_en] = application.state
    assert states == {"Espoo": "awarded", "Medellín": "awarded", "Aswan": "not_awarded"}
    events = [
        (e.application.city.name_en, e.from_state, e.to_state, e.actor)
        for e in espoo.events.model.objects.filter(
            application__in=candidates, pk__gt=set_up
        ).order_by("pk")
    ]
    assert events == [
        ("Espoo", "shortlisted", "awarded", staff_assigner),
        ("Medellín", "shortlisted", "awarded", staff_assigner),
        ("Aswan", "eligible", "not_awarded", staff_assigner),
    ]
    deliberating.refresh_from_db()
    assert deliberating.phase == CyclePhase.PUBLISHED
    assert deliberating.history.latest().history_user == staff_assigner


@pytest.mark.django_db(transaction=True)
def test_publish_results_mails_every_focal_point_in_their_language(candidates, deliberating):
    espoo = candidates[0]
    by = get_user_model().objects.create_user(email="uil2@example.org", password="p-12345678")
    mail.outbox.clear()
    services.publish_results(deliberating, winners=[espoo], citations=citations_for(espoo), by=by)
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [address for address, _ in sent] == [
        "focal@aswan.example",
        "focal@espoo.example",
        "focal@medellín.example",
    ]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Espoo in English" in bodies["focal@espoo.example"]
    assert "Medellín" in bodies["focal@medellín.example"]
    assert "Espoo in English" not in bodies["focal@aswan.example"]


def test_publish_results_sends_no_mail_when_refused(candidates, deliberating, staff_assigner):
    espoo = candidates[0]
    with pytest.raises(services.AwardError):
        services.publish_results(deliberating, winners=[espoo], citations={}, by=staff_assigner)
    assert mail.outbox == []
    assert Award.objects.count() == 0


def test_publish_results_refuses_two_winners_of_one_country(make_cycle, make_city, staff_assigner):
    deliberating, (espoo, turku) = deliberating_with(
        make_cycle, make_city, ("Espoo", "FI"), ("Turku", "FI")
    )
    with pytest.raises(services.AwardError) as refused:
        services.publish_results(
            deliberating,
            winners=[espoo, turku],
            citations=citations_for(espoo, turku),
            by=staff_assigner,
        )
    assert str(refused.value) == "At most one winner per country in this cycle: Finland has 2."
    assert Award.objects.count() == 0
    espoo.refresh_from_db()
    assert espoo.state == State.SHORTLISTED


def test_publish_results_allows_two_of_one_country_without_the_rule(
    make_cycle, make_city, staff_assigner
):
    deliberating, (espoo, turku) = deliberating_with(
        make_cycle, make_city, ("Espoo", "FI"), ("Turku", "FI"), one_winner_per_country=False
    )
    services.publish_results(
        deliberating,
        winners=[espoo, turku],
        citations=citations_for(espoo, turku),
        by=staff_assigner,
    )
    assert Award.objects.count() == 2


def test_publish_results_refuses_more_than_the_cap_per_region(
    make_cycle, make_city, staff_assigner
):
    deliberating, (espoo, cork) = deliberating_with(
        make_cycle, make_city, ("Espoo", "FI"), ("Cork", "IE"), max_winners_per_region=1
    )
    with pytest.raises(services.AwardError) as refused:
        services.publish_results(
            deliberating,
            winners=[espoo, cork],
            citations=citations_for(espoo, cork),
            by=staff_assigner,
        )
    assert str(refused.value) == (
        "At most 1 winners per region in this cycle: Europe and North America has 2."
    )
    assert Award.objects.count() == 0


def test_publish_results_refuses_when_not_in_deliberation(candidates, cycle, staff_assigner):
    espoo = candidates[0]
    with pytest.raises(services.AwardError, match="deliberation"):
        services.publish_results(
            cycle, winners=[espoo], citations=citations_for(espoo), by=staff_assigner
        )
    cycle.refresh_from_db()
    assert (cycle.phase, Award.objects.count()) == ("jury", 0)


def test_publish_results_twice_is_refused(candidates, deliberating, staff_assigner):
    espoo = candidates[0]
    services.publish_results(
        deliberating, winners=[espoo], citations=citations_for(espoo), by=staff_assigner
    )
    with pytest.raises(services.AwardError, match="already published"):
        services.publish_results(
            deliberating, winners=[espoo], citations=citations_for(espoo), by=staff_assigner
        )
    assert Award.objects.count() == 1


@pytest.mark.parametrize("state", [State.NOMINATED, State.ELIGIBLE])
def test_publish_results_refuses_a_winner_not_shortlisted(
    make_cycle, make_city, staff_assigner, state
):
    deliberating, (other,) = deliberating_with(make_cycle, make_city, ("Espoo", "FI"), state=state)
    with pytest.raises(services.AwardError, match="Only shortlisted applications"):
        services.publish_results(
            deliberating, winners=[other], citations=citations_for(other), by=staff_assigner
        )
    other.refresh_from_db()
    assert other.state == state
