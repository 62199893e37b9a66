"""Profile updates (SPEC §4): a member city's editors propose changes to its public profile,
staff publish them on the profile (through cities.services.update_city, so the city's history
records every change) or return them with a comment.

One proposal per city is pending at a time: a second editor sees and changes the pending
one. Each save raises its `revision`; a save made from an older version is refused, with the
page kept as typed, so that no editor overwrites another silently."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import City
from cities.services import update_city
from gnlc.core.mail import absolute_url, queue_templated_mail
from gnlc.core.public_cache import bump_content_version
from gnlc.workflow import transitions

from ..enums import (
    CLOSED_PROPOSAL_STATES,
    PROPOSAL_TRANSITIONS,
    ProposalEventKind,
    ProposalState,
)
from ..models import PROFILE_FIELDS, ProfileProposal
from ..permissions import can_edit_city

State = ProposalState
Kind = ProposalEventKind


class ProposalError(transitions.WorkflowError):
    """A rule refused the action; the message is for the person who tried."""


class TransitionNotAllowed(transitions.TransitionNotAllowed, ProposalError):
    message = gettext_lazy("A profile update that is “%(state)s” cannot become “%(to)s”.")


class ProposalConflict(ProposalError):
    """Someone changed the same thing meanwhile; `fields` are the labels of what clashed."""

    def __init__(self, message, fields=()):
        super().__init__(message)
        self.fields = list(fields)


PROPOSALS = transitions.Workflow(
    model=ProfileProposal,
    transitions=PROPOSAL_TRANSITIONS,
    closed_states=CLOSED_PROPOSAL_STATES,
    refused=TransitionNotAllowed,
    lock_related=("city",),
)


NUMBER_FIELDS = ("population", "population_year")


def published_value(city, name):
    """The city's published value of a field; an empty text is "" (a translation never
    filled in is None in the database), so that it compares with what a form sends."""
    value = getattr(city, name)
    if value is None and name not in NUMBER_FIELDS:
        return ""
    return value


def published_values(city):
    """The city's published value of every field a proposal may change (JSON-ready)."""
    return {name: published_value(city, name) for name in PROFILE_FIELDS}


def field_label(name):
    """A field's label in the reader's language: its verbose name, and for a translated
    field the name of its language ("description (French)")."""
    base, _sep, code = name.rpartition("_")
    if code in settings.MODELTRANSLATION_LANGUAGES:
        language = translation.get_language_info(code)["name_translated"]
        return f"{City._meta.get_field(base).verbose_name} ({language})"
    return str(City._meta.get_field(name).verbose_name)


def pending_proposal(city):
    return city.profile_proposals.filter(state=State.PENDING).first()


def _changes(city, values):
    published = published_values(city)
    return {
        name: values[name]
        for name in PROFILE_FIELDS
        if name in values and values[name] != published[name]
    }


def propose_update(city, *, by, values, image=None, revision=0):
    """Save the editors' proposal for `city`: `values` (field → value, for PROFILE_FIELDS)
    compared with the published profile, and a new `image` (an uploaded file, checked and
    re-encoded by the form) if any. `revision` is the version of the pending proposal the
    form was made from (0: none). Creates the pending proposal or changes it; refuses an
    editor who is not one of the city's, a proposal that changes nothing, and a save from an
    older version (ProposalConflict). Returns the proposal."""
    if not can_edit_city(by, city):
        raise ProposalError(_("Only the city's focal point and co-editors can propose updates."))
    with transaction.atomic():
        city = City.objects.select_for_update().get(pk=city.pk)
        current = city.profile_proposals.select_for_update().filter(state=State.PENDING).first()
        current_revision = current.revision if current else 0
        if revision != current_revision:
            raise ProposalConflict(
                _(
                    "Someone else saved or decided on this update after you opened the page. "
                    "Your text is kept below: compare it with the current version, then save "
                    "again."
                )
            )
        changes = _changes(city, values)
        keeps_image = bool(current and current.image) and image is None
        if not changes and image is None and not keeps_image:
            raise ProposalError(
                _("Nothing differs from the published profile: there is nothing to propose.")
            )
        if current is None:
            current = ProfileProposal(city=city, proposed_by=by)
            kind = Kind.PROPOSED
        else:
            current.revision += 1
            current.proposed_by = by
            kind = Kind.CHANGED
        current.values = changes
        current.base = published_values(city)
        if image is not None:
            current.image.save(image.name, image, save=False)
        current.save()
        PROPOSALS.record_event(
            current,
            by=by,
            kind=kind,
            values={"revision": current.revision},
            # The first save is the proposal's start: a step into "pending" on the timeline.
            to_state=State.PENDING if kind == Kind.PROPOSED else "",
        )
        return current


