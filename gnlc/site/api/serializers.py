"""The shapes of the API's answers: explicit allow-lists of public fields, built from the
rows of gnlc/site/api/selectors.py. Call them with the API's language active (translated names,
labels and the language prefix of page URLs follow it).

A field is added here on purpose or not at all; docs/open-data.md explains each one and
gnlc/site/api/openapi.py describes it for machines.
"""

import functools

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import get_language

from awards.enums import CyclePhase
from cities.enums import YEAR_STATED, CityKind, ClusterRole, MemberSincePrecision, Region
from conferences.enums import DocumentKind, SessionKind
from gnlc.core.countries import country_name
from gnlc.core.mail import absolute_url as site_address
from members.enums import AnswerKind, CycleState

from .params import DEFAULT_LANGUAGE
from .selectors import CITY_LIST_COLUMNS

# The flat fields of a city in the list, the CSV (same order) and the GeoJSON properties.
CITY_LIST_FIELDS = (
    "slug",
    "name",
    "kind",
    "country",
    "country_name",
    "region",
    "region_name",
    "status",
    "member_since",
    "member_since_precision",
    "member_since_date",
    "population",
    "population_year",
    "latitude",
    "longitude",
    "website",
    "profile_url",
    "api_url",
)


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


# A list of 50,000 cities names some 200 countries and five regions: each name is looked up
# once per language, not once per row (a translation lookup per row was most of the
# GeoJSON's build time). Names and labels do not change while the server runs.
@functools.lru_cache(maxsize=4096)
def _country_name(code, language):
    return country_name(code, language)


@functools.lru_cache(maxsize=64)
def _region_name(code, language):
    return _label(Region, code)


def _number(value):
    return None if value is None else float(value)


class Links:
    """Absolute URLs of pages and API resources, built once per answer: reversing a URL per
    row would cost more than the row itself in a 50,000-row CSV."""

    _SLUG = "slug-placeholder-0"

    def __init__(self, request, lang):
        self.request = request
        self.query = "" if lang == DEFAULT_LANGUAGE else f"?lang={lang}"
        self._templates = {}
        # Open data links to the configured site address (SITE_URL).
        self._address = site_address

    def _template(self, name):
        if name not in self._templates:
            path = reverse(name, kwargs={"slug": self._SLUG})
            self._templates[name] = self._address(path)
        return self._templates[name]

    def page(self, name, slug):
        return self._template(name).replace(self._SLUG, slug)

    def api(self, name, slug=None, **kwargs):
        if slug is not None:
            return self._template(name).replace(self._SLUG, slug) + self.query
        return self._address(reverse(name, kwargs=kwargs or None)) + self.query

    def page_of(self, obj):
        return self._address(obj.get_absolute_url())


# --- Cities ------------------------------------------------------------------------------


def city_row(row, links):
    """One city of the list from selectors.city_rows(): flat, so that the CSV has the same
    fields."""
    slug = row["slug"]
    return {
        "slug": slug,
        "name": row["display_name"],
        "kind": row["kind"],
        "country": row["country"],
        "country_name": _country_name(row["country"], get_language()),
        "region": row["region"],
        "region_name": _region_name(row["region"], get_language()),
        "status": row["status"],
        **_member_since(row),
        "population": row["population"],
        "population_year": row["population_year"],
        "latitude": _number(row["latitude"]),
        "longitude": _number(row["longitude"]),
        "website": row["website"],
        "profile_url": links.page("cities:city-detail", slug),
        "api_url": links.api("api:city-detail", slug),
    }


def _member_since(row):
    """The year joined only where it is stated: "a member by 2018 at the latest" is published
    as not stated (precision unknown, no year)."""
    if row["member_since_precision"] in YEAR_STATED and row["member_since"] is not None:
        return {
            "member_since": row["member_since"],
            "member_since_precision": row["member_since_precision"],
            "member_since_date": row["member_since_date"],
        }
    return {
        "member_since": None,
        "member_since_precision": str(MemberSincePrecision.UNKNOWN),
        "member_since_date": None,
    }


def city_reference(city, links):
    """A public city named inside another resource; None for a city that is not public."""
    if city is None or not city.is_public:
        return None
    return {
        "slug": city.slug,
        "name": city.name,
        "country": str(city.country.code) if city.country else "",
        "country_name": str(city.country.name) if city.country else "",
        "region": city.region,
        "region_name": _label(Region, city.region),
        "profile_url": links.page("cities:city-detail", city.slug),
        "api_url": links.api("api:city-detail", city.slug),
    }


