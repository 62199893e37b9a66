"""Who edits a member city's record: its focal point (City.focal_point, kept in cities) and
the co-editors the focal point invites; the signed invitations that bring them in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import City
from gnlc.core.signed_links import SignedLink

from ..enums import EditorRole


class CityEditor(models.Model):
    """A co-editor of a member city: an account the focal point invited, who may update the
    profile proposal and the progress report with them. The focal point is City.focal_point."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="editors", verbose_name=_("city")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="city_editorships",
        verbose_name=_("account"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-editor")
        verbose_name_plural = _("co-editors")
        ordering = ["city", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["city", "user"], name="city_editor_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.city}"


class EditorInvitation(SignedLink):
    """A signed, expiring link that makes the account that claims it the city's focal point
    (sent by staff) or a co-editor (sent by the focal point). Only the hash of its token is
    kept; it works once, for an account whose e-mail address is the one invited."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="editor_invitations", verbose_name=_("city")
    )
    role = models.CharField(_("role"), max_length=12, choices=EditorRole)
    email = models.EmailField(_("invited address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta(SignedLink.Meta):
        verbose_name = _("editor invitation")
        verbose_name_plural = _("editor invitations")

    def __str__(self):
        return f"{self.email} — {self.city} ({self.get_role_display()})"

    def is_usable(self, at=None):
        return self.revoked_at is None and super().is_usable(at)
