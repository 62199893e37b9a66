from .editors import CityEditor, EditorInvitation
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
    "CityEditor",
    "Cohort",
    "EditorInvitation",
    "ProgressReport",
    "ReminderSent",
    "ReportAnswer",
    "ReportEvent",
    "ReportQuestion",
    "ReportSection",
    "ReportingCycle",
    "StandingRecord",
]
