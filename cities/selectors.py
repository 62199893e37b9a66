"""The reads that the pages need, each with its related rows fetched on purpose: the public
pages', then (at the end) the back office's summary of a call's applications.

Whatever scans many rows (facet counts, result counts, neighbours, the map's points) is
cached per public content version (gnlc.core.public_cache), so that a page's cost does not
grow with the number of members and an edit shows at once.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    Prefetch,
    Q,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gnlc.core import languages
from gnlc.core.public_cache import cached

from .enums import (
    ENDORSED_STATES,
    PUBLIC_STATUSES,
    YEAR_STATED,
    ApplicationState,
    ClusterRole,
    MembershipStatus,
    MemberSincePrecision,
    Region,
)
from .models import (
    City,
    CityCluster,
    Cluster,
    CommissionInvitation,
    FormerCitySlug,
    MembershipApplication,
    MembershipCall,
    NationalCommission,
    NetworkFigure,
)
from .querysets import translated_field
from .regions import countries_of_region


def directory_queryset():
    """Public members; the directory's filter set narrows and sorts them."""
    return City.objects.public()


# What a city's directory card and map list item show (templates/cities/_city_card.html,
# _city_list_item.html), with its name in every language (the `lang` of a name not given in
# the page's language is read from the row, never loaded one row at a time).
LISTED_FIELDS = (
    "slug",
    "country",
    "region",
    "status",
    "member_since",
    "member_since_precision",
    "latitude",
    "longitude",
)


def listed_cities_queryset():
    """directory_queryset() with only the columns a page of cities shows: a page reads its
    cards from the cache and needs little more than their keys, and the rest (descriptions,
    figures, sources in six languages) costs the database and the ORM for nothing."""
    names = [languages.field_name("name", code) for code in languages.codes()]
    return directory_queryset().only(*LISTED_FIELDS, *names)


def query_key(queryset):
    """A short, stable name for what a queryset selects (its SQL and parameters); None for a
    queryset that can select nothing (an invalid filter gives `none()`)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]


def cached_count(queryset):
    """queryset.count(), computed once per content version and query. The key names the rows
    selected, not the columns: the directory's filters count their matches to choose an
    order (CityQuerySet.sorted_by), and its paginator, counting the same rows with the
    names' column added, finds that count in the cache."""
    unordered = queryset.order_by()
    key = query_key(unordered.values("pk"))
    return cached(f"count:{key}", unordered.count) if key else 0