def city_detail(city, links):
    row = {column: getattr(city, column) for column in (*CITY_LIST_COLUMNS, "member_since_date")}
    row["display_name"] = city.name
    row["country"] = city.country.code
    data = city_row(row, links)
    data.update(
        kind_name=_label(CityKind, city.kind),
        alternative_names=[
            name.strip() for name in city.alternative_names.split(";") if name.strip()
        ],
        population_source=city.population_source_label,
        area_km2=_number(city.area_km2),
        area_year=city.area_year,
        mayor_name=city.mayor_name,
        mayor_title=city.mayor_title,
        description=city.description,
        image_url=site_address(default_storage.url(city.image.name)) if city.image else None,
        image_alt=city.image_alt if city.image else "",
        sources=city.source_urls,
        clusters=[
            {
                "slug": membership.cluster.slug,
                "name": membership.cluster.name,
                "role": membership.role,
                "role_name": _label(ClusterRole, membership.role),
                "api_url": links.api("api:cluster-detail", membership.cluster.slug),
            }
            for membership in city.cluster_memberships.all()
        ],
        awards=[
            {
                "year": award.cycle.year,
                "title": award.cycle.title,
                "citation": award.citation,
                "api_url": links.api("api:cycle-detail", year=award.cycle.year),
            }
            for award in city.awards.all()
        ],
        conferences_hosted=[
            {
                "number": conference.number,
                "slug": conference.slug,
                "title": conference.title,
                "api_url": links.api("api:conference-detail", conference.slug),
            }
            for conference in city.conferences_hosted.all()
        ],
    )
    return data