def withdraw_proposal(proposal, *, by):
    """The city's editors withdraw their pending proposal."""
    if not can_edit_city(by, proposal.city):
        raise ProposalError(_("Only the city's focal point and co-editors can withdraw it."))
    with transaction.atomic():
        return PROPOSALS.transition(proposal, State.WITHDRAWN, by=by, kind=Kind.WITHDRAWN)


def conflicts(proposal):
    """The fields the proposal changes whose published value changed since it was made (by
    staff in the admin, or another publication): [(name, base, now, proposed)]."""
    city = proposal.city
    clashes = []
    for name, proposed in proposal.values.items():
        now = published_value(city, name)
        base = proposal.base.get(name)
        if now != base and now != proposed:
            clashes.append((name, base, now, proposed))
    return clashes


def difference(proposal):
    """What the change page shows: one row per field the proposal changes, with the
    published value now and the proposed value, and whether it clashes."""
    clashing = {name for name, *_rest in conflicts(proposal)}
    return [
        {
            "name": name,
            "label": field_label(name),
            "published": published_value(proposal.city, name),
            "proposed": proposed,
            "conflict": name in clashing,
        }
        for name, proposed in proposal.values.items()
    ]


def publish_proposal(proposal, *, by):
    """Staff publish the proposal: its values (and its image) go on the city's profile
    through update_city, recorded in the city's history with `by`. Refused, naming the
    fields, when a field it changes was changed on the profile since it was proposed."""
    with transaction.atomic():
        locked = PROPOSALS.lock(proposal)
        if locked.state != State.PENDING:
            raise TransitionNotAllowed(locked, State.PUBLISHED)
        clashes = conflicts(locked)
        if clashes:
            labels = [field_label(name) for name, *_rest in clashes]
            raise ProposalConflict(
                _(
                    "Not published: the profile changed since the update was proposed, in "
                    "%(fields)s. Return the update so that the city can propose it again "
                    "from the current profile."
                )
                % {"fields": ", ".join(labels)},
                fields=labels,
            )
        city = locked.city
        fields = dict(locked.values)
        if locked.image:
            with locked.image.open("rb") as source:
                city.image.save(
                    locked.image.name.rsplit("/", 1)[-1], ContentFile(source.read()), save=False
                )
            fields["image"] = city.image
        city._history_user = by  # simple_history: who made the change
        update_city(city, **fields)
        published = PROPOSALS.transition(
            locked,
            State.PUBLISHED,
            by=by,
            kind=Kind.PUBLISHED,
            changes={"decided_at": timezone.now()},
        )
        transaction.on_commit(bump_content_version)
        _notify_proposer(published, "profile_published")
        return published


def return_proposal(proposal, *, by, comment):
    """Staff return the proposal with `comment`, e-mailed to the editor who last saved it;
    the published profile does not change."""
    with transaction.atomic():
        returned = PROPOSALS.transition(
            proposal,
            State.RETURNED,
            by=by,
            kind=Kind.RETURNED,
            note=comment,
            changes={"staff_comment": comment, "decided_at": timezone.now()},
        )
        _notify_proposer(returned, "profile_returned")
        return returned


def _notify_proposer(proposal, template):
    person = proposal.proposed_by
    if person is None or not person.email:
        return
    language = person.language or "en"
    with translation.override(language):
        url = absolute_url(reverse("members:profile-update", args=[proposal.city.slug]))
    queue_templated_mail(
        template=f"members/{template}",
        to=[person.email],
        language=language,
        context={"proposal": proposal, "city": proposal.city, "url": url},
    )
