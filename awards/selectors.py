"""The reads of the public award pages (the jury's reads live in selectors_jury.py)."""

from itertools import groupby

from django.db.models import Count, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404

from cities.enums import Region
from cities.models import City, NationalCommission
from cities.querysets import translated_field
from cities.selectors import CommissionContact, map_points

from .enums import CyclePhase
from .models import Award, AwardCycle, Criterion, NominationInvitation


def award_overview():
    """What the award page needs, in two queries.

    Returns a dict: `published` (published cycles, newest first, each with `winner_count`),
    `current` (cycles not yet published, e.g. one open for applications) and `criteria`
    (the criteria of the newest cycle that has any, with their cycle as `criteria_cycle`).
    """
    cycles = list(
        AwardCycle.objects.annotate(
            winner_count=Count("awards", filter=Q(awards__confirmed=True))
        ).order_by("-year")
    )
    newest_with_criteria = (
        AwardCycle.objects.filter(criteria__isnull=False).order_by("-year").values("pk")[:1]
    )
    criteria = list(
        Criterion.objects.filter(cycle=Subquery(newest_with_criteria))
        .select_related("cycle")
        .order_by("order")
    )
    return {
        "published": [c for c in cycles if c.phase == CyclePhase.PUBLISHED],
        "current": [c for c in cycles if c.phase != CyclePhase.PUBLISHED],
        "criteria": criteria,
        "criteria_cycle": criteria[0].cycle if criteria else None,
    }


def latest_published_cycle():
    """The newest published cycle with its `winner_count` (confirmed awards), or None: what
    the home page shows. Demonstration cycles count too: the page marks them. One query."""
    return (
        AwardCycle.objects.filter(phase=CyclePhase.PUBLISHED)
        .annotate(winner_count=Count("awards", filter=Q(awards__confirmed=True)))
        .order_by("-year")
        .first()
    )


def cycle_detail(year):
    """One cycle with its criteria and, once published, its awards; 404 for an unknown year.

    Only confirmed awards are public. Awards carry `city_display` (the city's name in the
    visitor's language) and are ordered by region and name. Withdrawn cities keep their award
    (it is history) but callers must not link them: `award.city.is_public` tells.
    """
    criteria = Criterion.objects.order_by("order")
    cycle = get_object_or_404(
        AwardCycle.objects.prefetch_related(Prefetch("criteria", queryset=criteria)), year=year
    )
    awards = []
    if cycle.phase == CyclePhase.PUBLISHED:
        awards = list(
            Award.objects.filter(cycle=cycle, confirmed=True)
            .select_related("city")
            .annotate(city_display=translated_field("city__name"))
            .order_by("city__region", "city_display", "pk")
        )
    return cycle, awards


def latest_awards(limit):
    """The awards of published real cycles (not demonstrations: the feed of winners is the
    network's record), the newest cycle first, each with its cycle and city (withdrawn cities
    too: `award.city.is_public` tells whether to link them). One query."""
    return list(
        Award.objects.filter(
            cycle__phase=CyclePhase.PUBLISHED, cycle__is_demonstration=False, confirmed=True
        )
        .select_related("cycle", "city")
        .order_by("-cycle__year", "city__name_en", "pk")[:limit]
    )


def awards_by_region(awards):
    """[(region label, [awards])] in the order of the UNESCO regions, empty regions left out."""
    order = {region.value: index for index, region in enumerate(Region)}
    awards = sorted(awards, key=lambda award: order.get(award.city.region, len(order)))
    return [
        (Region(region).label, list(group))
        for region, group in groupby(awards, key=lambda award: award.city.region)
    ]


def cycle_map_points(year):
    """The winners of a published cycle on the map: public members with coordinates only,
    since every point links to a profile. 404 for an unknown or unpublished year."""
    cycle = get_object_or_404(AwardCycle.objects.only("pk"), year=year, phase=CyclePhase.PUBLISHED)
    queryset = (
        City.objects.public()
        .filter(awards__cycle=cycle, awards__confirmed=True)
        .with_display_name()
        .order_by("pk")
    )
    return map_points(queryset)


def nomination_contact(application):
    """How the award application's National Commission was reached (a CommissionContact):
    when its latest nomination link was e-mailed, None when no address was on file."""
    sent = (
        NominationInvitation.objects.filter(application=application)
        .exclude(sent_to="")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    country = application.city.country
    name = NationalCommission.objects.filter(country=country).values_list("name", flat=True)
    return CommissionContact(name=name.first() or str(country.name), sent_at=sent)
