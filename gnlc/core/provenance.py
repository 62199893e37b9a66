"""Where a piece of public content comes from: kept for staff, never shown to the public.

A record that inherits `Provenance` carries its sources, the day an editor last checked them,
whether UIL has confirmed the fact, and an editor's note. The admin shows these fields in one
collapsed fieldset (`provenance_fieldset()`); public pages, the open data and exports never show
them, and public querysets leave out what is not confirmed (`.filter(confirmed=True)`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PROVENANCE_FIELDS = ("confirmed", "sources", "checked_on", "editor_note")


class Provenance(models.Model):
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_(
            "Untick while a fact rests only on unconfirmed or conflicting sources: "
            "it then stays off the public pages and the open data."
        ),
    )
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Addresses of the sources, one per line.")
    )
    checked_on = models.DateField(_("sources checked on"), null=True, blank=True)
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("For staff only: doubts, disagreements between sources, what to check next."),
    )

    class Meta:
        abstract = True


def provenance_fieldset(*, collapsed=True):
    """The admin fieldset of a model that inherits `Provenance`."""
    options = {
        "fields": PROVENANCE_FIELDS,
        "description": _("Staff only: never shown on the public pages or in the open data."),
    }
    if collapsed:
        options["classes"] = ["collapse"]
    return (_("Provenance (staff only)"), options)
