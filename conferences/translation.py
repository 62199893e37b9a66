import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion, Speaker


@register(Conference)
class ConferenceTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "theme",
        "host_name",
        "venue",
        "dates_text",
        "participants",
        "countries",
        "speakers_figure",
        "media",
        "figures_note",
        "summary",
        "objectives",
        "contact",
        "image_alt",
    )
    required_languages = {"en": ("title",)}


@register(ConferenceSession)
class ConferenceSessionTranslationOptions(TranslationOptions):
    fields = ("title", "introduction", "key_question", "objective")
    required_languages = {"en": ("title",)}


@register(Speaker)
class SpeakerTranslationOptions(TranslationOptions):
    fields = ("title", "organisation")


@register(ConferenceDocument)
class ConferenceDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


# Field-level history of the archive (after the translated fields exist, so that it keeps them).
for model in (Conference, ConferenceSession, Speaker, ConferenceDocument, DocumentVersion):
    simple_history.register(model)
