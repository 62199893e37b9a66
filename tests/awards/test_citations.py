"""Winners with their reasons: a citation only where a source says why the city was chosen,
never one sentence for every winner; awards keep their provenance for staff."""

from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network, seeded once for the module and flushed after it (the seeding is
    committed outside the tests' transactions, so nothing must outlive the module)."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def winners_block(client, year, language="en"):
    body = client.get(f"/{language}/awards/{year}/").content.decode()
    return body.split('id="winners-title"')[1].split("</section>")[0]


def test_no_two_winners_share_a_citation(demo):
    citations = [c for c in Award.objects.values_list("citation_en", flat=True) if c]
    assert len(citations) == len(set(citations)) == 5
    for code in ("fr", "es"):
        translated = [c for c in Award.objects.values_list(f"citation_{code}", flat=True) if c]
        assert len(translated) == len(set(translated)) == 5


def test_each_citation_has_its_source_in_the_provenance(demo):
    for award in Award.objects.exclude(citation_en=""):
        assert award.citation_fr, award
        assert award.citation_es, award
        assert len(award.sources.split()) >= 2, award  # the award's and the reason's
    wyndham = Award.objects.get(city__name_en="Wyndham")
    assert "indiaeducationdiary.in" in wyndham.sources


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_winners_without_a_sourced_reason_show_no_citation(demo, client, language):
    block = winners_block(client, 2021, language)
    assert block.count("award-citation") == 2  # Jubail Industrial City and Wyndham
    for year in (2017, 2024):
        assert "award-citation" not in winners_block(client, year, language)


def test_citation_in_the_pages_language(demo, client):
    assert "168 000 habitants" in winners_block(client, 2021, "fr").replace("\u00a0", " ")
    assert "168.000 habitantes" in winners_block(client, 2021, "es")
    block = winners_block(client, 2021, "en")
    assert "For upskilling more than 168,000 citizens through evening classes." in block
    # The provenance is for staff only.
    assert "thenationalnews.com" not in block
