"""Screening decisions cannot slip (issue 13, point 9): eligible and not eligible are confirmed
on a page saying what will happen, and look different; an unconfirmed POST changes nothing."""

import pytest
from django.urls import reverse

from awards.enums import AwardApplicationState
from tests import world

State = AwardApplicationState


@pytest.fixture
def nominated(make_cycle, make_city):
    espoo = make_city("Espoo", "FI", member_since=2015)
    return make_cycle(applicants=[(espoo, State.NOMINATED)]).applications.get()


def action_url(application, action):
    return reverse("admin:awards_awardapplication_action", args=[application.pk, action])


@pytest.mark.parametrize(
    ("action", "data", "says", "style", "after"),
    [
        (
            "eligible",
            {},
            "The application becomes “Eligible after screening”: it may then be shortlisted",
            "workflow-button--approve",
            State.ELIGIBLE,
        ),
        (
            "not-eligible",
            {"not-eligible-reason": "Joined in 2025."},
            "The application becomes “Not eligible” and is closed",
            "workflow-button--danger",
            State.NOT_ELIGIBLE,
        ),
    ],
)
def test_screening_is_confirmed_first(
    client, staff_user, nominated, action, data, says, style, after
):
    client.force_login(staff_user)
    events = nominated.events.count()
    page = client.post(action_url(nominated, action), data)
    body = " ".join(page.content.decode().split())
    assert page.status_code == 200
    assert says in body
    assert "No e-mail is sent" in body
    assert f'class="workflow-button {style}"' in body
    nominated.refresh_from_db()
    assert (nominated.state, nominated.events.count()) == (State.NOMINATED, events)
    done = world.post_action(client, action_url(nominated, action), data)
    assert done.status_code == 302
    nominated.refresh_from_db()
    assert nominated.state == after
