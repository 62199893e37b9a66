"""The test world: one set of builders that every test package uses to make its data.

Plain functions with keyword arguments and sensible defaults. Each builds its object the way
the portal does: a state is reached through the services that own it (cities.services,
awards.services), one transition at a time, so that every event, invitation and history row
a real object would have is there too. Data that the portal has no service for (a membership
call, a National Commission, a criterion, a conference: staff enter them in the admin) is
created as a plain row. Nothing is put in a state with `queryset.update(state=...)`.

Dates are explicit: a builder that depends on the clock takes the instants (`at`,
`decided_at`, `opens_at`, ...) and runs the services with the clock there (tests/world/clock.py).
The few defaults taken from now are stated where they are ("a call open now") and hold on every
day of the year.

    from tests import world

    cork = world.city("Cork", "IE", member_since=2015)
    cycle = world.award_cycle(
        2026, phase=CyclePhase.JURY, criteria=["Vision"], applicants=[(cork, "shortlisted")],
        opens_at=..., closes_at=...,
    )
"""

from .admin_actions import confirmation_of, post_action
from .awards import (
    advance_to,
    assign,
    award,
    award_application,
    award_cycle,
    criterion,
    past_award_cycle,
    review,
)
from .clock import clock_at
from .conferences import conference, document, session, speaker
from .members import city, cluster, focal_point, national_commission, network, themes
from .membership import (
    COMPLETE,
    PDF,
    membership_application,
    membership_call,
    open_membership_call,
    pdf_upload,
)
from .people import PASSWORD, juror, reviewer, staff, superuser, user
from .reporting import (
    complete_answers,
    open_reporting_cycle,
    progress_report,
    reporting_cycle,
)

__all__ = [
    "COMPLETE",
    "PASSWORD",
    "PDF",
    "advance_to",
    "assign",
    "award",
    "award_application",
    "award_cycle",
    "city",
    "clock_at",
    "cluster",
    "complete_answers",
    "conference",
    "confirmation_of",
    "criterion",
    "document",
    "focal_point",
    "juror",
    "membership_application",
    "membership_call",
    "national_commission",
    "network",
    "open_membership_call",
    "open_reporting_cycle",
    "past_award_cycle",
    "pdf_upload",
    "post_action",
    "progress_report",
    "reporting_cycle",
    "review",
    "reviewer",
    "session",
    "speaker",
    "staff",
    "superuser",
    "themes",
    "user",
]
