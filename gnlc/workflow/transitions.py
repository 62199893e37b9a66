"""The one door of every state change (STYLE habit 2): lock the row, check the move against the
workflow's transition map, move, record the event, and queue the work that must wait for the
commit."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A workflow rule refused the action; the message is for the person who tried."""


class TransitionNotAllowed(WorkflowError):
    """The transition map has no move from the object's state to `to_state`. A workflow
    subclasses it (with its own error base) to word `message` for its objects."""

    message = _("“%(state)s” cannot become “%(to)s”.")

    def __init__(self, subject, to_state):
        self.from_state, self.to_state = subject.state, to_state
        labels = dict(type(subject)._meta.get_field("state").flatchoices)
        super().__init__(
            self.message
            % {"state": labels.get(subject.state, subject.state), "to": labels.get(to_state)}
        )


@dataclass
class SubmissionIncomplete(WorkflowError):
    """Raised on submission with every missing item at once (`missing`, labels to show)."""

    missing: list = field(default_factory=list)

    def __str__(self):
        return str(_("The application is not complete."))


@dataclass(frozen=True)
class Workflow:
    """The states the objects of one model move through.

    `model` has a `state` field and the `events` of its concrete WorkflowEvent;
    `transitions` maps each state to the states it may become; `closed_states` are those in
    which an object has ended; `refused` is the error a move outside the map raises;
    `lock_related` are the relations loaded with the locked row (select_related);
    `after_commit` are callables without arguments that run once a move has committed (for
    instance, that cached public pages go stale)."""

    model: type
    transitions: dict
    closed_states: tuple = ()
    refused: type = TransitionNotAllowed
    lock_related: tuple = ()
    after_commit: tuple = ()

    def open_objects(self, **filters):
        """The objects matching `filters` that have not ended (a person's open application
        to a call, a city's to a cycle)."""
        return self.model._default_manager.filter(**filters).exclude(state__in=self.closed_states)

    def allows(self, subject, to_state):
        """Whether the map leads from the object's current state to `to_state`."""
        return to_state in self.transitions[subject.state]

    def lock(self, subject):
        """The object's row, read again and locked until the transaction ends."""
        rows = self.model._default_manager.select_for_update(of=("self",))
        if self.lock_related:
            rows = rows.select_related(*self.lock_related)
        return rows.get(pk=subject.pk)

    def record_event(
        self,
        subject,
        *,
        by=None,
        actor_name="",
        from_state="",
        to_state="",
        kind="",
        values=None,
        note="",
        visible=True,
        at=None,
    ):
        """One event of `subject` (who, when, from, to, what happened as `kind` and its
        `values`, and the `note` a person typed); `visible=False` keeps it for staff.
        `actor_name` defaults to the name of `by`, `at` to now."""
        return subject.events.create(
            created_at=at or timezone.now(),
            actor=by,
            actor_name=actor_name or (by.get_full_name() if by else ""),
            from_state=from_state,
            to_state=to_state,
            kind=kind,
            values=values or {},
            note=note,
            visible_to_applicant=visible,
        )

    def transition(
        self,
        subject,
        to_state,
        *,
        by=None,
        actor_name="",
        kind="",
        values=None,
        note="",
        visible=True,
        changes=None,
        at=None,
    ):
        """Lock, check, move, record: returns the locked, saved object.

        Must be called inside transaction.atomic(). Raises `refused` when the map has no
        such move (nothing is saved then). `kind` and `values` say what happened (see
        WorkflowEvent), `note` is what a person typed. `changes` are other fields to save with
        the move; `at` is the moment of the event (default: now). The workflow's
        `after_commit` work is queued, and `subject` itself is given the new state."""
        locked = self.lock(subject)
        if not self.allows(locked, to_state):
            raise self.refused(locked, to_state)
        from_state = locked.state
        locked.state = to_state
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save()
        self.record_event(
            locked,
            by=by,
            actor_name=actor_name,
            from_state=from_state,
            to_state=to_state,
            kind=kind,
            values=values,
            note=note,
            visible=visible,
            at=at,
        )
        for work in self.after_commit:
            transaction.on_commit(work)
        subject.state = locked.state
        return locked
