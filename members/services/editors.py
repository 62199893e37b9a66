"""Who edits a member city's record: the focal point, whom staff invite, and the co-editors,
whom the focal point invites. Every invitation is a signed, expiring link (gnlc.core.
signed_links) that works once, for an account whose verified e-mail address is the one
invited.

Changing the focal point: staff send a new focal-point invitation. The current focal point
keeps access until the new one claims the city; from that moment the city has the new focal
point and the former one no longer edits it (the new focal point may invite them as a
co-editor). A new focal-point invitation withdraws the pending ones of the same city, so that
only one can be claimed.

Every check reads the current rows, inside the transaction that writes."""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cities.models import City
from cities.services import update_city
from gnlc.core.mail import absolute_url, queue_templated_mail
from gnlc.core.signed_links import find_by_token, issue_link
from gnlc.workflow.transitions import WorkflowError

from ..enums import EditorRole
from ..models import CityEditor, EditorInvitation
from ..permissions import is_focal_point

# How long an invitation works.
INVITATION_DAYS = 30


class EditorError(WorkflowError):
    """A rule refused the action; the message is for the person who tried."""


def claim_path(token, language):
    with translation.override(language):
        return reverse("members:claim", kwargs={"token": token})


def pending_invitations(city):
    """The city's invitations that can still be claimed, newest first."""
    return city.editor_invitations.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def _lock_city(city):
    return City.objects.select_for_update().get(pk=city.pk)


def _send_invitation(invitation, token):
    queue_templated_mail(
        template="members/editor_invitation",
        to=[invitation.email],
        language=invitation.language,
        context={
            "invitation": invitation,
            "city": invitation.city,
            "role": invitation.role,
            "inviter": invitation.invited_by,
            "url": absolute_url(claim_path(token, invitation.language)),
            "expires": invitation.expires_at,
        },
    )


def _issue(city, *, role, email, name, language, by):
    expires_at = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    invitation, token = issue_link(
        EditorInvitation,
        sent_to=[email],
        expires_at=expires_at,
        city=city,
        role=role,
        email=email,
        name=name,
        language=language,
        invited_by=by,
    )
    _send_invitation(invitation, token)
    return invitation, token


def invite_focal_point(city, *, email, name="", language="en", by):
    """Staff invite `email` to become the city's focal point: a link valid INVITATION_DAYS
    days, e-mailed in `language` after the commit. Pending focal-point invitations of the city
    are withdrawn. Returns (invitation, token); the token is never stored."""
    email = email.strip()
    with transaction.atomic():
        city = _lock_city(city)
        now = timezone.now()
        pending_invitations(city).filter(role=EditorRole.FOCAL_POINT).update(revoked_at=now)
        return _issue(
            city, role=EditorRole.FOCAL_POINT, email=email, name=name, language=language, by=by
        )


# Staff change the focal point by inviting the new one (see the module's docstring).
change_focal_point = invite_focal_point


def invite_co_editor(city, *, email, by, name="", language=None):
    """The focal point invites `email` as a co-editor: the e-mail goes in the focal point's
    language unless `language` is given. Refuses anyone but the focal point, the focal
    point's own address, and an address that already edits the city. A pending invitation
    of the same address is replaced by the new one. Returns (invitation, token)."""
    email = email.strip()
    with transaction.atomic():
        city = _lock_city(city)
        if not is_focal_point(by, city):
            raise EditorError(_("Only the city's focal point can invite co-editors."))
        if city.focal_point and city.focal_point.email.lower() == email.lower():
            raise EditorError(_("This is the focal point's own address."))
        if city.editors.filter(user__email__iexact=email).exists():
            raise EditorError(
                _("%(email)s is already a co-editor of %(city)s.") % {"email": email, "city": city}
            )
        pending_invitations(city).filter(role=EditorRole.CO_EDITOR, email__iexact=email).update(
            revoked_at=timezone.now()
        )
        return _issue(
            city,
            role=EditorRole.CO_EDITOR,
            email=email,
            name=name,
            language=language or by.language or "en",
            by=by,
        )


