"""The International Conferences on Learning Cities (gnlc-facts §4, §6.1 and the seeds of the
2nd conference): the seven editions, their sessions, documents and language versions, from
conference*.csv beside this module.

History, not a workflow: rows are written with update_or_create (idempotent), and rows the
files no longer list (sessions, language versions) are removed. What the sources leave
UNCERTAIN stays out of the public columns: it is described in the staff-only provenance
(`editor_note`, `sources`), and a record whose existence is unconfirmed has `confirmed` false.
"""

import datetime

from django.conf import settings

from awards.models import AwardCycle
from cities.models import City
from conferences.models import (
    Conference,
    ConferenceDocument,
    ConferenceSession,
    DocumentVersion,
    Speaker,
)
from gnlc.core.public_cache import bump_content_version

from .seed import read_rows

# Field suffixes of the languages ("zh_hans"), as the CSV columns name them.
LANGUAGES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]

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


def _provenance(row):
    """The staff-only provenance columns of a row."""
    return {
        "confirmed": row["confirmed"] != "false",
        "sources": "\n".join(row["sources"].split()),
        "editor_note": row.get("editor_note", "").strip(),
        "checked_on": _date(row.get("checked_on", "")),
    }


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
            "speakers_page": row["speakers_page"],
            "materials_page": row["materials_page"],
            **_provenance(row),
            "award_cycle": (
                AwardCycle.objects.filter(year=award_year).first() if award_year else None
            ),
        }
        conference, _ = Conference.objects.update_or_create(
            number=int(row["number"]), defaults=defaults
        )
        conferences[conference.number] = conference
    report(f"Conferences: {len(conferences)}")
    return conferences


def seed_speakers(report):
    """The speakers the sources name (gnlc-facts §4.2-§4.7), keyed by the files' `key`."""
    speakers = {}
    for row in read_rows("conference_speakers.csv"):
        speakers[row["key"]], _ = Speaker.objects.update_or_create(
            name=row["name"],
            defaults={**_translated(row, "title", "organisation"), "country": row["country"]},
        )
    report(f"Conference speakers: {len(speakers)}")
    return speakers


def seed_conference_sessions(conferences, speakers, report):
    kept = {}
    for row in read_rows("conference_sessions.csv"):
        conference = conferences[int(row["conference"])]
        session, _ = ConferenceSession.objects.update_or_create(
            conference=conference,
            order=int(row["order"]),
            defaults={
                **_translated(row, "title", "introduction", "key_question", "objective"),
                "kind": row["kind"],
                "region": row["region"],
            },
        )
        session.speakers.set([speakers[key] for key in row["speakers"].split()])
        kept.setdefault(conference.pk, []).append(session.pk)
    for conference in conferences.values():
        conference.sessions.exclude(pk__in=kept.get(conference.pk, [])).delete()
    report(f"Conference sessions: {sum(len(pks) for pks in kept.values())}")


def seed_conference_documents(conferences, report):
    documents = {}
    for row in read_rows("conference_documents.csv"):
        number, order = int(row["conference"]), int(row["order"])
        document, _ = ConferenceDocument.objects.update_or_create(
            conference=conferences[number],
            order=order,
            defaults={
                **_translated(row, "title", "description"),
                **_provenance(row),
                "kind": row["kind"],
            },
        )
        if row["featured_award_year"]:
            # A case-study book features the winners of one award cycle.
            document.featured_cities.set(
                City.objects.filter(awards__cycle__year=int(row["featured_award_year"]))
            )
        documents[number, order] = document
    # A version is the document in that language: only the links the sources give to it.
    kept = []
    for row in read_rows("conference_document_versions.csv"):
        version, _ = DocumentVersion.objects.update_or_create(
            document=documents[int(row["conference"]), int(row["document"])],
            language=row["language"],
            defaults={"title": row["title"], "url": row["url"]},
        )
        version.full_clean()
        kept.append(version.pk)
    DocumentVersion.objects.filter(
        document__in=[d.pk for d in documents.values()], file=""
    ).exclude(pk__in=kept).delete()
    report(f"Conference documents: {len(documents)} ({len(kept)} language versions)")


def seed_conferences(report):
    """The seven editions with their sessions and documents; safe to run again."""
    conferences = seed_conference_editions(report)
    speakers = seed_speakers(report)
    seed_conference_sessions(conferences, speakers, report)
    seed_conference_documents(conferences, report)
    bump_content_version()
