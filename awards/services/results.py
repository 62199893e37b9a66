"""The end of a cycle: moving it through its phases and publishing its results (SPEC §4).

`advance_phase` is the one door for the cycle's phase until deliberation; `publish_results` is
the one door to "published": it applies the cycle's rules to the winners staff picked, creates
the Awards with their citations, closes every remaining candidate with an AwardEvent and
e-mails each city's focal point after commit. The cycle's own changes are recorded by
simple_history (there is no cycle event model).
"""

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from cities.enums import Region
from gnlc.core.mail import send_templated_mail

from ..enums import PHASE_ORDER, AwardApplicationState, AwardEventKind, CyclePhase
from ..models import Award, AwardApplication, AwardCycle
from .workflow import AWARD_APPLICATION, AwardError

State = AwardApplicationState
CANDIDATE_STATES = (State.SHORTLISTED, State.ELIGIBLE)
CITATION_LANGUAGES = ("en", "fr", "es")


def _lock_cycle(cycle):
    return AwardCycle.objects.select_for_update().get(pk=cycle.pk)


def _save_phase(cycle, phase, *, by, reason):
    cycle.phase = phase
    # simple_history reads these two attributes when it writes the historical row.
    cycle._history_user = by
    cycle._change_reason = reason
    cycle.save(update_fields=["phase"])


@transaction.atomic
def advance_phase(cycle, *, by):
    """Move `cycle` to the next phase of PHASE_ORDER (who and when are kept in its history).

    Refused once the results are published, and from deliberation, where only
    `publish_results` leads on. Returns the locked, updated cycle."""
    locked = _lock_cycle(cycle)
    current = CyclePhase(locked.phase)
    if current == CyclePhase.PUBLISHED:
        raise AwardError(_("The results of this cycle are published: it has no next phase."))
    following = PHASE_ORDER[PHASE_ORDER.index(current) + 1]
    if following == CyclePhase.PUBLISHED:
        raise AwardError(_("The cycle is in deliberation: publish its results to close it."))
    _save_phase(
        locked,
        following,
        by=by,
        reason=_("Phase: %(from)s → %(to)s") % {"from": current.label, "to": following.label},
    )
    cycle.phase = locked.phase
    return locked


def _check_rules(cycle, winners):
    """The cycle's limits on the winners (counting any Award already recorded for it)."""
    cities = [w.city for w in winners] + [
        award.city for award in Award.objects.filter(cycle=cycle).select_related("city")
    ]
    if cycle.one_winner_per_country:
        per_country = Counter(city.country.code for city in cities)
        for city in cities:
            if per_country[city.country.code] > 1:
                raise AwardError(
                    _("At most one winner per country in this cycle: %(country)s has %(count)s.")
                    % {"country": city.country.name, "count": per_country[city.country.code]}
                )
    limit = cycle.max_winners_per_region
    if limit is not None:
        per_region = Counter(city.region for city in cities)
        for region, count in sorted(per_region.items()):
            if region and count > limit:
                raise AwardError(
                    _(
                        "At most %(limit)s winners per region in this cycle: %(region)s has "
                        "%(count)s."
                    )
                    % {"limit": limit, "region": Region(region).label, "count": count}
                )


def _citation_fields(application, citations):
    texts = citations.get(application.pk) or citations.get(str(application.pk)) or {}
    fields = {f"citation_{code}": (texts.get(code) or "").strip() for code in CITATION_LANGUAGES}
    if not fields["citation_en"]:
        raise AwardError(
            _("Write the citation of %(city)s, at least in English.") % {"city": application.city}
        )
    return fields


