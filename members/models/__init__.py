from .editors import CityEditor, EditorInvitation
from .profiles import PROFILE_FIELDS, ProfileProposal, ProposalEvent
from .reports import (
    Cohort,
    ProgressReport,
    ReminderSent,
    ReportAnswer,
    ReportEvent,
    ReportingCycle,
    ReportQuestion,
    ReportSection,
    StandingRecord,
)

__all__ = [
    "PROFILE_FIELDS",
    "CityEditor",
    "Cohort",
    "EditorInvitation",
    "ProfileProposal",
    "ProgressReport",
    "ProposalEvent",
    "ReminderSent",
    "ReportAnswer",
    "ReportEvent",
    "ReportQuestion",
    "ReportSection",
    "ReportingCycle",
    "StandingRecord",
]
