"""The reads of the directory and the city profile that combine apps: the filter options with
the award years, and a city with its clusters, awards and the conferences it hosted. Cached per
public content version (gnlc.core.public_cache), like the reads of cities/selectors.py.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Subquery
from django.http import Http404
from django.utils.translation import get_language
from django_countries import countries

from awards.enums import CyclePhase
from awards.models import Award
from cities.enums import Region
from cities.models import City, CityCluster, Cluster
from cities.querysets import translated_field
from conferences.models import Conference, ConferenceDocument
from gnlc.core.countries import collation_key
from gnlc.core.public_cache import cached
from members.enums import AnswerKind, ReportState
from members.models import ProgressReport, ReportAnswer


def directory_facets():
    """Options of the directory filters with their counts over the whole network, cached per
    content version.

    Returns a dict with `regions`, `countries`, `clusters`, `years` and `award_years`, each a
    list of (value, label, count) for public members only.
    """
    language = get_language() or "en"
    return cached(f"directory-facets:{language}", _compute_directory_facets)


def _compute_directory_facets():
    public = City.objects.public()
    return {facet: compute(public) for facet, compute in FACETS.items()}


def narrowed_facet(facet, cities, key):
    """The options of one facet ("regions", "countries", ...) counted over `cities` (the
    public members narrowed by the other active filters), cached per content version,
    language and `key` (what names those filters). One grouped query."""
    language = get_language() or "en"
    return cached(f"directory-facet:{facet}:{language}:{key}", lambda: FACETS[facet](cities))


def _region_facet(cities):
    by_region = dict(cities.values_list("region").annotate(n=Count("pk")).order_by())
    return [(r.value, str(r.label), by_region.get(r.value, 0)) for r in Region]


def _country_facet(cities):
    by_country = dict(cities.values_list("country").annotate(n=Count("pk")).order_by())
    return sorted(
        ((code, str(countries.name(code)), n) for code, n in by_country.items()),
        key=lambda item: collation_key(item[1]),
    )


def _cluster_facet(cities):
    """Only clusters whose memberships staff have recorded: for the others a count (or a
    filter giving no city) would say something the records do not."""
    members = Q(memberships__city__in=cities.values("pk"))
    return list(
        Cluster.objects.with_recorded_memberships()
        .annotate(label=translated_field("name"), member_count=Count("memberships", filter=members))
        .values_list("slug", "label", "member_count")
    )


def _year_facet(cities):
    # A year "at the latest" is not when the city joined: never offered, never counted.
    by_year = (
        cities.with_stated_year()
        .values_list("member_since")
        .annotate(n=Count("pk"))
        .order_by("-member_since")
    )
    return [(year, str(year), n) for year, n in by_year]


def _award_year_facet(cities):
    """(year, label, public winners) for every published award cycle, newest first."""
    rows = (
        Award.objects.filter(
            cycle__phase=CyclePhase.PUBLISHED,
            cycle__is_demonstration=False,
            confirmed=True,
            city__in=cities.values("pk"),
        )
        .values_list("cycle__year")
        .annotate(n=Count("city", distinct=True))
        .order_by("-cycle__year")
    )
    return [(year, str(year), n) for year, n in rows]


FACETS = {
    "award_years": _award_year_facet,
    "regions": _region_facet,
    "countries": _country_facet,
    "clusters": _cluster_facet,
    "years": _year_facet,
}


def city_profile(slug):
    """One public city with its clusters, its awards (newest first, each with its cycle), the
    conferences it hosted and the conference documents that feature it (`publications`, in
    the order of the archive, each with its conference); 404 for unknown, withdrawn or
    unconfirmed cities; `report_summary`, the public answers of its latest accepted progress report
    (report_summary). Cached per content version: six queries become one cache read (their
    texts in every language are on the rows, so one copy serves every language)."""
    city = cached(f"profile:{slug}", lambda: _load_city_profile(slug))
    if city is None:
        raise Http404("No public city with this address.")
    return city


def _load_city_profile(slug):
    memberships = CityCluster.objects.select_related("cluster").order_by(
        "cluster__order", "cluster__name_en"
    )
    awards = (
        Award.objects.filter(cycle__phase="published")
        .select_related("cycle")
        .order_by("-cycle__year")
    )
    publications = ConferenceDocument.objects.select_related("conference").order_by(
        "conference__number", "order", "pk"
    )
    queryset = (
        City.objects.public()
        .with_member_since_date()
        .prefetch_related(
            Prefetch("cluster_memberships", queryset=memberships),
            Prefetch("awards", queryset=awards),
            Prefetch("conferences_hosted", queryset=Conference.objects.order_by("number")),
            Prefetch("featured_in", queryset=publications, to_attr="publications"),
        )
    )
    city = queryset.filter(slug=slug).first()
    if city is not None:
        city.report_summary = report_summary(city)
    return city


@dataclass
class ReportSummary:
    """The public part of a city's latest accepted progress report."""

    report: object
    answers: list

    @property
    def cycle(self):
        return self.report.cycle


def _shown_number(value):
    """A Decimal as few digits as it needs (12500, not 12500.0000), for the page's format."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def report_summary(city):
    """The answers `city` made public (is_public) in its latest accepted report (the cycle
    that covers the latest period), each with its report, cycle, question and section, in
    the questionnaire's order; None where there is no such answer. Never an answer of a
    report in another state, never an attachment. One query."""
    latest = (
        ProgressReport.objects.filter(city=city, state=ReportState.ACCEPTED)
        .order_by("-cycle__period_end", "-decided_at", "-pk")
        .values("pk")[:1]
    )
    answers = list(
        ReportAnswer.objects.filter(
            report__in=Subquery(latest), report__state=ReportState.ACCEPTED, is_public=True
        )
        .exclude(question__kind=AnswerKind.ATTACHMENT)
        .select_related("report__cycle", "question__section")
        .order_by("question__section__order", "question__order", "question__pk")
    )
    answers = [answer for answer in answers if not answer.is_empty]
    if not answers:
        return None
    for answer in answers:
        answer.shown_number = _shown_number(answer.number)
    return ReportSummary(report=answers[0].report, answers=answers)