def _checked_results(cycle, candidates, winners, citations):
    """The citations of the winners ({application pk: fields}) once every rule of the
    publication holds for `cycle` as it is and its `candidates` (its shortlisted or eligible
    applications by pk); AwardError naming the first that does not."""
    if cycle.phase == CyclePhase.PUBLISHED:
        raise AwardError(_("The results of this cycle are already published."))
    if cycle.phase != CyclePhase.DELIBERATION:
        raise AwardError(
            _("Results are published from the deliberation phase; this cycle is in “%(phase)s”.")
            % {"phase": CyclePhase(cycle.phase).label}
        )
    winner_ids = list(dict.fromkeys(winner.pk for winner in winners))
    if not winner_ids:
        raise AwardError(_("Pick at least one winner."))
    for pk in winner_ids:
        if pk not in candidates or candidates[pk].state != State.SHORTLISTED:
            raise AwardError(_("Only shortlisted applications of this cycle can win."))
    chosen = [candidates[pk] for pk in winner_ids]
    _check_rules(cycle, chosen)
    return {application.pk: _citation_fields(application, citations) for application in chosen}


def results_plan(cycle, *, winners, citations):
    """What publish_results would do now, read without writing, for the page where staff
    confirm it: (the winning applications, the applications that would not be awarded), each
    with its city and focal point. Raises the AwardError publish_results would raise."""
    cycle = AwardCycle.objects.get(pk=cycle.pk)
    candidates = {
        application.pk: application
        for application in AwardApplication.objects.filter(cycle=cycle, state__in=CANDIDATE_STATES)
        .select_related("city", "city__focal_point")
        .order_by("pk")
    }
    texts = _checked_results(cycle, candidates, winners, citations)
    won = [application for pk, application in candidates.items() if pk in texts]
    lost = [application for pk, application in candidates.items() if pk not in texts]
    return won, lost


def result_recipient(application):
    """The address the result of `application` is e-mailed to ("" when none is on file)."""
    account = application.city.focal_point
    return (account.email if account else "") or application.city.focal_point_email


@transaction.atomic
def publish_results(cycle, *, winners, citations, by):
    """Publish the results of `cycle`, which must be in deliberation.

    `winners` are shortlisted applications of the cycle (AWARD_TRANSITIONS leads to awarded
    from shortlisted only); `citations` maps an
    application's pk to {"en": ..., "fr": ..., "es": ...} (English required). The cycle's rules
    are enforced (one winner per country, a cap per UNESCO region), with a message naming the
    country or region. Creates one Award per winner, moves the winners to awarded and every
    other shortlisted or eligible application to not_awarded (each with an AwardEvent), sets
    the phase to published, and after commit e-mails each city's focal point in their
    language. A second call raises AwardError. Returns the Awards created."""
    locked = _lock_cycle(cycle)
    candidates = {
        application.pk: application
        for application in AwardApplication.objects.select_for_update(of=("self",))
        .filter(cycle=locked, state__in=CANDIDATE_STATES)
        .select_related("city", "city__focal_point")
        .order_by("pk")
    }
    texts = _checked_results(locked, candidates, winners, citations)
    awards = []
    for pk, application in candidates.items():
        if pk in texts:
            AWARD_APPLICATION.transition(
                application, State.AWARDED, by=by, kind=AwardEventKind.AWARDED
            )
            awards.append(
                Award.objects.create(
                    cycle=locked, city=application.city, application=application, **texts[pk]
                )
            )
        else:
            AWARD_APPLICATION.transition(application, State.NOT_AWARDED, by=by)
    _save_phase(locked, CyclePhase.PUBLISHED, by=by, reason=_("Results published"))
    cycle.phase = locked.phase
    results = [(application, pk in texts) for pk, application in candidates.items()]
    transaction.on_commit(lambda: _send_results(locked, results))
    return awards


def _send_results(cycle, results):
    for application, won in results:
        city = application.city
        account = city.focal_point
        address = result_recipient(application)
        language = (account.language if account else "") or "en"
        award = Award.objects.filter(application=application).first() if won else None
        send_templated_mail(
            template="awards/result_awarded" if won else "awards/result_not_awarded",
            to=[address],
            language=language,
            context={"cycle": cycle, "city": city, "award": award},
        )
