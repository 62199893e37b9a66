"""Every public page of the conference archive and the award, in three languages, over the
demo network: no editor's wording, no two language links to one address, no shared citation."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import AwardCycle
from conferences.models import Conference

LANGUAGES = ["en", "fr", "es"]

# An editor's wording, in each language: it belongs in the staff-only provenance.
EDITOR_WORDING = re.compile(
    r"not (yet )?confirmed|not verified|secondary sources?|differ(s)? by source|uncertain"
    r"|title not|figures differ|source of the figures"
    r"|pas encore confirm|non confirm|non vérifi|sources? secondaires?|diff[èe]rent selon"
    r"|no confirmad|a[úu]n no confirm|no verificad|fuentes? secundarias?|difieren seg[úu]n",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network, seeded once for the module and flushed after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def archive_paths(language):
    yield f"/{language}/conferences/"
    for conference in Conference.objects.order_by("number"):
        yield f"/{language}{conference.get_absolute_url()[3:]}"
    yield f"/{language}/awards/"
    for year in AwardCycle.objects.exclude(phase="draft").values_list("year", flat=True):
        yield f"/{language}/awards/{year}/"


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_editors_wording_and_no_shared_language_link(demo, client, db, language):
    for path in archive_paths(language):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        found = EDITOR_WORDING.search(visible_text(html))
        assert found is None, (path, found and found.group(0))
        links = re.findall(r'<a href="([^"]+)"[^>]*\shreflang="([a-z]+)"', html)
        addresses = [href for href, _ in links]
        assert len(addresses) == len(set(addresses)), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_planned_conference_shows_only_what_is_confirmed(demo, client, db, language):
    html = client.get(f"/{language}/conferences/iclc-7-2027/").content.decode()
    text = visible_text(html)
    assert "2027" in text
    for unconfirmed in ("Age of AI", "juin", "June", "junio", "15 May", "15 mai"):
        assert unconfirmed not in text, unconfirmed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unconfirmed_final_statement_is_not_shown(demo, client, db, language):
    html = client.get(f"/{language}/conferences/iclc-6-jubail-2024/").content.decode()
    assert 'id="documents"' not in html


def test_no_two_winners_share_a_citation_on_the_award_pages(demo, client, db):
    citations = []
    for year in AwardCycle.objects.filter(phase="published").values_list("year", flat=True):
        html = client.get(f"/en/awards/{year}/").content.decode()
        citations += re.findall(r'class="d-block small award-citation"[^>]*>([^<]+)<', html)
    assert len(citations) == len(set(citations)) == 5
