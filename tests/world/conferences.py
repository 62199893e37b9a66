"""The conference archive. It is plain data that staff edit in the admin (no service writes
it, nothing in it has a state), so these builders only give the rows their defaults."""

from conferences.models import (
    Conference,
    ConferenceDocument,
    ConferenceSession,
    DocumentVersion,
    Speaker,
)


def conference(number, *, host=None, **fields):
    """The `number`th International Conference on Learning Cities, hosted by the member city
    `host` if it is one; slug "iclc-<number>" and title "Conference number <number>" unless
    given."""
    fields.setdefault("slug", f"iclc-{number}")
    fields.setdefault("title_en", f"Conference number {number}")
    return Conference.objects.create(number=number, host_city=host, **fields)


def session(conference, kind, title, *, order=0, speakers=(), **fields):
    made = ConferenceSession.objects.create(
        conference=conference, kind=kind, title_en=title, order=order, **fields
    )
    made.speakers.add(*speakers)
    return made


def speaker(name, **fields):
    return Speaker.objects.create(name=name, **fields)


def document(conference, kind, title, *, versions=None, order=0, **fields):
    """A document of the conference with one version per language of `versions`
    ({language: link}, or {language: {DocumentVersion fields}})."""
    made = ConferenceDocument.objects.create(
        conference=conference, kind=kind, title_en=title, order=order, **fields
    )
    for language, version in (versions or {}).items():
        version = {"url": version} if isinstance(version, str) else version
        DocumentVersion.objects.create(document=made, language=language, **version)
    return made
