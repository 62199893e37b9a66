from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("conference status", "Planned")
    HELD = "held", pgettext_lazy("conference status", "Held")


class SessionKind(models.TextChoices):
    """In the order a programme lists them."""

    OPENING = "opening", _("Opening ceremony")
    PLENARY = "plenary", _("Plenary session")
    MAYORS_FORUM = "mayors_forum", _("Mayors' forum")
    THEMATIC_FORUM = "thematic_forum", _("Thematic forum")
    REGIONAL_FORUM = "regional_forum", _("Regional forum")
    PARALLEL_SESSION = "parallel_session", _("Parallel session")


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    STATEMENT = "statement", _("Statement")
    CALL_TO_ACTION = "call_to_action", _("Call to action")
    MANIFESTO = "manifesto", _("Manifesto")
    REPORT = "report", _("Report")
    PUBLICATION = "publication", _("Publication")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    FLYER = "flyer", _("Flyer")
    OTHER = "other", _("Other document")


# Outcome documents are listed first on a conference's page.
OUTCOME_KINDS = (
    DocumentKind.DECLARATION,
    DocumentKind.STATEMENT,
    DocumentKind.CALL_TO_ACTION,
    DocumentKind.MANIFESTO,
)

# Versions of documents exist in UNESCO's six languages, not only the portal's three.
DOCUMENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh", "中文"),
    ("ru", "Русский"),
]
