"""Staff review of the profile updates that member cities propose: the change page shows the
difference against the published profile, and the actions publish or return the update
(gnlc.workflow.admin: each action calls one service of members.services.profiles)."""

from django.contrib import admin
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from gnlc.workflow.admin import PrivateFile, StaffAction, WorkflowAdminMixin
from gnlc.workflow.forms import NoInputForm

from ..enums import ProposalState
from ..forms.area import ReturnProposalForm
from ..models import ProfileProposal
from ..services import profiles as services

State = ProposalState


def serve_private_image(fieldfile, download_name):
    """A proposed image, for staff only; never cached."""
    response = FileResponse(fieldfile.open("rb"), filename=download_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


STAFF_ACTIONS = [
    StaffAction(
        "publish",
        _("Publish on the city's profile"),
        _("Publish"),
        NoInputForm,
        lambda proposal, data, by: services.publish_proposal(proposal, by=by),
        _("The update of “%(city)s” is published on its profile."),
        target=State.PUBLISHED,
        style="approve",
    ),
    StaffAction(
        "return",
        _("Return to the city with a comment"),
        _("Return"),
        ReturnProposalForm,
        lambda proposal, data, by: services.return_proposal(
            proposal, by=by, comment=data["comment"]
        ),
        _("The update of “%(city)s” was returned; the editor who proposed it was e-mailed."),
        target=State.RETURNED,
    ),
]


@admin.register(ProfileProposal)
class ProfileProposalAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = services.PROPOSALS
    staff_actions = STAFF_ACTIONS
    change_form_template = "admin/members/profileproposal/change_form.html"
    private_files = [
        PrivateFile(
            "image/",
            "image",
            lambda proposal: proposal.image,
            lambda proposal: proposal.image.name.rsplit("/", 1)[-1],
        )
    ]
    serve_file = staticmethod(serve_private_image)
    list_display = ["city", "state", "proposed_by", "revision", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["city", "proposed_by"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    fields = [
        "city",
        "state",
        "proposed_by",
        "revision",
        "created_at",
        "updated_at",
        "decided_at",
        "staff_comment",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def review_context(self, request, proposal):
        """The difference against the published profile (field, published, proposed), the
        fields changed on the profile since it was proposed, the new image, the timeline."""
        return {
            "difference": services.difference(proposal),
            "image_url": self.admin_url("image", proposal.pk) if proposal.image else "",
            "events": proposal.events.select_related("actor").order_by("created_at", "pk"),
        }

    def message_values(self, proposal):
        return {"city": proposal.city}