def revoke_invitation(invitation, *, by):
    """Withdraw an invitation that has not been claimed: staff may withdraw any, the focal
    point those for co-editors of their city. Returns False when it was no longer pending."""
    with transaction.atomic():
        invitation = (
            EditorInvitation.objects.select_for_update(of=("self",))
            .select_related("city")
            .get(pk=invitation.pk)
        )
        allowed = by.is_staff or (
            invitation.role == EditorRole.CO_EDITOR and is_focal_point(by, invitation.city)
        )
        if not allowed:
            raise EditorError(_("You may not withdraw this invitation."))
        if invitation.used_at or invitation.revoked_at:
            return False
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        return True


def remove_co_editor(editor, *, by):
    """The focal point (or staff) removes a co-editor: from now on the account no longer
    edits the city."""
    with transaction.atomic():
        editor = (
            CityEditor.objects.select_for_update(of=("self",))
            .select_related("city")
            .get(pk=editor.pk)
        )
        if not (by.is_staff or is_focal_point(by, editor.city)):
            raise EditorError(_("Only the city's focal point can remove co-editors."))
        editor.delete()


def invitation_for_token(token):
    """The invitation of a link, or None when the token is unknown."""
    return find_by_token(EditorInvitation.objects.select_related("city", "invited_by"), token)


def has_verified_address(user, email):
    """Whether `email` is one of the account's addresses that allauth has verified."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def claim_invitation(link, *, user):
    """The account `user` claims the invitation `link`: it becomes the city's focal point
    (City.focal_point, through update_city, so the city's history records it and who) or one
    of its co-editors. The link must still work and be for one of the account's verified
    addresses; it then works no more. An account without a name takes the invitation's.
    Returns the invitation."""
    with transaction.atomic():
        invitation = (
            EditorInvitation.objects.select_for_update(of=("self",))
            .select_related("city")
            .get(pk=link.pk)
        )
        if not invitation.is_usable():
            raise EditorError(_("This invitation no longer works. Ask for a new one."))
        if not has_verified_address(user, invitation.email):
            if user.email.lower() == invitation.email.lower():
                raise EditorError(
                    _(
                        "Your address %(email)s is not confirmed yet. Open the link in the "
                        "confirmation e-mail we sent you (or ask for a new one when you sign "
                        "in), then open this invitation again."
                    )
                    % {"email": invitation.email}
                )
            raise EditorError(
                _(
                    "This invitation is for %(email)s, and you are signed in as %(account)s. "
                    "Sign in with the invited address (or add and confirm it in your "
                    "account), then open the link again."
                )
                % {"email": invitation.email, "account": user.email}
            )
        city = _lock_city(invitation.city)
        if invitation.role == EditorRole.FOCAL_POINT:
            _make_focal_point(city, user, invitation)
        else:
            if city.focal_point_id == user.pk:
                raise EditorError(
                    _("You are already the focal point of %(city)s.") % {"city": city}
                )
            CityEditor.objects.get_or_create(
                city=city, user=user, defaults={"added_by": invitation.invited_by}
            )
        if not user.full_name.strip() and invitation.name.strip():
            # An account made for the claim has no name yet: the one staff or the focal point
            # typed on the invitation, so that the report's history says who saved what.
            user.full_name = invitation.name.strip()
            user.save(update_fields=["full_name"])
        invitation.used_at = timezone.now()
        invitation.claimed_by = user
        invitation.save(update_fields=["used_at", "claimed_by"])
        return invitation


def _make_focal_point(city, user, invitation):
    # A co-editor who becomes the focal point is no longer listed as a co-editor.
    city.editors.filter(user=user).delete()
    city._history_user = user  # simple_history: who made the change
    update_city(
        city,
        focal_point=user,
        focal_point_name=invitation.name or user.get_full_name() or city.focal_point_name,
        focal_point_email=user.email,
    )
