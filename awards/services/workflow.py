"""The award application's workflow on the core (gnlc.workflow): its transition map, the
error a refused move raises and what runs after each move. Every service moves an application
through AWARD_APPLICATION.transition and writes its other steps (the jury's, notes) with
AWARD_APPLICATION.record_event."""

from django.utils.translation import gettext_lazy as _

from gnlc.core.public_cache import bump_content_version
from gnlc.workflow import transitions

from ..enums import AWARD_CLOSED_STATES, AWARD_TRANSITIONS
from ..models import AwardApplication


class AwardError(transitions.WorkflowError):
    """An award rule refused the action; the message is for the person who tried."""


class AwardTransitionNotAllowed(transitions.TransitionNotAllowed, AwardError):
    message = _("An award application that is “%(state)s” cannot become “%(to)s”.")


AWARD_APPLICATION = transitions.Workflow(
    model=AwardApplication,
    transitions=AWARD_TRANSITIONS,
    closed_states=AWARD_CLOSED_STATES,
    refused=AwardTransitionNotAllowed,
    # What the services read of a moved application: its cycle's rules, its city's focal point.
    lock_related=("cycle", "city"),
    # The statistics page publishes applications counted by state: cached pages go stale.
    after_commit=(bump_content_version,),
)
