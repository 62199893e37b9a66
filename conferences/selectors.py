"""The reads of the public conference pages, each with its related rows fetched on purpose."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from awards.models import Award
from cities.models import City
from gnlc.core import dates, languages

from .enums import DOCUMENT_LANGUAGES, OUTCOME_KINDS, ConferenceStatus, DocumentKind, SessionKind
from .models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion, Speaker


def conference_list():
    """All confirmed editions, newest first, each with its host city: one query."""
    return list(Conference.objects.public().select_related("host_city").order_by("-number"))


def next_conference():
    """The next planned edition (lowest number first) with its host, or None: one query."""
    return (
        Conference.objects.public()
        .filter(status=ConferenceStatus.PLANNED)
        .select_related("host_city")
        .order_by("number")
        .first()
    )


def conference_detail(slug):
    """One confirmed conference with its confirmed documents and awards: everything its page
    shows, in a number of queries that does not
    depend on the number of sessions, speakers, documents, versions or winners; 404 if unknown.

    Queries: the conference with its host and award cycle, sessions, their speakers,
    documents, their versions, the cities they feature, the winners with their cities (7).
    """
    sessions = ConferenceSession.objects.prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("name"))
    )
    documents = ConferenceDocument.objects.public().prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("language")),
        Prefetch("featured_cities", queryset=City.objects.order_by("name_en")),
    )
    awards = Award.objects.filter(confirmed=True).select_related("city").order_by("city__name_en")
    queryset = (
        Conference.objects.public()
        .select_related("host_city", "award_cycle")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions),
            Prefetch("documents", queryset=documents),
            Prefetch("award_cycle__awards", queryset=awards),
        )
    )
    return get_object_or_404(queryset, slug=slug)


# A heading over several sessions of one kind names them in the plural.
SESSION_GROUP_LABELS = {
    SessionKind.PLENARY: _("Plenary sessions"),
    SessionKind.MAYORS_FORUM: _("Mayors' forums"),
    SessionKind.THEMATIC_FORUM: _("Thematic forums"),
    SessionKind.REGIONAL_FORUM: _("Regional forums"),
    SessionKind.PARALLEL_SESSION: _("Parallel sessions"),
}


def _session_group_label(kind, sessions):
    if len(sessions) > 1 and kind in SESSION_GROUP_LABELS:
        return SESSION_GROUP_LABELS[kind]
    return SessionKind(kind).label if kind in SessionKind.values else kind


def programme(conference):
    """[(kind label, [sessions])] in SessionKind order, then by each session's order; the
    label is plural over several sessions ("Plenary sessions")."""
    rank = {kind.value: index for index, kind in enumerate(SessionKind)}
    sessions = sorted(
        conference.sessions.all(), key=lambda s: (rank.get(s.kind, len(rank)), s.order, s.pk)
    )
    groups = [(kind, list(group)) for kind, group in groupby(sessions, key=lambda s: s.kind)]
    return [(_session_group_label(kind, group), group) for kind, group in groups]


# A group's heading names its documents in the plural where there may be several.
GROUP_LABELS = {
    DocumentKind.REPORT: _("Reports"),
    DocumentKind.PUBLICATION: _("Publications"),
    DocumentKind.CONCEPT_NOTE: _("Concept notes"),
    DocumentKind.FLYER: _("Flyers"),
    DocumentKind.OTHER: _("Other documents"),
}


def document_groups(conference, language=None):
    """[(group key, label, [documents])]: outcome documents first, then the other kinds in
    DocumentKind order. Each document gets `ordered_versions`: the visitor's language first,
    then the others in the order of DOCUMENT_LANGUAGES."""
    # Documents name their language without a script ("zh"), the site "zh-hans".
    language = languages.current(language).split("-")[0]
    lang_rank = {code: index for index, (code, _label) in enumerate(DOCUMENT_LANGUAGES)}
    kind_rank = {kind.value: index for index, kind in enumerate(DocumentKind)}
    documents = sorted(
        conference.documents.all(),
        key=lambda d: (
            d.kind not in OUTCOME_KINDS,
            0 if d.kind in OUTCOME_KINDS else kind_rank.get(d.kind, len(kind_rank)),
            d.order,
            d.pk,
        ),
    )
    for document in documents:
        document.ordered_versions = sorted(
            document.versions.all(),
            key=lambda v: (v.language != language, lang_rank.get(v.language, len(lang_rank))),
        )
    groups = []
    for key, group in groupby(
        documents, key=lambda d: "outcome" if d.kind in OUTCOME_KINDS else d.kind
    ):
        if key == "outcome":
            label = _("Outcome documents")
        else:
            label = GROUP_LABELS.get(key) or (DocumentKind(key).label if key in kind_rank else key)
        groups.append((key, label, list(group)))
    return groups


def date_range(conference):
    """The days of a conference in the active language, e.g. "28–30 September 2015";
    the text of a planned one's dates when its days are not fixed."""
    start, end = conference.starts_on, conference.ends_on
    if not start:
        return conference.dates_text
    full = dates.day(start)
    if not end or end == start:
        return full
    end_full = dates.day(end)
    if languages.current() == "zh-hans":
        # "2015年9月28日至30日", "2019年9月28日至10月2日": the end without what repeats.
        if (start.year, start.month) == (end.year, end.month):
            return f"{full}至{end.day}日"
        if start.year == end.year:
            return f"{full}至{dates.day_month(end)}"
        return f"{full}至{end_full}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end_full}"
    if start.year == end.year:
        return f"{dates.day_month(start)} – {end_full}"
    return f"{full} – {end_full}"