class DirectoryPaginator(Paginator):
    """The directory's pages: the number of results is counted once per content version and
    filter set; `page_range` holds only the numbers the pagination shows (first, second,
    two on each side of the current page, last but one, last), so a list of 50,000 cities
    does not make the template walk 2,000 page numbers."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)

    @property
    def page_range(self):
        last = self.num_pages
        current = getattr(self, "current_number", 1)
        shown = {1, 2, last - 1, last, *range(current - 2, current + 3)}
        return [number for number in sorted(shown) if 1 <= number <= last]

    def get_page(self, number):
        page = super().get_page(number)
        self.current_number = page.number
        return page


def current_slug_of(former_slug):
    """The slug today of the public city that had `former_slug` before, or None."""
    return (
        FormerCitySlug.objects.filter(slug=former_slug, city__status__in=PUBLIC_STATUSES)
        .values_list("city__slug", flat=True)
        .first()
    )


def network_figures():
    """Headline figures: public members, countries and regions represented."""

    def compute():
        public = City.objects.public()
        return public.aggregate(
            cities=Count("pk"),
            countries=Count("country", distinct=True),
            regions=Count("region", distinct=True),
        )

    return cached("network-figures", compute)


def official_figures():
    """The network's official counts (NetworkFigure) that staff confirmed, newest first:
    `latest` (or None) and `history`. Cached per content version (one query)."""

    def compute():
        history = list(NetworkFigure.objects.public())
        return {"latest": history[0] if history else None, "history": history}

    return cached("official-figures", compute)


def newest_members(limit=6):
    """The latest admitted public members, newest first: by year joined, then by the day of
    admission where it is on record (the first "active" step of the status history), then
    the latest recorded; never by name, so that every language shows the same cities in the
    same order. Only cities whose year of admission is stated count: "a member by 2026" may
    have joined years before. Cached per content version and language (the names shown)."""

    def compute():
        return list(
            City.objects.public()
            .filter(member_since_precision__in=YEAR_STATED)
            .exclude(member_since=None)
            .with_display_name()
            .annotate(
                joined_on=Min(
                    "status_history__since",
                    filter=Q(status_history__status=MembershipStatus.ACTIVE),
                )
            )
            .order_by(
                F("member_since").desc(),
                F("joined_on").desc(nulls_last=True),
                F("pk").desc(),
            )[:limit]
        )

    return cached(f"newest:{get_language() or 'en'}:{limit}", compute)


def member_since_date(city):
    """The day `city` was admitted where it is on record (precision "day": the first
    "active" step of its status history), else None. One query for a "day" city, none
    otherwise."""
    if city.member_since_precision != MemberSincePrecision.DAY:
        return None
    return (
        City.objects.filter(pk=city.pk)
        .with_member_since_date()
        .values_list("member_since_date", flat=True)
        .first()
    )


def latest_admissions(limit):
    """Public members, the latest admitted first, each with `joined_on` (the day of its first
    "active" status, where the history has one) and `display_name`. Only cities whose year of
    admission is stated count: "a member by 2026 at the latest" may have joined long before.
    One query."""
    return list(
        City.objects.public()
        .filter(member_since_precision__in=YEAR_STATED)
        .exclude(member_since=None)
        .with_display_name()
        .annotate(
            joined_on=Min(
                "status_history__since",
                filter=Q(status_history__status=MembershipStatus.ACTIVE),
            )
        )
        .order_by(F("joined_on").desc(nulls_last=True), "-member_since", "display_name")[:limit]
    )


def city_neighbours(city, limit=6):
    """Other public members in the same country, and the nearest ones elsewhere in the region.
    Cached per content version, city and language: the nearest ones are found by measuring
    the distance to every member of the region."""
    key = f"neighbours:{get_language() or 'en'}:{city.pk}:{limit}"
    return cached(key, lambda: _compute_city_neighbours(city, limit))


def _compute_city_neighbours(city, limit):
    others = City.objects.public().exclude(pk=city.pk).with_display_name()
    same_country = list(others.filter(country=city.country).order_by("display_name")[:limit])
    in_region = others.filter(region=city.region).exclude(country=city.country)
    if city.has_coordinates:
        dlat = F("latitude") - city.latitude
        dlon = F("longitude") - city.longitude
        distance = ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=DecimalField())
        in_region = in_region.exclude(latitude=None).annotate(distance=distance)
        in_region = in_region.order_by("distance", "display_name")
    else:
        in_region = in_region.order_by("display_name")
    return {"same_country": same_country, "same_region": list(in_region[:limit])}


def _public_memberships():
    return CityCluster.objects.filter(
        city__status__in=PUBLIC_STATUSES, city__confirmed=True
    ).select_related("city")


def cluster_list():
    """The public clusters with their coordinators and their number of public members (the
    number means something only where `memberships_recorded`: templates show it there only)."""
    coordinators = (
        _public_memberships().filter(role=ClusterRole.COORDINATOR).order_by("city__name_en")
    )
    return list(
        Cluster.objects.public()
        .with_member_counts()
        .prefetch_related(
            Prefetch("memberships", queryset=coordinators, to_attr="coordinator_memberships")
        )
    )


def cluster_detail(slug):
    """One public cluster with its public cities, coordinators first: every recorded member
    where the cluster's memberships are recorded, else its coordinators only."""
    cluster = get_object_or_404(Cluster.objects.public(), slug=slug)
    memberships = _public_memberships().filter(cluster=cluster)
    if not cluster.memberships_recorded:
        memberships = memberships.filter(role=ClusterRole.COORDINATOR)
    memberships = (
        memberships.annotate(city_name=translated_field("city__name"))
        # "coordinator" sorts before "member".
        .order_by("role", "city_name")
    )
    return cluster, list(memberships)


def map_points(queryset):
    """The data of the map: one small dict per member with coordinates. Cached per content
    version, language and query (the map of every member is one large answer)."""
    rows = (
        queryset.exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("slug", "display_name", "latitude", "longitude", "country", "region")
    )
    key = query_key(rows)
    if key is None:
        return []
    return cached(f"map-points:{get_language() or 'en'}:{key}", lambda: _map_points(rows))


def _map_points(rows):
    region_labels = {value: str(label) for value, label in Region.choices}
    country_names = {}
    # One reverse() for all: the profile address differs only by its slug.
    address = reverse("cities:city-detail", kwargs={"slug": "slug-placeholder"})
    before, after = address.split("slug-placeholder")
    points = []
    for slug, name, lat, lon, country, region in rows:
        if country not in country_names:
            country_names[country] = str(countries.name(country))
        points.append(
            {
                "slug": slug,
                "name": name,
                "url": f"{before}{slug}{after}",
                "lat": float(lat),
                "lon": float(lon),
                "country": country_names[country],
                "region": region_labels.get(region, ""),
            }
        )
    return points


def members_per_region():
    """(region, label, count) for every UNESCO region, public members only."""

    def compute():
        counts = dict(
            City.objects.public().values_list("region").annotate(n=Count("pk")).order_by()
        )
        return [(r.value, counts.get(r.value, 0)) for r in Region]

    return [(value, Region(value).label, n) for value, n in cached("per-region", compute)]


def growth_per_year():
    """Members admitted each year and the running total; cities of unknown year apart.

    Returns (rows, unknown) where rows are (year, admitted, total).
    """

    def compute():
        public = City.objects.public()
        per_year = list(
            public.exclude(member_since=None)
            .values_list("member_since")
            .annotate(n=Count("pk"))
            .order_by("member_since")
        )
        unknown = public.filter(member_since=None).count()
        return per_year, unknown

    per_year, unknown = cached("growth", compute)
    if not per_year:
        return [], unknown
    admitted_in = dict(per_year)
    rows, total = [], 0
    # Every year from the first to the last, years without admissions included.
    for year in range(per_year[0][0], per_year[-1][0] + 1):
        admitted = admitted_in.get(year, 0)
        total += admitted
        rows.append((year, admitted, total))
    return rows, unknown