def city_feature(row, links):
    """A city as a GeoJSON Feature (RFC 7946: longitude first); its properties are the fields
    of the list without the coordinates."""
    properties = city_row(row, links)
    properties["name_language"] = row["name_language"]
    longitude = properties.pop("longitude")
    latitude = properties.pop("latitude")
    return {
        "type": "Feature",
        "id": properties["slug"],
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


# --- Clusters ----------------------------------------------------------------------------


def _cluster_base(cluster, links):
    return {
        "slug": cluster.slug,
        "name": cluster.name,
        "short_name": cluster.short_name,
        "purpose": cluster.purpose,
        "description": cluster.description,
        "memberships_recorded": cluster.memberships_recorded,
        # A count of members means something only where every member is recorded.
        "member_count": cluster.member_count if cluster.memberships_recorded else None,
        "page_url": links.page("cities:cluster-detail", cluster.slug),
        "api_url": links.api("api:cluster-detail", cluster.slug),
    }


def cluster_summary(cluster, links):
    data = _cluster_base(cluster, links)
    data["coordinators"] = [city_reference(m.city, links) for m in cluster.coordinator_memberships]
    return data


def cluster_detail(cluster, links):
    data = _cluster_base(cluster, links)
    data["cities"] = [
        {
            **city_reference(m.city, links),
            "role": m.role,
            "role_name": _label(ClusterRole, m.role),
        }
        for m in cluster.public_memberships
    ]
    return data


# --- Award cycles ------------------------------------------------------------------------


def _winner(award, links):
    city = award.city
    public = city.is_public
    return {
        "name": city.name,
        "slug": city.slug if public else None,
        "country": city.country.code,
        "country_name": str(city.country.name),
        "region": city.region,
        "region_name": _label(Region, city.region),
        "citation": award.citation,
        "profile_url": links.page("cities:city-detail", city.slug) if public else None,
        "api_url": links.api("api:city-detail", city.slug) if public else None,
    }


def cycle_summary(cycle, links):
    published = cycle.phase == CyclePhase.PUBLISHED
    winners = [_winner(award, links) for award in cycle.public_awards] if published else []
    return {
        "year": cycle.year,
        "title": cycle.title,
        "description": cycle.description,
        "is_demonstration": cycle.is_demonstration,
        "phase": cycle.phase,
        "phase_name": _label(CyclePhase, cycle.phase),
        "published": published,
        "applications_open": cycle.opens_at,
        "applications_close": cycle.closes_at,
        "time_zone": cycle.time_zone,
        "conference": cycle.conference,
        "conferred_on": cycle.conferred_on,
        "winner_count": len(winners) if published else None,
        "winners": winners,
        "page_url": links.page_of(cycle),
        "api_url": links.api("api:cycle-detail", year=cycle.year),
    }


def cycle_detail(cycle, links):
    data = cycle_summary(cycle, links)
    data["rules"] = {
        "nominations_per_country": cycle.nominations_per_country,
        "min_membership_months": cycle.min_membership_months,
        "years_before_winning_again": cycle.years_before_winning_again,
        "one_winner_per_country": cycle.one_winner_per_country,
        "max_winners_per_region": cycle.max_winners_per_region,
    }
    data["criteria"] = [
        {"order": c.order, "name": c.name, "description": c.description}
        for c in cycle.criteria.all()
    ]
    return data


# --- Conferences -------------------------------------------------------------------------


def _session(session, *, with_speakers=False):
    data = {
        "kind": session.kind,
        "kind_name": _label(SessionKind, session.kind),
        "title": session.title,
        "key_question": session.key_question,
        "objective": session.objective,
        "region": session.region or None,
        "order": session.order,
    }
    if with_speakers:
        data["speakers"] = [
            {
                "name": speaker.name,
                "title": speaker.title,
                "organisation": speaker.organisation,
                "country": speaker.country.code or None,
            }
            for speaker in session.speakers.all()
        ]
    return data


def _document(document, links, *, with_versions=False):
    data = {
        "kind": document.kind,
        "kind_name": _label(DocumentKind, document.kind),
        "title": document.title,
        "description": document.description,
        "languages": [version.language for version in document.versions.all()],
    }
    if with_versions:
        data["versions"] = [
            {
                "language": version.language,
                "title": version.title,
                "url": site_address(version.href),
            }
            for version in document.versions.all()
        ]
        data["featured_cities"] = [
            city_reference(city, links) for city in document.featured_cities.all()
        ]
    return data


def conference_summary(conference, links, *, detail=False):
    cycle = conference.award_cycle
    return {
        "number": conference.number,
        "slug": conference.slug,
        "title": conference.title,
        "theme": conference.theme,
        "status": conference.status,
        "host_name": conference.host_name,
        "host_city": city_reference(conference.host_city, links),
        "country": conference.country.code or None,
        "country_name": str(conference.country.name) if conference.country else None,
        "venue": conference.venue,
        "starts_on": conference.starts_on,
        "ends_on": conference.ends_on,
        "dates_text": conference.dates_text,
        "hashtags": conference.hashtags.split() if conference.hashtags else [],
        "website": conference.website,
        "award_cycle": (
            {"year": cycle.year, "api_url": links.api("api:cycle-detail", year=cycle.year)}
            if cycle
            else None
        ),
        "sessions": [_session(s, with_speakers=detail) for s in conference.sessions.all()],
        "documents": [
            _document(d, links, with_versions=detail) for d in conference.documents.all()
        ],
        "page_url": links.page_of(conference),
        "api_url": links.api("api:conference-detail", conference.slug),
    }


def conference_detail(conference, links):
    data = conference_summary(conference, links, detail=True)
    data["figures"] = {
        "participants": conference.participants,
        "countries": conference.countries,
        "speakers": conference.speakers_figure,
        "media": conference.media,
        "source": conference.figures_note,
    }
    data.update(
        summary=conference.summary, objectives=conference.objectives, contact=conference.contact
    )
    return data


# --- Figures -----------------------------------------------------------------------------


def _official(figure):
    """The network's own newest confirmed count, as announced (NetworkFigure), or None."""
    if figure is None:
        return None
    return {
        "members": figure.members,
        "countries": figure.countries,
        "as_of": figure.as_of,
        "as_of_precision": figure.as_of_precision,
        "source_url": figure.source_url,
        "remark": figure.note,
    }


def figures(data):
    return {
        "official": _official(data["official"]),
        "members": data["cities"],
        "countries": data["countries"],
        "regions": data["regions"],
        "members_per_region": [
            {"region": region, "region_name": str(label), "members": n}
            for region, label, n in data["per_region"]
        ],
        "growth": [
            {"year": year, "admitted": admitted, "total": total}
            for year, admitted, total in data["growth"]
        ],
        "members_year_unknown": data["members_year_unknown"],
        "clusters": data["clusters"],
        "conferences": data["conferences"],
        "award_cycles_published": data["award_cycles_published"],
        "awards_conferred": data["awards_conferred"],
    }


# --- Progress reports --------------------------------------------------------------------


def reporting_cycle_summary(cycle, links):
    return {
        "id": cycle.pk,
        "title": cycle.title,
        "introduction": cycle.introduction,
        "is_demonstration": cycle.is_demonstration,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "open": cycle.state == CycleState.OPEN,
        "published_reports": cycle.published_reports,
        "api_url": links.api("api:report-cycle-detail", pk=cycle.pk),
    }


def _question(question):
    return {
        "id": question.pk,
        "section": question.section.title,
        "title": question.title,
        "guidance": question.guidance,
        "kind": question.kind,
        "kind_name": _label(AnswerKind, question.kind),
        "word_limit": question.word_limit,
        "is_demonstration": question.is_demonstration,
    }


def _public_answer(answer, kind):
    """A public answer: the value of its question's kind, the others null."""
    return {
        "question": answer.question_id,
        "text": answer.text if kind == AnswerKind.TEXT else None,
        "number": _number(answer.number) if kind == AnswerKind.NUMBER else None,
        "data_year": answer.number_year if kind == AnswerKind.NUMBER else None,
        "yes_no": answer.yes_no if kind == AnswerKind.YES_NO else None,
        "choice": answer.choice if kind == AnswerKind.CHOICE else None,
    }


def reporting_cycle_detail(cycle, links):
    kinds = {question.pk: question.kind for question in cycle.public_questions}
    cycle.published_reports = len(cycle.public_reports)
    data = reporting_cycle_summary(cycle, links)
    data["questions"] = [_question(question) for question in cycle.public_questions]
    data["reports"] = [
        {
            "city": city_reference(report.city, links),
            "public_answers": [
                _public_answer(answer, kinds[answer.question_id])
                for answer in report.public_answers
                if answer.question_id in kinds
            ],
        }
        for report in cycle.public_reports
    ]
    return data
