"""Staff invite a member city's focal point (or a new one) and see the invitations and the
co-editors. Saving the add form sends the invitation (members.services.editors)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import EditorRole
from ..forms.area import FocalPointInvitationForm
from ..models import CityEditor, EditorInvitation
from ..services import editors as services


@admin.action(description=gettext_lazy("Withdraw the selected invitations"), permissions=["change"])
def withdraw_invitations(modeladmin, request, queryset):
    withdrawn = sum(
        1 for invitation in queryset if services.revoke_invitation(invitation, by=request.user)
    )
    modeladmin.message_user(
        request,
        _("%(done)s of %(total)s invitations withdrawn (the others were used or withdrawn).")
        % {"done": withdrawn, "total": queryset.count()},
        messages.SUCCESS,
    )


@admin.register(EditorInvitation)
class EditorInvitationAdmin(admin.ModelAdmin):
    form = FocalPointInvitationForm
    actions = [withdraw_invitations]
    list_display = ["email", "city", "role", "status", "created_at", "expires_at", "invited_by"]
    list_filter = ["role"]
    list_select_related = ["city", "invited_by"]
    search_fields = ["email", "name", "city__name_en"]
    autocomplete_fields = ["city"]
    readonly_fields = [
        "city",
        "role",
        "email",
        "name",
        "language",
        "invited_by",
        "created_at",
        "expires_at",
        "used_at",
        "claimed_by",
        "revoked_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["city", "email", "name", "language"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # An invitation is read, never edited: it is withdrawn by the list's action.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("status"))
    def status(self, invitation):
        if invitation.used_at:
            return _("claimed")
        if invitation.revoked_at:
            return _("withdrawn")
        if invitation.expires_at <= timezone.now():
            return _("expired")
        return _("pending")

    def save_model(self, request, obj, form, change):
        """Adding sends the invitation, through the service (which also withdraws the city's
        earlier pending focal-point invitations)."""
        if change:
            return
        invitation, _token = services.invite_focal_point(
            form.cleaned_data["city"],
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
            by=request.user,
        )
        obj.pk = invitation.pk
        obj.expires_at = invitation.expires_at

    def response_add(self, request, obj, post_url_continue=None):
        city = obj.city
        current = city.focal_point
        text = _(
            "An invitation to become the focal point of %(city)s was e-mailed to %(email)s; "
            "the link works until %(date)s."
        ) % {
            "city": city,
            "email": obj.email,
            "date": formats.date_format(timezone.localtime(obj.expires_at), "DATE_FORMAT"),
        }
        if current is not None:
            text += " " + _(
                "%(current)s remains the focal point until the invitation is claimed."
            ) % {"current": current.get_full_name() or current.email}
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:members_editorinvitation_changelist"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("role", EditorRole.FOCAL_POINT)
        return initial


@admin.register(CityEditor)
class CityEditorAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "added_by", "added_at"]
    list_select_related = ["user", "city", "added_by"]
    search_fields = ["user__email", "city__name_en"]
    readonly_fields = ["city", "user", "added_by", "added_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
