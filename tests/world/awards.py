"""Award cycles in any phase, their criteria, applications in any state, the jury's work, and
the award's history."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards import services
from awards.enums import PHASE_ORDER, AwardApplicationState, CyclePhase, NominationDecision
from awards.models import Award, AwardCycle, Criterion

from .clock import clock_at
from .members import focal_point
from .membership import PDF
from .people import reviewer

State = AwardApplicationState


def award_cycle(
    year,
    *,
    phase=CyclePhase.ANNOUNCED,
    criteria=(),
    applicants=(),
    winners=(),
    by=None,
    **fields,
):
    """An award cycle as staff create it in the admin (`fields` are its rules and dates; the
    title defaults to "UNESCO Learning City Award <year>"), with its `criteria` (names, or
    dicts of Criterion fields, in order), moved to `phase` by advance_to.

    `applicants` are (city, state) pairs: each city applies while the cycle is open and its
    application is taken to `state` (award_application), before the cycle moves on. A cycle
    that takes applications needs `opens_at` and `closes_at`. A cycle published this way
    names its `winners` (cities among the shortlisted applicants)."""
    fields.setdefault("title_en", f"UNESCO Learning City Award {year}")
    cycle = AwardCycle.objects.create(year=year, **fields)
    for item in criteria:
        item = {"name": item} if isinstance(item, str) else dict(item)
        criterion(cycle, item.pop("name"), **item)
    if applicants:
        advance_to(cycle, CyclePhase.OPEN, by=by)
        for city, state in applicants:
            award_application(cycle, city, state, by=by)
    won = [cycle.applications.get(city=city, state=State.SHORTLISTED) for city in winners]
    advance_to(cycle, phase, by=by, winners=won)
    return cycle


def advance_to(cycle, phase, *, by=None, winners=(), citations=None):
    """Walk `cycle` forward to `phase` with services.advance_phase, one phase at a time, as
    staff do in the admin (`by`, default world.reviewer(), is kept in the cycle's history).

    "published" has one door, services.publish_results, from deliberation: it needs the
    `winners` (shortlisted applications of the cycle) and takes `citations` ({application
    pk: {"en": ...}}, default "For <city>." in English)."""
    if PHASE_ORDER.index(phase) < PHASE_ORDER.index(cycle.phase):
        raise ValueError(f"A cycle in {cycle.phase} cannot go back to {phase}.")
    while cycle.phase != phase:
        by = by or reviewer()
        if phase == CyclePhase.PUBLISHED and cycle.phase == CyclePhase.DELIBERATION:
            if citations is None:
                citations = {w.pk: {"en": f"For {w.city.name_en}."} for w in winners}
            services.publish_results(cycle, winners=winners, citations=citations, by=by)
        else:
            services.advance_phase(cycle, by=by)
    return cycle


def criterion(cycle, name, *, order=None, **fields):
    """A criterion of `cycle` (English name `name`), after the last one unless `order` is
    given; `fields` are weight, word_limit, name_fr, ..."""
    if order is None:
        order = cycle.criteria.count() + 1
    return Criterion.objects.create(cycle=cycle, order=order, name_en=name, **fields)


def _consent_form():
    return SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf")


_STEPS = {
    "submit": lambda a, focal, by, note: services.submit_award_application(a, by=focal),
    "nominate": lambda a, focal, by, note: _commission_decides(a, NominationDecision.NOMINATE),
    "decline": lambda a, focal, by, note: _commission_decides(a, NominationDecision.DECLINE),
    "eligible": lambda a, focal, by, note: services.screen_application(
        a, eligible=True, reason=note, by=by
    ),
    "not eligible": lambda a, focal, by, note: services.screen_application(
        a, eligible=False, reason=note or "Outside the rules of the cycle.", by=by
    ),
    "shortlist": lambda a, focal, by, note: services.shortlist_application(a, by=by),
    "withdraw": lambda a, focal, by, note: services.withdraw_award_application(a, by=focal),
}
# The steps to each state; a withdrawn application takes those of `withdrawn_from` first.
_PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.NOMINATED: ["submit", "nominate"],
    State.NOT_NOMINATED: ["submit", "decline"],
    State.ELIGIBLE: ["submit", "nominate", "eligible"],
    State.NOT_ELIGIBLE: ["submit", "nominate", "not eligible"],
    State.SHORTLISTED: ["submit", "nominate", "eligible", "shortlist"],
}


def _commission_decides(application, decision):
    """The National Commission answers through the link the submission sent it."""
    invitation = application.nomination_invitations.filter(used_at=None).first()
    services.record_nomination(
        invitation, decision=decision, signed_by="Secretary-General of the National Commission"
    )


def award_application(
    cycle,
    city,
    state=State.DRAFT,
    *,
    by=None,
    at=None,
    answer="{city} on {criterion}.",
    screening_note="",
    withdrawn_from=State.DRAFT,
):
    """The application of `city` to `cycle`, taken to `state` through the workflow's verbs.

    The city's focal point (one is made if the city has none: world.focal_point) starts it,
    answers every criterion (`answer`, with {city} and {criterion} filled in) and uploads the
    consent form; then, as `state` requires, submits, the National Commission nominates or
    declines through its link, staff (`by`, default world.reviewer()) screen (with
    `screening_note`) and shortlist; a withdrawn application is withdrawn by the focal point
    once it has reached `withdrawn_from` (default: as a draft).

    The cycle must be open (phase "open"): with the clock at `at`, else now if its window is
    open now, else one day after it opened. "awarded" and "not awarded" are reached only
    through publish_results: advance_to(cycle, PUBLISHED, winners=...)."""
    if state == State.WITHDRAWN:
        path = _PATHS[withdrawn_from] + ["withdraw"]
    elif state in _PATHS:
        path = _PATHS[state]
    else:
        raise ValueError(f"An application becomes {state} when the results are published.")
    if cycle.phase != CyclePhase.OPEN:
        raise ValueError(
            f"The cycle is in {cycle.phase}: applications are built while it is open "
            "(award_cycle(..., applicants=...), or advance_to after building them)."
        )
    if {"eligible", "not eligible", "shortlist"} & set(path):
        by = by or reviewer()
    focal = city.focal_point or focal_point(city)
    if at is None and not cycle.is_open():
        at = cycle.opens_at + datetime.timedelta(days=1)
    with clock_at(at):
        application = services.start_award_application(city=city, cycle=cycle, by=focal)
        answers = {c.pk: answer.format(city=city, criterion=c.name) for c in cycle.criteria.all()}
        services.save_answers(application, answers=answers, by=focal)
        services.set_consent_form(application, file=_consent_form(), by=focal)
        for step in path:
            _STEPS[step](application, focal, by, screening_note)
    application.refresh_from_db()
    assert application.state == state, (application.state, state)
    return application


def assign(application, juror, *, by=None):
    """Assign `juror` to `application` (services.assign_juror: a juror of the city's country
    is in conflict automatically)."""
    return services.assign_juror(application, juror, by=by or reviewer())


def review(assignment, criteria, values, *, submit=True):
    """The juror's scores of `criteria`, one value each in order (comment "c<value>"), then the
    review submitted unless `submit=False`."""
    for item, value in zip(criteria, values, strict=True):
        services.record_score(assignment, item, value=value, comment=f"c{value}")
    if submit:
        services.submit_review(assignment)
    return assignment


def past_award_cycle(year, *, winners=(), **fields):
    """A cycle of the award's history: created published, with an Award for each city of
    `winners`, as gnlc/site/demo/seed_awards.py records the real ones.

    History is recorded, not replayed: the portal's one door to "published" is
    publish_results, which needs shortlisted applications, a jury and a decision, and the
    history has none of them (its winners may even have left the network since). Nothing is
    invented for it; the cycle is born in its last phase rather than moved there."""
    fields.setdefault("title_en", f"UNESCO Learning City Award {year}")
    cycle = AwardCycle.objects.create(year=year, phase=CyclePhase.PUBLISHED, **fields)
    for city in winners:
        award(cycle, city)
    return cycle


def award(cycle, city, **fields):
    """An Award as staff record it on the admin's award page: history, or a winner entered
    before the results are published (`fields`: citation_en, ...)."""
    return Award.objects.create(cycle=cycle, city=city, **fields)
