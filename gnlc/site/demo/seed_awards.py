"""The history of the UNESCO Learning City Award (gnlc-facts §3): the five real cycles with
their rules, the 2024 criteria and the 58 awards, from award_*.csv beside this module.

History is not a workflow: there is no application, jury or decision to replay, so the rows
are written with update_or_create (idempotent) rather than through the award services.
"""

import datetime

from django.conf import settings

from awards.enums import CyclePhase
from awards.models import Award, AwardCycle, Criterion
from cities import services as city_services
from cities.models import City
from gnlc.core.public_cache import bump_content_version

from .seed import read_rows

# Field suffixes of the languages ("zh_hans"), as the CSV columns name them.
LANGUAGES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]


def _translated(row, field):
    return {f"{field}_{code}": row.get(f"{field}_{code}", "").strip() for code in LANGUAGES}


def _cycle_defaults(row):
    defaults = {
        **_translated(row, "title"),
        **_translated(row, "conference"),
        **_translated(row, "description"),
        "conferred_on": (
            datetime.date.fromisoformat(row["conferred_on"]) if row["conferred_on"] else None
        ),
        "nominations_per_country": int(row["nominations_per_country"]),
        "one_winner_per_country": row["one_winner_per_country"] == "true",
        "max_winners_per_region": int(row["max_winners_per_region"] or 0) or None,
    }
    # An empty cell is a rule the sources do not state for that cycle: it stays unknown.
    for field in ("min_membership_months", "years_before_winning_again"):
        defaults[field] = int(row[field]) if row[field] else None
    return defaults


def seed_award_cycles(report):
    cycles = {}
    for row in read_rows("award_cycles.csv"):
        defaults = _cycle_defaults(row)
        # History is recorded, not replayed: a past cycle is born published (the one door to
        # "published", publish_results, needs the applications and jury it never had here).
        cycle, _ = AwardCycle.objects.update_or_create(
            year=int(row["year"]),
            defaults=defaults,
            create_defaults={**defaults, "phase": CyclePhase.PUBLISHED},
        )
        cycles[cycle.year] = (cycle, row)
    report(f"Award cycles: {len(cycles)} ({', '.join(str(year) for year in cycles)})")
    return cycles


def seed_award_criteria(cycles, report):
    count = 0
    for row in read_rows("award_criteria.csv"):
        cycle, _ = cycles[int(row["year"])]
        Criterion.objects.update_or_create(
            cycle=cycle,
            order=int(row["order"]),
            defaults={**_translated(row, "name"), "weight": row["weight"] or 1},
        )
        count += 1
    report(f"Award criteria: {count}")


def _member(name, country, report):
    """The member city of an award row; created only if cities.csv lacks it."""
    city = City.objects.filter(name_en=name, country=country).first()
    if city is None:
        city = city_services.create_city(
            name=name, country=country, note="Award winner (gnlc-facts §3.5)"
        )
        report(f"  created member {name} ({country}) for its award")
    return city


def seed_award_winners(cycles, report):
    count = 0
    for row in read_rows("award_winners.csv"):
        cycle, _ = cycles[int(row["year"])]
        city = _member(row["city"], row["country"], report)
        # A citation only where a source says why the city was chosen; the award's and the
        # citation's sources go to the staff-only provenance.
        Award.objects.update_or_create(
            cycle=cycle,
            city=city,
            defaults={
                **_translated(row, "citation"),
                "confirmed": True,
                "sources": "\n".join(row["sources"].split()),
            },
        )
        count += 1
    cities = Award.objects.values("city").distinct().count()
    report(f"Awards: {count} in the data ({cities} distinct cities)")


def seed_awards(report):
    """The five real cycles, the 2024 criteria and the winners; safe to run again."""
    cycles = seed_award_cycles(report)
    seed_award_criteria(cycles, report)
    seed_award_winners(cycles, report)
    # Award rows send no signal of their own; the directory's award facets must be recomputed.
    bump_content_version()
