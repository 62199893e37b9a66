"""Content rules over every public page of the demo network, in English, French and Spanish.

What an editor knows about a fact (its sources, its doubts) is kept for staff: the public
reads confirmed facts, plainly. So no public page carries an editor's wording, no profile lists
its raw source addresses, no document offers two languages that open one address, and no two
winners carry the same citation.
"""

import re
from html.parser import HTMLParser

import pytest

from awards.enums import CyclePhase
from awards.models import Award, AwardCycle
from cities.models import City, Cluster
from conferences.models import Conference

LANGUAGES = ["en", "fr", "es"]

# An editor's notes, in each language. Their place is the staff-only provenance.
EDITOR_WORDING = re.compile(
    r"not (yet )?confirmed|secondary sources?|differ(s)? by source|at the latest|uncertain"
    r"|fact table|\(inf\.\)|no geonames entry|title unknown"
    r"|pas encore confirm|non confirm|sources? secondaires?|diff[èe]rent selon|au plus tard"
    r"|no confirmad|a[úu]n no confirm|fuentes? secundarias?|difieren seg[úu]n|a m[áa]s tardar",
    re.IGNORECASE,
)


class _Page(HTMLParser):
    """A page's visible text (scripts and styles left out) and its links."""

    def __init__(self):
        super().__init__()
        self.words = []
        self.links = []  # (href, hreflang)
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], attrs.get("hreflang")))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.words).split())


def read(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    page = _Page()
    page.feed(response.content.decode())
    return page


def public_paths(language):
    prefix = f"/{language}"
    yield from (
        f"{prefix}/",
        f"{prefix}/cities/",
        f"{prefix}/cities/?page=2",
        f"{prefix}/cities/map/",
        f"{prefix}/clusters/",
        f"{prefix}/join/",
        f"{prefix}/awards/",
        f"{prefix}/conferences/",
        f"{prefix}/statistics/",
        f"{prefix}/privacy/",
        f"{prefix}/accessibility/",
        f"{prefix}/search/?q=learning",
        f"/api/v1/?lang={language}",
    )
    for cluster in Cluster.objects.order_by("pk"):
        yield f"{prefix}/clusters/{cluster.slug}/"
    for cycle in AwardCycle.objects.filter(phase=CyclePhase.PUBLISHED).order_by("year"):
        yield f"{prefix}/awards/{cycle.year}/"
    for conference in Conference.objects.order_by("number"):
        yield f"{prefix}/conferences/{conference.slug}/"


def profile_paths(language):
    """Every public profile in English; one in seven in the other languages (the same
    templates: the language changes the words, not which facts are shown)."""
    cities = City.objects.public().order_by("pk")
    if language != "en":
        cities = cities[::7]
    return [(city, f"/{language}/cities/{city.slug}/") for city in cities]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_carries_an_editors_wording(world, db, client, language):
    paths = [*public_paths(language), *(path for _city, path in profile_paths(language))]
    offending = {}
    for path in paths:
        found = {match.group(0) for match in EDITOR_WORDING.finditer(read(client, path).text)}
        if found:
            offending[path] = sorted(found)
    assert offending == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_profile_lists_no_raw_source_address(world, db, client, language):
    leaked = {}
    for city, path in profile_paths(language):
        hrefs = {href for href, _lang in read(client, path).links}
        sources = set(city.sources.split())
        if hrefs & sources:
            leaked[path] = sorted(hrefs & sources)
    assert leaked == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_language_links_open_one_address(world, db, client, language):
    """A document's French link opens the French document: never the English one's address."""
    shared = {}
    for path in public_paths(language):
        languages_of = {}
        for href, hreflang in read(client, path).links:
            if hreflang and not href.startswith("/"):
                languages_of.setdefault(href, set()).add(hreflang)
        for href, hreflangs in languages_of.items():
            if len(hreflangs) > 1:
                shared.setdefault(path, []).append((href, sorted(hreflangs)))
    assert shared == {}


def test_no_two_winners_carry_the_same_citation(world, db, client):
    awards = Award.objects.exclude(citation_en="").select_related("cycle", "city")
    for language in LANGUAGES:
        citations = [getattr(award, f"citation_{language}") for award in awards]
        citations = [citation for citation in citations if citation]
        assert len(citations) == len(set(citations)), language
    # And the published award pages show each citation once, under its own city.
    for cycle in AwardCycle.objects.filter(phase=CyclePhase.PUBLISHED):
        text = read(client, f"/en/awards/{cycle.year}/").text
        for award in awards.filter(cycle=cycle):
            assert text.count(" ".join(award.citation_en.split())) == 1, award
