"""The transparency section of /<lang>/statistics/: per membership call and award cycle, only
aggregate numbers, small groups protected, computed in a fixed number of queries."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.enums import AwardApplicationState as AwardState
from awards.enums import CyclePhase
from cities.enums import ApplicationState as State
from gnlc.site import transparency
from gnlc.site.transparency import FEWER, SHOWN, WITHHELD, breakdown, protect
from tests import world

# --- the suppression rules ---------------------------------------------------------------


def kinds_of(values):
    result = breakdown(sum(values), [(str(i), str(i), v) for i, v in enumerate(values)])
    if result.hidden:
        return None
    return [cell.kind for _key, _label, cell in result.rows]


def test_groups_of_one_and_two_are_fewer_than_three_and_three_is_shown():
    assert transparency.count_cell(1).kind == FEWER
    assert transparency.count_cell(2).kind == FEWER
    assert transparency.count_cell(3) == transparency.Cell(SHOWN, 3)
    assert transparency.count_cell(0) == transparency.Cell(SHOWN, 0)


def test_a_single_small_cell_withholds_the_next_smallest_too():
    # Total 13: without a second hidden cell, 13 - 4 - 8 would give the 1 away.
    assert kinds_of([1, 4, 8]) == [FEWER, WITHHELD, SHOWN]


def test_withholding_goes_on_until_the_small_cell_cannot_be_pinned_down():
    # 1 + 3 = 4 hidden: the 3 is at least 3, so the other must be 1; a third cell is withheld.
    assert kinds_of([1, 3, 5, 9]) == [FEWER, WITHHELD, WITHHELD, SHOWN]


def test_two_small_cells_that_add_up_to_an_ambiguous_sum_need_nothing_more():
    # 1 + 2 = 3: either could be the 1.
    assert kinds_of([1, 2, 7]) == [FEWER, FEWER, SHOWN]


def test_two_ones_would_be_recoverable_so_a_third_cell_is_withheld():
    # Hidden sum 2 can only be 1 + 1.
    assert kinds_of([1, 1, 6, 9]) == [FEWER, FEWER, WITHHELD, SHOWN]


def test_a_breakdown_that_cannot_be_protected_is_not_shown():
    # Total 4 = 1 + 3: whatever is hidden, the 1 follows from the total.
    assert kinds_of([1, 3]) is None
    assert kinds_of([0, 1, 0, 3, 0]) is None


def test_zero_cells_are_shown_and_never_used_to_hide_others():
    assert kinds_of([0, 3, 4, 0]) == [SHOWN, SHOWN, SHOWN, SHOWN]
    assert kinds_of([0, 2, 0, 5, 6]) == [SHOWN, FEWER, SHOWN, WITHHELD, SHOWN]


def test_without_a_shown_total_only_small_cells_are_hidden():
    assert protect([1, 1], total_shown=False) == [FEWER, FEWER]


def possible_values(values, kinds):
    """Every value a reader can find for each hidden cell from the shown cells and total."""
    total = sum(values)
    hidden = [i for i, kind in enumerate(kinds) if kind != SHOWN]
    rest = total - sum(v for v, kind in zip(values, kinds, strict=True) if kind == SHOWN)
    ranges = [range(1, 3) if kinds[i] == FEWER else range(3, total + 1) for i in hidden]
    found = {i: set() for i in hidden}
    for guess in itertools.product(*ranges):
        if sum(guess) == rest:
            for i, value in zip(hidden, guess, strict=True):
                found[i].add(value)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5))
def test_no_hidden_cell_can_be_worked_out_from_a_shown_total(values):
    kinds = kinds_of(values)
    if kinds is None or sum(values) < 3:
        return  # not shown at all, or no total to subtract from
    for index, options in possible_values(values, kinds).items():
        assert len(options) >= 2, (values, kinds, index, options)
    for value, kind in zip(values, kinds, strict=True):
        if 0 < value < 3:
            assert kind == FEWER


# --- hand-built calls and cycles ---------------------------------------------------------


_counter = itertools.count(1)


def application(call, state, country, *, days=None, name="Someplace", submitted=True):
    """One application in the given state, through the workflow: submitted the day after the
    call opened (a withdrawn one, then withdrawn; unless not `submitted`), decided by staff
    `days` later."""
    at = call.opens_at + datetime.timedelta(days=1)
    return world.membership_application(
        call,
        state,
        applicant=world.user(f"applicant{next(_counter)}@example.org"),
        at=at,
        decided_at=at + datetime.timedelta(days=days) if days is not None else None,
        withdrawn_from=State.SUBMITTED if submitted else State.DRAFT,
        city_name=name,
        country=country,
        contact_name=f"Contact of {name}",
        contact_email=f"{name.lower()}@city.example",
    )


def make_call(title, *, days_ago=400, length=60):
    opens = timezone.now() - datetime.timedelta(days=days_ago)
    return world.membership_call(
        title_en=title,
        title_fr=f"{title} (fr)",
        title_es=f"{title} (es)",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=length),
    )


@pytest.fixture
def call_2025(db):
    """Nine submitted applications: Africa 4 (3 admitted after 10, 20 and 40 days, 1 under
    review), Europe and North America 3 (1 not admitted after 30 days, 1 withdrawn, 1 not
    endorsed), Latin America 2 (awaiting the Commission); plus a draft and a draft withdrawn
    before it was submitted, which are not applications."""
    call = make_call("Call 2025")
    application(call, State.APPROVED, "KE", days=10, name="Nairobi")
    application(call, State.APPROVED, "GH", days=20, name="Accra")
    application(call, State.APPROVED, "SN", days=40, name="Dakar")
    application(call, State.UNDER_REVIEW, "NG", name="Lagos")
    application(call, State.REJECTED, "IE", days=30, name="Rejectopolis")
    application(call, State.WITHDRAWN, "FR", name="Lyon")
    application(call, State.NOT_ENDORSED, "DE", name="Bonn")
    application(call, State.SUBMITTED, "CO", name="Cali")
    application(call, State.SUBMITTED, "PE", name="Cusco")
    application(call, State.DRAFT, "CO", name="Draftville", submitted=False)
    application(call, State.WITHDRAWN, "CO", name="Quitter", submitted=False)
    return call


def figures_of(call):
    return next(item for item in transparency.membership_calls() if item["call"] == call)


def rows(breakdown_):
    return {key: (cell.kind, cell.value) for key, _label, cell in breakdown_.rows}


@pytest.mark.django_db
def test_call_counts_submitted_applications_by_region(call_2025):
    item = figures_of(call_2025)
    assert item["regions"].total == transparency.Cell(SHOWN, 9)
    # Latin America's 2 is small; alone it would follow from 9 - 4 - 3: Europe's 3 is
    # withheld too, and then the 2 and the 3 could be 1 + 4 or 2 + 3.
    assert rows(item["regions"]) == {
        "AF": (SHOWN, 4),
        "AS": (SHOWN, 0),
        "AP": (SHOWN, 0),
        "ENA": (WITHHELD, None),
        "LAC": (FEWER, None),
    }


@pytest.mark.django_db
def test_call_counts_applications_by_stage_without_drafts(call_2025):
    item = figures_of(call_2025)
    assert item["stages"].total == transparency.Cell(SHOWN, 9)
    assert rows(item["stages"]) == {
        "awaiting": (FEWER, None),
        "not_endorsed": (FEWER, None),
        "in_review": (FEWER, None),
        "approved": (SHOWN, 3),
        "rejected": (FEWER, None),
        "withdrawn": (FEWER, None),
    }


@pytest.mark.django_db
def test_admission_rate_hidden_when_it_would_reveal_a_small_group(call_2025):
    item = figures_of(call_2025)
    # 3 admitted of 4 decided would give the single rejection away.
    assert item["admission"] == {"reason": "would_reveal"}
    # The median of 10, 20, 30 and 40 days.
    assert item["median"] == {"days": 25}


@pytest.mark.django_db
def test_admission_rate_and_median_with_enough_decisions():
    call = make_call("Call 2024")
    for days in (5, 7, 30):
        application(call, State.APPROVED, "KE", days=days)
    for days in (50, 60, 90):
        application(call, State.REJECTED, "IE", days=days)
    item = figures_of(call)
    assert item["admission"] == {"percent": 50, "decided": 6}
    assert item["median"] == {"days": 40}


@pytest.mark.django_db
def test_admission_rate_and_median_wait_for_three_decisions():
    call = make_call("Call 2023")
    application(call, State.APPROVED, "KE", days=5)
    application(call, State.REJECTED, "KE", days=9)
    application(call, State.UNDER_REVIEW, "KE")
    item = figures_of(call)
    assert item["admission"] == {"reason": "too_few"}
    assert item["median"] == {"reason": "too_few"}


@pytest.mark.django_db
def test_closed_call_without_applications_is_not_recorded_and_open_call_is_empty():
    closed = make_call("Old call", days_ago=900)
    open_call = make_call("Open call", days_ago=5, length=30)
    assert figures_of(closed)["recorded"] is False
    item = figures_of(open_call)
    assert (item["recorded"], item["status"]) == (True, "open")
    assert item["stages"].total == transparency.Cell(SHOWN, 0)


@pytest.fixture
def cycles(make_city):
    """2019: published, winners entered but not its applications (history). 2027: in the
    jury phase with 5 submitted applications (4 nominated, 3 on the shortlist, of which one
    was withdrawn since) and a draft."""
    cities = [
        make_city(f"City {n}", country, member_since=2015)
        for n, country in enumerate(["KE", "GH", "SN", "IE", "FR", "CO"])
    ]
    history = world.past_award_cycle(2019, title_en="Award 2019", winners=cities[:4])
    states = [
        AwardState.SHORTLISTED,
        AwardState.SHORTLISTED,
        AwardState.WITHDRAWN,
        AwardState.NOT_ELIGIBLE,
        AwardState.NOT_NOMINATED,
        AwardState.DRAFT,
    ]
    current = world.award_cycle(
        2027,
        title_en="Award 2027",
        phase=CyclePhase.OPEN,
        opens_at=timezone.now() - datetime.timedelta(days=120),
        closes_at=timezone.now() - datetime.timedelta(days=60),
    )
    for city, state in zip(cities, states, strict=True):
        # The withdrawn one had been on the shortlist: its history says so.
        world.award_application(current, city, state, withdrawn_from=AwardState.SHORTLISTED)
    world.advance_to(current, CyclePhase.JURY)
    return history, current


def cycle_figures(cycle):
    return next(item for item in transparency.award_cycles() if item["cycle"] == cycle)


@pytest.mark.django_db
def test_award_cycle_funnel_counts_submitted_applications(cycles):
    _history, current = cycles
    item = cycle_figures(current)
    assert item["recorded"] is True
    assert item["applications"] == transparency.Cell(SHOWN, 5)
    assert item["nominations"] == transparency.Cell(SHOWN, 4)
    assert item["shortlist"] == transparency.Cell(SHOWN, 3)
    assert item["winners"] is None


@pytest.mark.django_db
def test_historic_cycle_applications_are_not_recorded_and_winners_by_region(cycles):
    history, _current = cycles
    item = cycle_figures(history)
    assert item["recorded"] is False
    assert item["winners"].total == transparency.Cell(SHOWN, 4)
    # Winners are public (named on the award pages): shown plainly, a region of 1 included.
    assert item["winners"].hidden is False
    by_region = {key: cell for key, _label, cell in item["winners"].rows}
    assert by_region["AF"] == transparency.Cell(SHOWN, 3)
    assert by_region["ENA"] == transparency.Cell(SHOWN, 1)
    assert by_region["AS"] == transparency.Cell(SHOWN, 0)


@pytest.mark.django_db
def test_demonstration_cycles_are_left_out_of_the_statistics(client, cycles, make_city):
    history, current = cycles
    demo = world.past_award_cycle(
        2031, title_en="Demo award", winners=[make_city("Demo town", "KE")]
    )
    demo.is_demonstration = True
    demo.save()
    assert [item["cycle"] for item in transparency.award_cycles()] == [current, history]
    assert "2031" not in text_of(section(client.get("/en/statistics/").content.decode()))


@pytest.mark.django_db
def test_statistics_page_shows_winners_by_region_plainly(client, cycles):
    text = text_of(section(client.get("/en/statistics/").content.decode()))
    winners = text[text.index("Winners by UNESCO region") :]
    assert "2019 3 0 0 1 0 4" in winners
    assert "fewer than 3" not in winners
    assert "withheld" not in winners


# --- the page ----------------------------------------------------------------------------


def section(body):
    start = body.index('id="transparency-title"')
    return body[start : body.index("</section>", start)]


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_statistics_page_shows_the_section_in_each_language(client, call_2025, cycles, language):
    body = client.get(f"/{language}/statistics/").content.decode()
    text = text_of(section(body))
    with translation.override(language):
        assert gettext("Applications and decisions") in body
        assert gettext("fewer than 3") in text
        assert gettext("withheld") in text
        assert gettext("not recorded") in text
        assert gettext("not yet published") in text
    assert f"Call 2025{'' if language == 'en' else f' ({language})'}" in text
    assert f'<html lang="{language}"' in body


@pytest.mark.django_db
def test_statistics_page_shows_counts_in_accessible_tables(client, call_2025, cycles):
    body = client.get("/en/statistics/").content.decode()
    part = section(body)
    text = text_of(part)
    assert "Applications submitted 9" in text
    assert "Median time from submission to decision 25 days" in text
    assert "Admission rate not shown: it would reveal a group of fewer than 3" in text
    assert "Africa 4" in text
    assert "Latin America and the Caribbean fewer than 3" in text
    assert "Europe and North America withheld" in text
    assert "2027 5 4 3 not yet published" in text
    assert "2019 not recorded 4" in text
    assert part.count("<caption") == 4
    assert '<th scope="col"' in part
    assert '<th scope="row"' in part


@pytest.mark.django_db
def test_statistics_page_names_no_applicant_and_no_rejected_city(client, call_2025, cycles):
    body = client.get("/en/statistics/").content.decode()
    for private in ["Rejectopolis", "Nairobi", "Draftville", "Contact of", "@city.example"]:
        assert private not in body
    for name in ["applicant1@example.org", "City 0", "City 3"]:
        assert name not in section(body)


@pytest.mark.django_db
def test_statistics_page_without_calls_or_cycles_says_so(client):
    text = text_of(section(client.get("/en/statistics/").content.decode()))
    assert "No membership call has been published in this portal yet." in text
    assert "No award cycle has been published in this portal yet." in text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_call_and_cycle(number, make_city):
    call = make_call(f"Call {number}", days_ago=100 * number)
    for country, state, days in [("KE", State.APPROVED, 9), ("IE", State.REJECTED, 30)]:
        application(call, state, country, days=days)
    application(call, State.SUBMITTED, "CO")
    city = make_city(f"Winner {number}", "KE", member_since=2015)
    world.award_cycle(
        2000 + number,
        title_en=f"Award {number}",
        phase=CyclePhase.PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=100 * number),
        closes_at=timezone.now() - datetime.timedelta(days=100 * number - 30),
        applicants=[(city, AwardState.SHORTLISTED)],
        winners=[city],
    )
    # A reporting cycle too, opened for the members so far (the progress reports' counts).
    world.open_reporting_cycle(
        title=f"Reporting {number}",
        period=(datetime.date(2000 + number, 1, 1), datetime.date(2001 + number, 12, 31)),
        cut_off=datetime.date(2030, 12, 31),
    )


@pytest.mark.django_db
def test_statistics_query_count_does_not_grow_with_calls_and_cycles(client, make_city):
    add_call_and_cycle(1, make_city)
    with_one = count_queries(client, "/en/statistics/")
    add_call_and_cycle(2, make_city)
    add_call_and_cycle(3, make_city)
    with_three = count_queries(client, "/en/statistics/")
    assert with_one == with_three == STATISTICS_QUERIES


# The network figures (4, see tests/cities/test_directory.py), the network's official figures
# (1) and the transparency section: calls, applications by region, by stage, medians; cycles,
# their funnel, winners by region; the reporting cycles and their reports counted by cycle,
# region, state and deadline (2, members' progress reports).
STATISTICS_QUERIES = 14
