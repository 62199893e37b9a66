"""A member city's proposed update of its public profile (SPEC §4, "Profile updates"): the
focal point or a co-editor proposes, staff publish it on the profile or return it."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import City
from gnlc.workflow.models import (
    WorkflowEvent,
    event_state_fields,
    kind_field,
    one_open_constraint,
    state_field,
    valid_state_constraint,
)

from ..enums import CLOSED_PROPOSAL_STATES, ProposalEventKind, ProposalState
from .reports import private_storage

# The fields of City a proposal may change, in the order the form and the difference show
# them. The image itself is a file of the proposal (`image`), private until published.
PROFILE_FIELDS = (
    "description_en",
    "description_fr",
    "description_es",
    "population",
    "population_year",
    "population_source",
    "website",
    "mayor_name",
    "mayor_title",
    "image_alt_en",
    "image_alt_fr",
    "image_alt_es",
    "image_credit",
    "image_licence",
)


def proposal_image_path(instance, filename):
    """A proposed image is stored privately under a random name until it is published."""
    return f"profile-proposals/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ProfileProposal(models.Model):
    """Changes to a city's public profile that its editors propose and staff publish.

    `values` holds the proposed value of each field of PROFILE_FIELDS that differs from the
    published profile; `base` the published values of every field when it was last saved, so
    that publishing can tell a change made meanwhile. `revision` counts the saves: two
    editors saving the same version do not overwrite each other silently."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="profile_proposals", verbose_name=_("city")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    state = state_field(ProposalState, default=ProposalState.PENDING)
    values = models.JSONField(_("proposed values"), default=dict, blank=True)
    base = models.JSONField(_("published values when proposed"), default=dict, blank=True)
    image = models.ImageField(
        _("proposed image"),
        upload_to=proposal_image_path,
        storage=private_storage,
        blank=True,
    )
    revision = models.PositiveIntegerField(_("version"), default=1)
    staff_comment = models.TextField(_("UIL's comment"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile update")
        verbose_name_plural = _("profile updates")
        ordering = ["-updated_at"]
        constraints = [
            valid_state_constraint(ProposalState, name="profile_proposal_valid_state"),
            one_open_constraint(
                ["city"],
                closed_states=CLOSED_PROPOSAL_STATES,
                name="profile_proposal_one_pending_per_city",
            ),
        ]

    def __str__(self):
        return str(_("Profile update of %(city)s") % {"city": self.city})


class ProposalEvent(WorkflowEvent):
    subject_field = "proposal"

    proposal = models.ForeignKey(
        ProfileProposal,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("profile update"),
    )
    from_state, to_state = event_state_fields(ProposalState)
    kind = kind_field(ProposalEventKind)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("profile update event")
        verbose_name_plural = _("profile update events")
