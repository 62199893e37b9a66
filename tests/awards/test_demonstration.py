"""A demonstration award cycle (seed_demo's) is marked as such wherever it appears in public,
and a real cycle never is."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.enums import CyclePhase
from tests import world

BADGE = 'class="badge text-bg-warning demo-badge"'


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def cycles(network):
    real = world.past_award_cycle(2024, winners=[network["cork"]])
    demo = world.past_award_cycle(2031, winners=[network["espoo"]], is_demonstration=True)
    current = world.award_cycle(2032, phase=CyclePhase.ANNOUNCED, is_demonstration=True)
    return {"real": real, "demo": demo, "current": current, **network}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_cycle_list_marks_demonstration_cycles_only(client, cycles, language):
    body = client.get(url("awards:cycle-list", language)).content.decode()
    # The published demonstration cycle in the list, the announced one as the current cycle.
    assert body.count(BADGE) == 2
    real = body[body.index(cycles["real"].get_absolute_url()) :]
    assert BADGE not in real[: real.index("</li>")]


@pytest.mark.django_db
def test_cycle_page_of_a_demonstration_says_so_in_its_heading(client, cycles):
    body = client.get(url("awards:cycle-detail", year=2031)).content.decode()
    heading = body[body.index("<h1") : body.index("</h1>")]
    assert BADGE in heading
    assert "Demonstration" in heading
    real = client.get(url("awards:cycle-detail", year=2024)).content.decode()
    assert BADGE not in real


@pytest.mark.django_db
def test_profile_marks_an_award_of_a_demonstration_cycle(client, cycles):
    espoo = client.get(cycles["espoo"].get_absolute_url()).content.decode()
    assert BADGE in espoo
    cork = client.get(cycles["cork"].get_absolute_url()).content.decode()
    assert BADGE not in cork
