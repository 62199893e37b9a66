"""What the models of every workflow share: the state field and its constraints on the object,
and the dated history, one abstract event with a concrete one per workflow."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def state_field(states, *, default):
    """The object's `state`: one of `states` (a TextChoices), never edited as a field (the
    workflow's transitions move it)."""
    return models.CharField(
        _("state"), max_length=20, choices=states, default=default, editable=False
    )


def valid_state_constraint(states, *, name):
    """The database refuses a state that is not one of `states`."""
    return models.CheckConstraint(condition=models.Q(state__in=states.values), name=name)


def one_open_constraint(fields, *, closed_states, name):
    """At most one object per value of `fields` that is not in one of `closed_states`."""
    return models.UniqueConstraint(
        fields=fields, condition=~models.Q(state__in=closed_states), name=name
    )


def event_state_fields(states):
    """The event's `from_state` and `to_state` fields with `states` (a TextChoices) as their
    choices; a concrete event sets them: `from_state, to_state = event_state_fields(MyState)`."""
    return (
        models.CharField(_("from"), max_length=20, choices=states, blank=True),
        models.CharField(_("to"), max_length=20, choices=states, blank=True),
    )


def kind_field(kinds, *, verbose_name=None):
    """The `kind` of a worded record with `kinds` (a TextChoices whose labels are the lazy,
    translatable sentences, with %(name)s for each value) as its choices; a concrete model
    sets it: `kind = kind_field(MyEventKind)`."""
    return models.CharField(
        verbose_name or _("what happened"), max_length=40, choices=kinds, blank=True
    )


class WordedRecord(models.Model):
    """A record of what happened kept as a kind and its values, worded when shown, in the
    language of whoever reads it (`wording`). Only what a person typed is stored as text, in
    the concrete model's own field (an event's `note`).

    The concrete model gives `kind` its choices (`kind_field`): each label is the sentence,
    with %(name)s for each of `values` (names, numbers: never words to translate)."""

    kind = kind_field(None)
    values = models.JSONField(_("values"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def wording(self):
        """What happened, in the active language; empty for a record without a kind (or
        with a kind no longer known)."""
        if not self.kind:
            return ""
        sentence = dict(self._meta.get_field("kind").flatchoices).get(self.kind)
        if sentence is None:
            return ""
        if not self.values:
            return str(sentence)
        try:
            return str(sentence) % self.values
        except (KeyError, TypeError, ValueError):
            # A translation that names a value the record lacks: the sentence stays readable.
            return str(sentence)


class WorkflowEvent(WordedRecord):
    """One dated step of a workflow's object: a change of state, a request, an answer, a note.

    A concrete event adds the foreign key to its object, named `subject_field`, with
    `related_name="events"` (the core writes events through it), its states as the
    choices of `from_state` and `to_state` (`event_state_fields`) and its kinds as the
    choices of `kind` (`kind_field`). What the portal did is a kind and its values, worded
    when shown (`wording`); `note` holds only what a person typed (a staff note, a reason, a
    message, a Commission's comment). An event without `to_state` moved nothing (a note);
    `visible_to_applicant=False` keeps it for staff only."""

    subject_field = ""

    created_at = models.DateTimeField(_("date"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    from_state, to_state = event_state_fields(None)
    note = models.TextField(_("note"), blank=True)
    visible_to_applicant = models.BooleanField(_("visible to the applicant"), default=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{getattr(self, self.subject_field)}: {self.from_state} → {self.to_state}"
