"""Build the demo network from the plain data files beside this module (see README.md).

Every step is idempotent: a second run finds what the first one made and changes nothing.
"""

import csv
import datetime
import random
import secrets
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django_countries.fields import Country

from cities import services as city_services
from cities.enums import CityKind, ClusterRole, MembershipStatus, MemberSincePrecision
from cities.models import (
    City,
    Cluster,
    MembershipCall,
    MembershipStatusChange,
    NationalCommission,
    NetworkFigure,
)
from gnlc.core.public_cache import bump_content_version
from gnlc.core.services import SECRETARIAT_GROUP, ensure_secretariat_group

DATA_DIR = Path(__file__).resolve().parent
# Field suffixes of the languages ("zh_hans"), as the CSV columns name them.
LANGUAGES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]

DEMO_STAFF_EMAIL = "staff@gnlc.example"

DEMO_CALL_TITLE = {
    "en": "Call for membership (demo)",
    "fr": "Appel à candidatures (démonstration)",
    "es": "Convocatoria de adhesión (demostración)",
    "ar": "دعوة لتقديم طلبات العضوية (تجريبية)",
    "zh_hans": "成员申请征集（演示）",
    "ru": "Призыв к подаче заявок на членство (демонстрация)",
}

CITY_FIELDS = (
    "alternative_names",
    "kind",
    "member_since",
    "member_since_precision",
    "population",
    "population_source",
    "latitude",
    "longitude",
    "sources",
    "editor_note",
)


def read_rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _integer(value):
    return int(value) if value not in (None, "") else None


def _decimal(value):
    return Decimal(value).quantize(Decimal("0.00001")) if value not in (None, "") else None


def city_fields_from_row(row):
    """The City fields of one row of cities.csv (names in every language included)."""
    fields = {f"name_{code}": row.get(f"name_{code}", "").strip() for code in LANGUAGES}
    fields.update(
        alternative_names=row.get("alternative_names", "").strip(),
        kind=row.get("kind") or CityKind.CITY,
        member_since=_integer(row.get("member_since")),
        member_since_precision=row.get("member_since_precision") or MemberSincePrecision.YEAR,
        population=_integer(row.get("population")),
        population_source=row.get("population_source", "").strip(),
        latitude=_decimal(row.get("latitude")),
        longitude=_decimal(row.get("longitude")),
        sources="\n".join(row.get("sources", "").split()),
        # The maintainer's notes on the row are the staff-only editor's note.
        editor_note=row.get("notes", "").strip(),
    )
    return fields


def seed_clusters(report):
    created = 0
    for row in read_rows("clusters.csv"):
        fields = {
            "short_name": row["short_name"],
            "order": int(row["order"] or 0),
            "sources": "\n".join(row["sources"].split()),
            "editor_note": row["notes"],
        }
        for code in LANGUAGES:
            fields[f"name_{code}"] = row.get(f"name_{code}", "")
            fields[f"purpose_{code}"] = row.get(f"purpose_{code}", "")
            # The purpose says what is specific to the cluster; the one sentence the seven
            # shared ("one of the seven clusters ...") is said once, on the list page.
            fields[f"description_{code}"] = ""
        existed = Cluster.objects.filter(slug=row["slug"]).exists()
        city_services.upsert_cluster(slug=row["slug"], **fields)
        created += not existed
    report(f"Clusters: {Cluster.objects.count()} ({created} new)")


def _description_sources():
    """The sources of each city's description (descriptions.csv), by (name, country): they
    join the city's own in its staff-only sources."""
    return {
        (row["city"], row["country"]): row["sources"].split()
        for row in read_rows("descriptions.csv")
    }


def seed_cities(report):
    created = updated = 0
    rows = read_rows("cities.csv")
    description_sources = _description_sources()
    for index, row in enumerate(rows, start=1):
        fields = city_fields_from_row(row)
        extra = description_sources.get((row["name_en"], row["country"]), [])
        fields["sources"] = "\n".join(dict.fromkeys([*fields["sources"].split(), *extra]))
        name = fields.pop("name_en")
        city = City.objects.filter(name_en=name, country=row["country"]).first()
        if city is None:
            city_services.create_city(
                name=name, country=row["country"], note="Demo data (gnlc-facts §5)", **fields
            )
            created += 1
        elif any(getattr(city, field) != value for field, value in fields.items()):
            city_services.update_city(city, **fields)
            updated += 1
        if index % 50 == 0:
            report(f"  … {index} of {len(rows)} cities")
    report(f"Cities: {len(rows)} in the data ({created} new, {updated} updated)")


