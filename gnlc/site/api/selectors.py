"""The reads of the open-data API. Each selects only public rows and only public columns:
private data (focal points, applications, the National Commissions, jury work, internal
notes, progress reports not accepted, answers a city did not make public, attachments) is
never fetched, so no serializer can leak it.

Every function runs a fixed number of queries, whatever the number of rows.
"""

from django.conf import settings
from django.db.models import Case, CharField, Count, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from modeltranslation.utils import build_localized_fieldname

from awards.enums import CyclePhase
from awards.models import Award, AwardCycle, Criterion
from cities import selectors as city_selectors
from cities.enums import PUBLIC_STATUSES, ClusterRole, DirectorySort
from cities.models import City, CityCluster, Cluster
from cities.querysets import translated_field
from conferences.models import (
    Conference,
    ConferenceDocument,
    ConferenceSession,
    DocumentVersion,
    Speaker,
)
from gnlc.core import languages
from members.enums import AnswerKind, CycleState, ReportState
from members.models import ProgressReport, ReportAnswer, ReportingCycle, ReportQuestion

from ..directory.filters import CityFilter
from .params import ApiError


def translated(*fields):
    """The columns of translated fields in every language of the portal."""
    return [
        build_localized_fieldname(field, code)
        for field in fields
        for code in settings.MODELTRANSLATION_LANGUAGES
    ]


# The columns of a city that the public may see (its profile shows them); the focal point,
# the search text and the timestamps are not among them.
CITY_LIST_COLUMNS = (
    "slug",
    "kind",
    "country",
    "region",
    "status",
    "member_since",
    "member_since_precision",
    "population",
    "population_year",
    "latitude",
    "longitude",
    "website",
)
CITY_DETAIL_COLUMNS = (
    "id",
    *CITY_LIST_COLUMNS,
    "alternative_names",
    "population_source",
    "population_source_kind",
    "area_km2",
    "area_year",
    "mayor_name",
    "mayor_title",
    "image",
    "sources",
    *translated("name", "description", "image_alt"),
)
# A city named inside another resource (a cluster, a winner, a host, a featured city).
CITY_REFERENCE_COLUMNS = ("id", "slug", "country", "region", "status", *translated("name"))


def public_cities():
    return City.objects.public()


def filtered_cities(data):
    """The directory's search, filters and sort applied to the public members, exactly as the
    directory applies them; ApiError (400) naming the first wrong parameter otherwise.
    The queryset carries `display_name` in the active language."""
    if not data:
        # Every member: no filter to check, so no facet counts first (they are the choices a
        # filter is checked against): on a new content version at 50,000 cities they were
        # 190 ms before the CSV's first byte. The order an unfiltered directory has.
        return city_selectors.directory_queryset().sorted_by(DirectorySort.NAME)
    # The API counts its answer itself (each answer is cached whole, with its ETag): the
    # order of a search is left to PostgreSQL's estimates (CityQuerySet.sorted_by).
    filterset = CityFilter(
        data=data or None, queryset=city_selectors.directory_queryset(), count_matches=False
    )
    if filterset.is_bound and not filterset.is_valid():
        errors = {
            name: [str(message) for message in messages]
            for name, messages in filterset.form.errors.items()
        }
        name, messages = next(iter(errors.items()))
        raise ApiError(400, f"{name}: {' '.join(messages)}", parameter=name, errors=errors)
    return filterset.qs


def city_rows(queryset):
    """The public columns of the cities of a filtered queryset, as dicts, in its order, with
    the day each joined where it is on record (`member_since_date`)."""
    return (
        queryset.with_member_since_date()
        .annotate(name_language=name_language())
        .values(*CITY_LIST_COLUMNS, "member_since_date", "display_name", "name_language")
    )


def name_language():
    """The language of the name shown in the active language (`display_name`): that
    language where the city has a name in it, else English, the fallback."""
    code = languages.current()
    if code == settings.LANGUAGE_CODE:
        return Value(code, output_field=CharField())
    localized = languages.field_name("name", code)
    return Case(
        When(**{f"{localized}__gt": ""}, then=Value(code)),
        default=Value(settings.LANGUAGE_CODE),
        output_field=CharField(),
    )


