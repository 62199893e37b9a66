"""Every write to members and clusters that matters goes through these functions."""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django_countries import countries

from gnlc.core.text import fold

from ..enums import ClusterRole, MembershipStatus, MemberSincePrecision
from ..models import City, CityCluster, Cluster, FormerCitySlug, MembershipStatusChange

# Slugs that would shadow a page under /cities/.
RESERVED_SLUGS = {"map", "data", "search", "export", "new"}


def unique_city_slug(name, *, country="", exclude_pk=None):
    """A slug for a new city: its name, then its name and country (its English name without
    what follows a parenthesis: "la-paz-bolivia"), then a number; never longer than the field's
    120 characters, the number included. Letters are folded first ("Sønderborg" gives
    "sonderborg", gnlc.core.text.fold); a slug another city had before is not given again
    (its address redirects to that city)."""
    base = slugify(fold(name))[:100] or "city"
    candidates = [base]
    if country:
        with translation.override("en"):
            short_name = str(countries.name(str(country))).split(" (")[0]
        candidates.append(f"{base}-{slugify(fold(short_name))}"[:112].rstrip("-"))

    def taken(slug):
        return (
            City.objects.exclude(pk=exclude_pk).filter(slug=slug).exists()
            or FormerCitySlug.objects.exclude(city_id=exclude_pk).filter(slug=slug).exists()
        )

    for candidate in candidates:
        if candidate not in RESERVED_SLUGS and not taken(candidate):
            return candidate
    number = 2
    while taken(f"{candidates[-1]}-{number}"):
        number += 1
    return f"{candidates[-1]}-{number}"


def record_former_slug(city, old_slug):
    """Keep `old_slug`, the address `city` had before its slug changed, so that it redirects
    to the new one. The city's new slug, if it was a former one, is a live address again."""
    if not old_slug or old_slug == city.slug:
        return None
    FormerCitySlug.objects.filter(slug=city.slug).delete()
    former, _ = FormerCitySlug.objects.update_or_create(slug=old_slug, defaults={"city": city})
    return former


@transaction.atomic
def create_city(*, name, country, admitted_on=None, by=None, note="", status_change=None, **fields):
    """Create a member city with its first status record ("active" since `admitted_on`).

    With `admitted_on` (the day the city was admitted), the date is on record: the city's
    precision is "day" and its year joined that date's year, unless given; a year joined
    that contradicts the date raises ValueError. Without it, the first record's date is a
    placeholder (see record_initial_status) and only the year joined, if any, is known.
    `fields` are any other City fields (translations such as `name_fr` included). The slug
    is derived from the name unless given. `note` (typed by staff) or `status_change` (the
    `kind` and `values` of what the portal did) say why on the first status record.
    Returns the saved City.
    """
    if admitted_on is not None:
        fields.setdefault("member_since", admitted_on.year)
        fields.setdefault("member_since_precision", MemberSincePrecision.DAY)
        if fields["member_since"] != admitted_on.year:
            raise ValueError(
                f"{name} was admitted on {admitted_on:%Y-%m-%d}, not in {fields['member_since']}."
            )
    fields.setdefault("name_en", name)
    slug = fields.pop("slug", None) or unique_city_slug(name, country=country)
    city = City(slug=slug, country=country, **fields)
    city.save()
    record_initial_status(city, since=admitted_on, note=note, by=by, **(status_change or {}))
    return city


def record_initial_status(city, *, since=None, note="", kind="", values=None, by=None):
    """The first dated step of a new member's history: its current status since `since`
    (default: 1 January of the year it joined, or today).

    The default is a placeholder where the history needs a date and only the year is known:
    the city's precision says so, and nothing reads it as the day the city joined."""
    since = since or _first_day_of(city.member_since) or timezone.localdate()
    return MembershipStatusChange.objects.create(
        city=city,
        status=city.status,
        since=since,
        kind=kind,
        values=values or {},
        note=note,
        recorded_by=by,
    )


def update_city(city, **fields):
    """Set the given fields on a city and save it (status excluded: see below). A changed
    slug keeps the old one as a former address."""
    if "status" in fields:
        raise ValueError("Use change_membership_status() to change a city's status.")
    old_slug = city.slug
    for field, value in fields.items():
        setattr(city, field, value)
    with transaction.atomic():
        city.save()
        record_former_slug(city, old_slug)
    return city


@transaction.atomic
def change_membership_status(city, *, status, since=None, note="", kind="", values=None, by=None):
    """Move a city to another membership status and record the dated step: why, as the
    `note` staff typed or as the `kind` and `values` of what the portal did.

    Locks the city's row so that two staff members cannot record conflicting changes.
    Raises ValueError when the city already has that status.
    """
    status = MembershipStatus(status)
    locked = City.objects.select_for_update().get(pk=city.pk)
    if locked.status == status:
        raise ValueError(f"{locked} is already {status.label}.")
    MembershipStatusChange.objects.create(
        city=locked,
        status=status,
        since=since or timezone.localdate(),
        kind=kind,
        values=values or {},
        note=note,
        recorded_by=by,
    )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    city.status = status
    return locked


def set_cluster_role(city, cluster, *, role=ClusterRole.MEMBER):
    """Put a city in a cluster with the given role (member or coordinator)."""
    membership, _ = CityCluster.objects.update_or_create(
        city=city, cluster=cluster, defaults={"role": role}
    )
    return membership


def upsert_cluster(*, slug, **fields):
    cluster, _ = Cluster.objects.update_or_create(slug=slug, defaults=fields)
    return cluster


def _first_day_of(year):
    return datetime.date(year, 1, 1) if year else None
