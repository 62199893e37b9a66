"""The International Conferences on Learning Cities (gnlc-facts §4, §6.1 and the seeds of the
2nd conference): the seven editions, their sessions, documents and language versions, from
conference*.csv beside this module.

History, not a workflow: rows are written with update_or_create (idempotent). Facts the
sources mark UNCERTAIN are left out or labelled as unconfirmed in the data files themselves.
"""

import datetime

from django.conf import settings

from awards.models import AwardCycle
from cities.models import City
from conferences.models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion
from gnlc.core.public_cache import bump_content_version

from .seed import read_rows

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES

CONFERENCE_FIELDS = (
    "title",
    "theme",
    "host_name",
    "venue",
    "dates_text",
    "participants",
    "countries",
    "speakers_figure",
    "media",
    "figures_note",
    "summary",
    "objectives",
    "contact",
)


def _translated(row, *fields):
    return {
        f"{field}_{code}": row.get(f"{field}_{code}", "").strip()
        for field in fields
        for code in LANGUAGES
    }


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _host(row, report):
    if not row["host_city"]:
        return None
    city = City.objects.filter(name_en=row["host_city"], country=row["country"]).first()
    if city is None:
        report(f"  host {row['host_city']} ({row['country']}) is not a seeded member: not linked")
    return city


def seed_conference_editions(report):
    conferences = {}
    for row in read_rows("conferences.csv"):
        award_year = int(row["award_year"]) if row["award_year"] else None
        defaults = {
            **_translated(row, *CONFERENCE_FIELDS),
            "slug": row["slug"],
            "status": row["status"],
            "host_city": _host(row, report),
            "country": row["country"],
            "starts_on": _date(row["starts_on"]),
            "ends_on": _date(row["ends_on"]),
            "hashtags": row["hashtags"],
            "website": row["website"],
            "award_cycle": (
                AwardCycle.objects.filter(year=award_year).first() if award_year else None
            ),
            "sources": "\n".join(row["sources"].split()),
        }
        conference, _ = Conference.objects.update_or_create(
            number=int(row["number"]), defaults=defaults
        )
        conferences[conference.number] = conference
    report(f"Conferences: {len(conferences)}")
    return conferences


def seed_conference_sessions(conferences, report):
    count = 0
    for row in read_rows("conference_sessions.csv"):
        ConferenceSession.objects.update_or_create(
            conference=conferences[int(row["conference"])],
            order=int(row["order"]),
            defaults={
                **_translated(row, "title", "key_question", "objective"),
                "kind": row["kind"],
                "region": row["region"],
            },
        )
        count += 1
    report(f"Conference sessions: {count}")


def seed_conference_documents(conferences, report):
    documents = {}
    for row in read_rows("conference_documents.csv"):
        number, order = int(row["conference"]), int(row["order"])
        document, _ = ConferenceDocument.objects.update_or_create(
            conference=conferences[number],
            order=order,
            defaults={**_translated(row, "title", "description"), "kind": row["kind"]},
        )
        if row["featured_award_year"]:
            # A case-study book features the winners of one award cycle.
            document.featured_cities.set(
                City.objects.filter(awards__cycle__year=int(row["featured_award_year"]))
            )
        documents[number, order] = document
    versions = 0
    for row in read_rows("conference_document_versions.csv"):
        DocumentVersion.objects.update_or_create(
            document=documents[int(row["conference"]), int(row["document"])],
            language=row["language"],
            defaults={"title": row["title"], "url": row["url"]},
        )
        versions += 1
    report(f"Conference documents: {len(documents)} ({versions} language versions)")


def seed_conferences(report):
    """The seven editions with their sessions and documents; safe to run again."""
    conferences = seed_conference_editions(report)
    seed_conference_sessions(conferences, report)
    seed_conference_documents(conferences, report)
    bump_content_version()