def seed_descriptions(report):
    count = 0
    for row in read_rows("descriptions.csv"):
        city = City.objects.get(name_en=row["city"], country=row["country"])
        fields = {f"description_{code}": row.get(f"description_{code}", "") for code in LANGUAGES}
        if any(getattr(city, field) != value for field, value in fields.items()):
            city_services.update_city(city, **fields)
        count += 1
    report(f"Descriptions: {count} cities")


def seed_network_figures(report):
    """The network's official counts (gnlc-facts §2.6), one per date; a second run changes
    nothing."""
    for row in read_rows("network_figures.csv"):
        as_of = datetime.date.fromisoformat(row["as_of"])
        fields = {
            "as_of_precision": row["as_of_precision"],
            "members": int(row["members"]),
            "countries": _integer(row["countries"]),
            "confirmed": row["confirmed"] == "yes",
            "source_url": row["source_url"],
            "sources": row["source_url"],
            "editor_note": row["editor_note"],
            **{f"note_{code}": row.get(f"note_{code}", "") for code in LANGUAGES},
        }
        figure = NetworkFigure.objects.filter(as_of=as_of).first()
        if figure is None:
            NetworkFigure.objects.create(as_of=as_of, **fields)
        elif any(getattr(figure, field) != value for field, value in fields.items()):
            for field, value in fields.items():
                setattr(figure, field, value)
            figure.save()
    report(f"Network figures: {NetworkFigure.objects.count()}")


def seed_cluster_roles(report):
    count = 0
    for row in read_rows("cluster_roles.csv"):
        city = City.objects.get(name_en=row["city"], country=row["country"])
        cluster = Cluster.objects.get(slug=row["cluster"])
        city_services.set_cluster_role(city, cluster, role=row["role"] or ClusterRole.MEMBER)
        count += 1
    report(f"Cluster roles: {count}")


def seed_national_commissions(report):
    """A National Commission for each country of the demo network, from
    national_commissions.csv: an example.org address for all but one country (the
    Netherlands), so that the demo shows both paths of a submission: the link e-mailed to the
    Commission, and UIL obtaining the decision when no address is on file. Named after the
    country (the demo data has no Commission's official name). A Commission already on file
    is left as it is."""
    made = 0
    with translation.override("en"):
        for row in read_rows("national_commissions.csv"):
            _commission, created = NationalCommission.objects.get_or_create(
                country=row["country"],
                defaults={
                    "name": f"National Commission for UNESCO of {Country(row['country']).name}",
                    "emails": row["emails"],
                    "language": row["language"],
                },
            )
            made += created
    without = NationalCommission.objects.filter(emails="").values_list("country", flat=True)
    report(f"National Commissions: {made} new; without an e-mail address: {', '.join(without)}")


def seed_open_call(report, *, today=None):
    """A membership call open now (demo), so that applying can be tried after `make run`.

    Idempotent: one demo call, its dates moved to stay open around today."""
    today = today or timezone.localdate()
    zone = ZoneInfo("Europe/Berlin")
    opens = datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(9), zone)
    closes = datetime.datetime.combine(
        today + datetime.timedelta(days=45), datetime.time(23, 59), zone
    )
    call, _ = MembershipCall.objects.update_or_create(
        title_en=DEMO_CALL_TITLE["en"],
        defaults={
            **{f"title_{code}": DEMO_CALL_TITLE[code] for code in LANGUAGES if code != "en"},
            "opens_at": opens,
            "closes_at": closes,
            "time_zone": "Europe/Berlin",
            "quota_per_country": 3,
            "commission_deadline": closes + datetime.timedelta(days=30),
            "announcement_on": (closes + datetime.timedelta(days=120)).date(),
        },
    )
    report(f"Membership call: {call.title_en}, open until {closes:%Y-%m-%d %H:%M} (Europe/Berlin)")
    return call


