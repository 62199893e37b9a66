"""The members' area: the claim of an invitation, the city's editors, profile updates.

The city's pages are for its focal point and co-editors only: anyone else signed in gets a
404, as for a city that does not exist; a visitor is sent to sign in. What only the focal
point may do (invite, withdraw an invitation, remove a co-editor) answers 403 to a co-editor.
Staff work in the admin, not here."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cities.models import City
from gnlc.core.signed_links import unusable_link_response

from ..enums import EditorRole, ProposalState
from ..forms.area import InviteCoEditorForm, ProfileProposalForm
from ..permissions import can_edit_city, can_manage_editors, is_focal_point
from ..services import editors as editing
from ..services import profiles


def _expiry(invitation):
    return formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")


class ClaimView(TemplateView):
    """GET: what the link gives (the city, the role) and, for a visitor, the way to sign in
    or sign up with the invited address. POST (signed in): claim it."""

    template_name = "members/editorinvitation_claim.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = editing.invitation_for_token(kwargs["token"])
        if self.invitation is None or not self.invitation.is_usable():
            return unusable_link_response(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            invitation=self.invitation,
            city=self.invitation.city,
            is_focal_point_role=self.invitation.role == EditorRole.FOCAL_POINT,
            address_matches=user.is_authenticated
            and editing.has_verified_address(user, self.invitation.email),
            address_unconfirmed=user.is_authenticated
            and user.email.lower() == self.invitation.email.lower(),
            expires=_expiry(self.invitation),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation = editing.claim_invitation(self.invitation, user=request.user)
        except editing.EditorError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(), status=409)
        if invitation.role == EditorRole.FOCAL_POINT:
            text = _("You are now the focal point of %(city)s.")
        else:
            text = _("You are now a co-editor of %(city)s.")
        messages.success(request, text % {"city": invitation.city})
        return redirect("members:dashboard")


class CityEditorMixin(LoginRequiredMixin):
    """Loads the city of the URL for its focal point and co-editors (404 for anyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.city = get_object_or_404(
            City.objects.select_related("focal_point"), slug=kwargs["slug"]
        )
        if not can_edit_city(request.user, self.city):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EditorsView(CityEditorMixin, View):
    """The city's focal point, co-editors and pending invitations. The focal point invites
    (POST with the form) and withdraws invitations (POST `revoke` with its id); co-editors
    read."""

    template_name = "members/cityeditor_list.html"

    def get(self, request, *args, **kwargs):
        return self.render(InviteCoEditorForm(initial={"language": request.user.language}))

    def render(self, form, status=200):
        manages = can_manage_editors(self.request.user, self.city)
        context = {
            "city": self.city,
            "form": form,
            "manages": manages,
            "focal_point": self.city.focal_point,
            "editors": self.city.editors.select_related("user").order_by("added_at"),
            "invitations": editing.pending_invitations(self.city).filter(role=EditorRole.CO_EDITOR)
            if manages
            else [],
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        if not can_manage_editors(request.user, self.city):
            raise PermissionDenied
        if "revoke" in request.POST:
            return self.revoke(request.POST["revoke"])
        form = InviteCoEditorForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            invitation, _token = editing.invite_co_editor(
                self.city,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except editing.EditorError as error:
            form.add_error("email", str(error))
            return self.render(form)
        messages.success(
            request,
            _(
                "An invitation was e-mailed to %(email)s. The link works until %(date)s; "
                "they become a co-editor once they open it and sign in with that address."
            )
            % {"email": invitation.email, "date": _expiry(invitation)},
        )
        return redirect("members:editors", slug=self.city.slug)

    def revoke(self, pk):
        invitation = get_object_or_404(
            self.city.editor_invitations.filter(role=EditorRole.CO_EDITOR),
            pk=pk if str(pk).isdigit() else 0,
        )
        if editing.revoke_invitation(invitation, by=self.request.user):
            messages.success(
                self.request,
                _("The invitation to %(email)s was withdrawn: its link no longer works.")
                % {"email": invitation.email},
            )
        else:
            messages.info(
                self.request,
                _("The invitation to %(email)s had already been used or withdrawn.")
                % {"email": invitation.email},
            )
        return redirect("members:editors", slug=self.city.slug)


class RemoveEditorView(CityEditorMixin, View):
    """POST: the focal point removes a co-editor."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not can_manage_editors(request.user, self.city):
            raise PermissionDenied
        editor = get_object_or_404(self.city.editors.select_related("user"), pk=kwargs["pk"])
        editing.remove_co_editor(editor, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer a co-editor of %(city)s.")
            % {"name": editor.user.get_full_name() or editor.user.email, "city": self.city},
        )
        return redirect("members:editors", slug=self.city.slug)


class ProfileUpdateView(CityEditorMixin, View):
    """The proposed update of the city's public profile: the form, prefilled with the pending
    proposal or the published profile; saving proposes it (or changes the pending one);
    `withdraw` withdraws it."""

    template_name = "members/profileproposal_form.html"

    def get(self, request, *args, **kwargs):
        pending = profiles.pending_proposal(self.city)
        return self.render(ProfileProposalForm(initial=self.initial(pending)), pending)

    def initial(self, pending):
        values = profiles.published_values(self.city)
        if pending is not None:
            values.update(pending.values)
        return {**values, "revision": pending.revision if pending else 0}

    def render(self, form, pending, status=200):
        latest = self.city.profile_proposals.exclude(state=ProposalState.PENDING).first()
        context = {
            "city": self.city,
            "form": form,
            "pending": pending,
            "returned": latest if latest and latest.state == ProposalState.RETURNED else None,
            "difference": profiles.difference(pending) if pending else [],
            "is_focal_point": is_focal_point(self.request.user, self.city),
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        pending = profiles.pending_proposal(self.city)
        if "withdraw" in request.POST:
            return self.withdraw(pending)
        form = ProfileProposalForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, pending)
        try:
            profiles.propose_update(
                self.city,
                by=request.user,
                values=form.proposed_values(),
                image=form.cleaned_data.get("image"),
                revision=form.cleaned_data["revision"] or 0,
            )
        except profiles.ProposalConflict as error:
            return self.conflict(request, error)
        except profiles.ProposalError as error:
            form.add_error(None, str(error))
            return self.render(form, pending, status=409)
        messages.success(
            request,
            _(
                "Your update was saved and sent to UIL. It appears on the public profile "
                "once UIL publishes it; until then you and your co-editors can change it."
            ),
        )
        return redirect("members:profile-update", slug=self.city.slug)

    def conflict(self, request, error):
        """The page as typed, beside the update as it now is; the form now carries the
        current version, so that saving it again, once compared, goes through."""
        pending = profiles.pending_proposal(self.city)
        data = request.POST.copy()
        data["revision"] = pending.revision if pending else 0
        form = ProfileProposalForm(data)
        form.is_valid()
        form.add_error(None, str(error))
        return self.render(form, pending, status=409)

    def withdraw(self, pending):
        if pending is None:
            messages.info(self.request, _("There was no pending update to withdraw."))
        else:
            try:
                profiles.withdraw_proposal(pending, by=self.request.user)
            except profiles.ProposalError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(
                    self.request, _("The update was withdrawn; the public profile is unchanged.")
                )
        return redirect("members:profile-update", slug=self.city.slug)
