"""Every write of the award that matters: the jury (jury.py), the applications' workflow
(applications.py, on the workflow core: workflow.py), the cycle's phases and results
(results.py). Callers use `from awards import services`. The eligibility rules are a read:
awards/eligibility.py."""

from .applications import (
    NOMINATION_WINDOW,
    AwardApplicationIncomplete,
    CycleClosed,
    NominationQuotaExceeded,
    NotEligible,
    add_document,
    invitation_for_token,
    invite_national_commission,
    missing_award_items,
    nomination_deadline,
    nomination_link_path,
    record_nomination,
    save_answers,
    screen_application,
    set_consent_form,
    shortlist_application,
    start_award_application,
    submit_award_application,
    withdraw_award_application,
)
from .jury import (
    ConflictOfInterest,
    ReviewAlreadySubmitted,
    ReviewIncomplete,
    ScoreOutOfRange,
    assign_juror,
    declare_conflict,
    has_conflict,
    record_score,
    refresh_country_conflicts,
    remind_jurors,
    submit_review,
)
from .workflow import AWARD_APPLICATION, AwardError, AwardTransitionNotAllowed

__all__ = [
    "AWARD_APPLICATION",
    "NOMINATION_WINDOW",
    "AwardApplicationIncomplete",
    "AwardError",
    "AwardTransitionNotAllowed",
    "ConflictOfInterest",
    "CycleClosed",
    "NominationQuotaExceeded",
    "NotEligible",
    "ReviewAlreadySubmitted",
    "ReviewIncomplete",
    "ScoreOutOfRange",
    "add_document",
    "assign_juror",
    "declare_conflict",
    "has_conflict",
    "invitation_for_token",
    "invite_national_commission",
    "missing_award_items",
    "nomination_deadline",
    "nomination_link_path",
    "record_nomination",
    "record_score",
    "refresh_country_conflicts",
    "remind_jurors",
    "save_answers",
    "screen_application",
    "set_consent_form",
    "shortlist_application",
    "start_award_application",
    "submit_award_application",
    "submit_review",
    "withdraw_award_application",
]

from .results import advance_phase, publish_results, result_recipient, results_plan

__all__ += ["advance_phase", "publish_results", "result_recipient", "results_plan"]