def open_call(at=None):
    """The call open now (the one closing first if several overlap), or None."""
    at = at or timezone.now()
    return (
        MembershipCall.objects.filter(opens_at__lte=at, closes_at__gt=at)
        .order_by("closes_at")
        .first()
    )


def next_call(at=None):
    """The next call already scheduled, or None."""
    at = at or timezone.now()
    return MembershipCall.objects.filter(opens_at__gt=at).order_by("opens_at").first()


def current_call(at=None):
    """The call open now, or else the next one scheduled, or None."""
    return open_call(at) or next_call(at)


# --- Membership applications, for staff ------------------------------------------------------


def _region_of_country_expression():
    """SQL that maps an application's country to its UNESCO region code ("" when none)."""
    return Case(
        *[
            When(country__in=countries_of_region(region), then=Value(region.value))
            for region in Region
        ],
        default=Value(""),
        output_field=CharField(),
    )


def _counts_by_state():
    return {f"n_{state.value}": Count("pk", filter=Q(state=state)) for state in ApplicationState}


def call_summary(call, *, changelist_url):
    """The applications of `call` counted by UNESCO region × state, with totals, and the
    endorsements used by each country against the call's quota.

    Three aggregate queries, whatever the number of applications."""
    applications = MembershipApplication.objects.filter(call=call)
    states = list(ApplicationState)
    by_region = {
        row["region"]: row
        for row in applications.annotate(region=_region_of_country_expression())
        .values("region")
        .annotate(**_counts_by_state(), total=Count("pk"))
        .order_by()
    }
    totals = applications.aggregate(**_counts_by_state(), total=Count("pk"))

    def cells(row, region=None):
        for state in states:
            count = row[f"n_{state.value}"] if row else 0
            query = {"call__id__exact": call.pk, "state__exact": state.value, "region": region}
            link = count and region is not None
            yield {"count": count, "url": f"{changelist_url}?{urlencode(query)}" if link else ""}

    rows = [
        {
            "label": region.label,
            "cells": list(cells(by_region.get(region.value), region.value)),
            "total": by_region.get(region.value, {}).get("total", 0),
        }
        for region in Region
    ]
    if "" in by_region:
        rows.append(
            {
                "label": _("No country or no UNESCO region"),
                "cells": list(cells(by_region[""])),
                "total": by_region[""]["total"],
            }
        )
    quota = sorted(
        (
            {
                "country": countries.name(row["country"]),
                "code": row["country"],
                "endorsed": row["endorsed"],
                "awaiting": row["awaiting"],
                "left": max(call.quota_per_country - row["endorsed"], 0),
                "over": row["endorsed"] > call.quota_per_country,
            }
            for row in applications.exclude(country="")
            .values("country")
            .annotate(
                endorsed=Count("pk", filter=Q(state__in=ENDORSED_STATES)),
                awaiting=Count("pk", filter=Q(state=ApplicationState.SUBMITTED)),
            )
        ),
        key=lambda row: row["country"],
    )
    return {
        "states": states,
        "rows": rows,
        "totals": [totals[f"n_{state.value}"] for state in states],
        "grand_total": totals["total"],
        "quota_rows": quota,
    }


# --- The National Commission of an application -----------------------------------------------


@dataclass(frozen=True)
class CommissionContact:
    """What the portal did to reach an application's National Commission: `sent_at`, when
    its latest link was e-mailed to the Commission (None when no address was on file and no
    link was sent); `name`, the Commission's name on file ("" when none is)."""

    name: str = ""
    sent_at: datetime | None = None

    @property
    def link_sent(self):
        return self.sent_at is not None


def commission_contacts(applications):
    """{application pk: CommissionContact} for `applications` (two queries, whatever their
    number): how each one's Commission was reached when it was submitted."""
    applications = list(applications)
    if not applications:
        return {}
    sent = {}
    links = CommissionInvitation.objects.filter(application__in=applications).exclude(sent_to="")
    for application_id, created_at in links.values_list("application_id", "created_at"):
        sent[application_id] = max(created_at, sent.get(application_id, created_at))
    names = dict(
        NationalCommission.objects.filter(
            country__in={str(application.country) for application in applications}
        ).values_list("country", "name")
    )
    return {
        application.pk: CommissionContact(
            name=names.get(str(application.country), "") or _sent_to_name(application, sent),
            sent_at=sent.get(application.pk),
        )
        for application in applications
    }


def _sent_to_name(application, sent):
    # A Commission whose record was deleted after its link went out: named by its country.
    return str(application.country.name) if application.pk in sent else ""


def commission_contact(application):
    """How `application`'s National Commission was reached (a CommissionContact)."""
    return commission_contacts([application])[application.pk]


def commission_to_email(country):
    """The name of `country`'s National Commission if the portal can e-mail it a link (an
    address is on file), else ""."""
    commission = NationalCommission.objects.filter(country=country).exclude(emails="").first()
    return commission.name if commission and commission.email_list else ""
