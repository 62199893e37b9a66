"""Every write of the award that matters: the jury and the eligibility rules (jury.py), the
applications' workflow (applications.py). Callers use `from awards import services`."""

from .jury import (
    AwardError,
    ConflictOfInterest,
    Eligibility,
    ReviewAlreadySubmitted,
    ReviewIncomplete,
    ScoreOutOfRange,
    add_months,
    admission_date,
    assign_juror,
    declare_conflict,
    eligibility,
    has_conflict,
    nominations_left,
    nominations_used,
    record_score,
    submit_review,
)

__all__ = [
    "AwardError",
    "ConflictOfInterest",
    "Eligibility",
    "ReviewAlreadySubmitted",
    "ReviewIncomplete",
    "ScoreOutOfRange",
    "add_months",
    "admission_date",
    "assign_juror",
    "declare_conflict",
    "eligibility",
    "has_conflict",
    "nominations_left",
    "nominations_used",
    "record_score",
    "submit_review",
]