def city_detail(slug):
    memberships = (
        CityCluster.objects.select_related("cluster")
        .only("city_id", "role", "cluster__slug", *(f"cluster__{c}" for c in translated("name")))
        .order_by("cluster__order", "cluster__name_en")
    )
    awards = (
        Award.objects.filter(cycle__phase=CyclePhase.PUBLISHED)
        .select_related("cycle")
        .only(
            "city_id",
            *translated("citation"),
            "cycle__year",
            *(f"cycle__{c}" for c in translated("title")),
        )
        .order_by("-cycle__year")
    )
    hosted = Conference.objects.only(
        "host_city_id", "slug", "number", *translated("title")
    ).order_by("number")
    queryset = (
        public_cities()
        .only(*CITY_DETAIL_COLUMNS)
        .with_member_since_date()
        .prefetch_related(
            Prefetch("cluster_memberships", queryset=memberships),
            Prefetch("awards", queryset=awards),
            Prefetch("conferences_hosted", queryset=hosted),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def _public_city_memberships():
    return (
        CityCluster.objects.filter(city__status__in=PUBLIC_STATUSES, city__confirmed=True)
        .select_related("city")
        .only("cluster_id", "role", *(f"city__{c}" for c in CITY_REFERENCE_COLUMNS))
        .annotate(city_name=translated_field("city__name"))
    )


CLUSTER_COLUMNS = (
    "slug",
    "short_name",
    "order",
    "memberships_recorded",
    *translated("name", "purpose", "description"),
)


def cluster_list():
    coordinators = (
        _public_city_memberships().filter(role=ClusterRole.COORDINATOR).order_by("city_name")
    )
    return list(
        Cluster.objects.public()
        .with_member_counts()
        .only(*CLUSTER_COLUMNS)
        .prefetch_related(
            Prefetch("memberships", queryset=coordinators, to_attr="coordinator_memberships")
        )
        .order_by("order", "name_en")
    )


def cluster_detail(slug):
    """One public cluster with its public cities (`public_memberships`): every recorded member
    where its memberships are recorded, else its coordinators only, as on its page."""
    queryset = Cluster.objects.public().with_member_counts().only(*CLUSTER_COLUMNS)
    cluster = get_object_or_404(queryset, slug=slug)
    memberships = _public_city_memberships().filter(cluster=cluster)
    if not cluster.memberships_recorded:
        memberships = memberships.filter(role=ClusterRole.COORDINATOR)
    cluster.public_memberships = list(memberships.order_by("role", "city_name"))
    return cluster


CYCLE_COLUMNS = (
    "year",
    "phase",
    "opens_at",
    "closes_at",
    "time_zone",
    "conferred_on",
    "nominations_per_country",
    "min_membership_months",
    "years_before_winning_again",
    "one_winner_per_country",
    "max_winners_per_region",
    "is_demonstration",
    *translated("title", "description", "conference"),
)


def _published_awards():
    """Awards of published cycles only: before publication there are no winners in public."""
    return (
        Award.objects.filter(cycle__phase=CyclePhase.PUBLISHED)
        .select_related("city")
        .only("cycle_id", *translated("citation"), *(f"city__{c}" for c in CITY_REFERENCE_COLUMNS))
        .annotate(city_name=translated_field("city__name"))
        .order_by("city__region", "city_name", "pk")
    )


def cycle_list(year=None):
    cycles = AwardCycle.objects.only(*CYCLE_COLUMNS).prefetch_related(
        Prefetch("awards", queryset=_published_awards(), to_attr="public_awards")
    )
    if year is not None:
        cycles = cycles.filter(year=year)
    return list(cycles.order_by("-year"))


def cycle_detail(year):
    if not 0 <= year <= 32767:
        # Not a year, nor a number the database could compare (PostgreSQL's smallint).
        raise Http404
    criteria = Criterion.objects.only(
        "cycle_id", "order", *translated("name", "description")
    ).order_by("order")
    queryset = AwardCycle.objects.only(*CYCLE_COLUMNS).prefetch_related(
        Prefetch("awards", queryset=_published_awards(), to_attr="public_awards"),
        Prefetch("criteria", queryset=criteria),
    )
    return get_object_or_404(queryset, year=year)


CONFERENCE_LIST_COLUMNS = (
    "number",
    "slug",
    "status",
    "country",
    "starts_on",
    "ends_on",
    "hashtags",
    "website",
    "award_cycle__year",
    *translated("title", "theme", "host_name", "venue", "dates_text"),
    *(f"host_city__{c}" for c in CITY_REFERENCE_COLUMNS),
)
CONFERENCE_DETAIL_COLUMNS = (
    *CONFERENCE_LIST_COLUMNS,
    *translated(
        "participants",
        "countries",
        "speakers_figure",
        "media",
        "figures_note",
        "summary",
        "objectives",
        "contact",
    ),
)


def _conferences(columns, sessions, documents):
    return (
        Conference.objects.public()
        .select_related("host_city", "award_cycle")
        .only(*columns)
        .prefetch_related(
            Prefetch("sessions", queryset=sessions), Prefetch("documents", queryset=documents)
        )
    )


SESSION_COLUMNS = (
    "conference_id",
    "kind",
    "region",
    "order",
    *translated("title", "key_question", "objective"),
)
DOCUMENT_COLUMNS = ("conference_id", "kind", "order", *translated("title", "description"))


def conference_list(year=None):
    sessions = ConferenceSession.objects.only(*SESSION_COLUMNS).order_by("order", "pk")
    documents = (
        ConferenceDocument.objects.public()
        .only(*DOCUMENT_COLUMNS)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.only("document_id", "language").order_by(
                    "language"
                ),
            )
        )
        .order_by("order", "pk")
    )
    conferences = _conferences(CONFERENCE_LIST_COLUMNS, sessions, documents)
    if year is not None:
        conferences = conferences.filter(starts_on__year=year)
    return list(conferences.order_by("-number"))