def demo_password():
    """A new password for the demo accounts at each seeding, printed with them: never one
    written in the code, which anyone could read and try on a portal seeded by mistake."""
    return secrets.token_urlsafe(12)


def seed_demo_staff(report, password):
    """A staff account of the Secretariat, printed so that the admin can be tried."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        email=DEMO_STAFF_EMAIL,
        defaults={"full_name": "Demo Secretariat", "is_staff": True},
    )
    user.set_password(password)
    user.save()
    user.groups.add(ensure_secretariat_group())
    # Staff sign in through allauth's page (the admin's login sends there): a known address.
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_STAFF_EMAIL, defaults={"verified": True, "primary": True}
    )
    report(
        f"Demo staff account ({SECRETARIAT_GROUP}): {DEMO_STAFF_EMAIL} / {password}"
        " — log in at /admin/"
    )


def seed_synthetic(count, report, *, batch_size=1000):
    """Add `count` generated members (slug synthetic-NNNNN) for load tests; repeatable.

    They are written with bulk_create, after the same derivations save() applies, because
    50,000 single saves would take minutes; each gets its dated "active" record.
    """
    anchors = list(
        City.objects.exclude(slug__startswith="synthetic-")
        .exclude(latitude=None)
        .values_list("country", "latitude", "longitude")
    ) or [("DE", Decimal("53.55"), Decimal("10.0"))]
    existing = set(
        City.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
    )
    rng = random.Random(2013)
    pending = []
    made = 0
    for number in range(1, count + 1):
        country, lat, lon = anchors[rng.randrange(len(anchors))]
        jitter_lat, jitter_lon = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
        year = rng.randint(2015, 2025)
        population = rng.randint(20_000, 3_000_000)
        slug = f"synthetic-{number:05d}"
        if slug in existing:
            continue
        city = City(
            slug=slug,
            name_en=f"Synthetic City {number:05d}",
            name_fr=f"Ville synthétique {number:05d}",
            name_es=f"Ciudad sintética {number:05d}",
            country=country,
            member_since=year,
            population=population,
            population_source="synthetic",
            latitude=max(min(lat + Decimal(str(round(jitter_lat, 5))), Decimal(90)), Decimal(-90)),
            longitude=max(
                min(lon + Decimal(str(round(jitter_lon, 5))), Decimal(180)), Decimal(-180)
            ),
        )
        city.refresh_derived_fields()
        pending.append(city)
        if len(pending) >= batch_size:
            made += _flush_synthetic(pending)
            report(f"  … {made} synthetic cities written")
    made += _flush_synthetic(pending)
    report(f"Synthetic cities: {made} new ({len(existing) + made} in all)")


def _flush_synthetic(pending):
    if not pending:
        return 0
    with transaction.atomic():
        cities = City.objects.bulk_create(pending)
        MembershipStatusChange.objects.bulk_create(
            MembershipStatusChange(
                city=city,
                status=MembershipStatus.ACTIVE,
                since=datetime.date(city.member_since, 1, 1),
                note="Synthetic city for load tests",
            )
            for city in cities
        )
    bump_content_version()
    written = len(pending)
    pending.clear()
    return written


def seed_all(*, synthetic=0, demo_accounts=False, report=print):
    """The whole demo network; `synthetic` generated cities on top for load tests."""
    with transaction.atomic():
        seed_clusters(report)
        seed_cities(report)
        seed_descriptions(report)
        seed_cluster_roles(report)
        seed_network_figures(report)
        # After the cities: every award belongs to a member city.
        from .seed_awards import seed_awards  # seed_awards imports this module

        seed_awards(report)
        from .seed_conferences import seed_conferences  # after the awards it links to

        seed_conferences(report)
        seed_national_commissions(report)
        seed_open_call(report)
    if demo_accounts:
        from .seed_jury import seed_demo_jury  # seed_jury needs the awards seeded above

        password = demo_password()
        seed_demo_staff(report, password)
        seed_demo_jury(report, password)
        from .seed_reporting import seed_demo_reporting  # needs the demo staff account

        seed_demo_reporting(report, password)
    if synthetic:
        seed_synthetic(synthetic, report)