def conference_detail(slug):
    speakers = Speaker.objects.only(
        "name", "country", *translated("title", "organisation")
    ).order_by("name")
    sessions = (
        ConferenceSession.objects.only(*SESSION_COLUMNS)
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("order", "pk")
    )
    featured = public_cities().only(*CITY_REFERENCE_COLUMNS).order_by("name_en")
    documents = (
        ConferenceDocument.objects.public()
        .only(*DOCUMENT_COLUMNS)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.only(
                    "document_id", "language", "title", "file", "url"
                ).order_by("language"),
            ),
            Prefetch("featured_cities", queryset=featured),
        )
        .order_by("order", "pk")
    )
    return get_object_or_404(
        _conferences(CONFERENCE_DETAIL_COLUMNS, sessions, documents), slug=slug
    )


def figures():
    """The network in numbers: the statistics page's figures and a few counts more."""
    totals = city_selectors.network_figures()
    rows, unknown = city_selectors.growth_per_year()
    published = AwardCycle.objects.filter(
        phase=CyclePhase.PUBLISHED, is_demonstration=False
    ).aggregate(
        cycles=Count("pk", distinct=True),
        winners=Count("awards", distinct=True),
    )
    return {
        **totals,
        "per_region": city_selectors.members_per_region(),
        "growth": rows,
        "members_year_unknown": unknown,
        "official": city_selectors.official_figures()["latest"],
        "clusters": Cluster.objects.public().count(),
        "conferences": Conference.objects.count(),
        "award_cycles_published": published["cycles"],
        "awards_conferred": published["winners"],
    }


# --- Progress reports --------------------------------------------------------------------

# The columns of a reporting cycle the public may see; its reminders, cut-off and cohorts'
# deadlines are for staff and the cities.
REPORTING_CYCLE_COLUMNS = (
    "id",
    "period_start",
    "period_end",
    "state",
    "is_demonstration",
    *translated("title", "introduction"),
)
QUESTION_COLUMNS = (
    "id",
    "cycle_id",
    "section_id",
    "order",
    "kind",
    "word_limit",
    "is_demonstration",
    *translated("title", "guidance"),
    *(f"section__{column}" for column in ("order", *translated("title"))),
)
# What a public answer says: never its attachment, its editor, its revision.
PUBLIC_ANSWER_COLUMNS = (
    "report_id",
    "question_id",
    "text",
    "number",
    "number_year",
    "yes_no",
    "choice",
)


def _published_cycles():
    """Reporting cycles that were opened (not those staff are still preparing)."""
    return ReportingCycle.objects.exclude(state=CycleState.DRAFT).only(*REPORTING_CYCLE_COLUMNS)


def _public_answers():
    return (
        ReportAnswer.objects.filter(is_public=True)
        .exclude(question__kind=AnswerKind.ATTACHMENT)
        .only(*PUBLIC_ANSWER_COLUMNS)
        .order_by("question__section__order", "question__order", "question__pk")
    )


def _published_reports():
    """Accepted reports of public cities: only these have public answers in the open data."""
    return (
        ProgressReport.objects.filter(
            state=ReportState.ACCEPTED, city__status__in=PUBLIC_STATUSES, city__confirmed=True
        )
        .select_related("city")
        .only("id", "cycle_id", "city_id", *(f"city__{c}" for c in CITY_REFERENCE_COLUMNS))
        .annotate(city_name=translated_field("city__name"))
        .order_by("city_name", "pk")
    )


def reporting_cycle_list():
    """Every opened reporting cycle, newest period first, with `published_reports`: how many
    accepted reports of public cities have at least one public answer. One query."""
    published = Q(
        reports__state=ReportState.ACCEPTED,
        reports__city__status__in=PUBLIC_STATUSES,
        reports__city__confirmed=True,
        reports__answers__is_public=True,
    ) & ~Q(reports__answers__question__kind=AnswerKind.ATTACHMENT)
    return list(
        _published_cycles()
        .annotate(published_reports=Count("reports", filter=published, distinct=True))
        .order_by("-period_end", "-pk")
    )


def reporting_cycle_detail(pk):
    """One opened cycle with its `public_questions` (no attachment question) and its
    `public_reports`: the accepted reports of public cities that have public answers, each
    with `public_answers`. Four queries; 404 for a cycle being prepared or unknown."""
    if not 0 < pk < 2**63:
        # Not a number the database could compare (PostgreSQL's bigint).
        raise Http404
    questions = (
        ReportQuestion.objects.exclude(kind=AnswerKind.ATTACHMENT)
        .select_related("section")
        .only(*QUESTION_COLUMNS)
        .order_by("section__order", "order", "pk")
    )
    cycle = get_object_or_404(
        _published_cycles().prefetch_related(
            Prefetch("questions", queryset=questions, to_attr="public_questions")
        ),
        pk=pk,
    )
    reports = (
        _published_reports()
        .filter(cycle=cycle)
        .prefetch_related(Prefetch("answers", queryset=_public_answers(), to_attr="public_answers"))
    )
    cycle.public_reports = [report for report in reports if report.public_answers]
    return cycle
