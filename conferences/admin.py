"""The Secretariat's side of the conference archive: editions with their sessions and
documents, each document with its language versions and the cities it features."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from gnlc.core.provenance import provenance_fieldset
from gnlc.core.public_image import IMAGE_FORM_FIELDS, public_image_fieldset

from .enums import DOCUMENT_LANGUAGES
from .models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion, Speaker


class SessionInline(TranslationTabularInline):
    model = ConferenceSession
    extra = 0
    fields = ["order", "kind", "title", "region", "introduction", "key_question", "objective"]
    ordering = ["order", "pk"]
    show_change_link = True


class DocumentInline(TranslationTabularInline):
    model = ConferenceDocument
    extra = 0
    fields = ["order", "kind", "title"]
    ordering = ["order", "pk"]
    show_change_link = True


class DocumentVersionFormSet(BaseInlineFormSet):
    """Two versions of one document may not share an address, also when both are new (each
    form's model validation only sees the versions already saved)."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("url"):
                continue
            if data["url"] in seen:
                form.add_error(
                    "url",
                    _(
                        "The %(language)s version already links to this address. Each "
                        "language version links to that language's own document."
                    )
                    % {"language": seen[data["url"]]},
                )
            else:
                seen[data["url"]] = dict(DOCUMENT_LANGUAGES).get(data.get("language"), "")


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    formset = DocumentVersionFormSet
    extra = 0
    fields = ["language", "title", "file", "url"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["number", "title", "host_city", "country", "starts_on", "status", "confirmed"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "confirmed"]
    formfield_overrides = IMAGE_FORM_FIELDS
    ordering = ["number"]
    search_fields = ["title_en", "title_fr", "title_es", "theme_en", "host_name_en", "slug"]
    autocomplete_fields = ["host_city"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [SessionInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["number", "slug", "title", "theme", "status"]}),
        (
            _("Host and dates"),
            {
                "fields": [
                    "host_city",
                    "host_name",
                    "country",
                    "venue",
                    "starts_on",
                    "ends_on",
                    "dates_text",
                ]
            },
        ),
        (
            _("Figures"),
            {
                "fields": [
                    "participants",
                    "countries",
                    "speakers_figure",
                    "media",
                ]
            },
        ),
        (
            _("About"),
            {
                "fields": [
                    "summary",
                    "objectives",
                    "hashtags",
                    "website",
                    "speakers_page",
                    "materials_page",
                    "contact",
                    "award_cycle",
                ]
            },
        ),
        public_image_fieldset(),
        (
            provenance_fieldset(collapsed=False)[0],
            {
                **provenance_fieldset(collapsed=False)[1],
                "fields": [*provenance_fieldset()[1]["fields"], "figures_note"],
            },
        ),
    ]


@admin.register(ConferenceDocument)
class ConferenceDocumentAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "kind", "conference", "order", "confirmed"]
    list_filter = ["kind", "conference", "confirmed"]
    list_select_related = ["conference"]
    search_fields = ["title_en", "title_fr", "title_es", "versions__title"]
    autocomplete_fields = ["conference", "featured_cities"]
    inlines = [DocumentVersionInline]
    fieldsets = [
        (None, {"fields": ["conference", "kind", "title", "description", "order"]}),
        (None, {"fields": ["featured_cities"]}),
        provenance_fieldset(collapsed=False),
    ]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "title", "organisation", "country"]
    search_fields = ["name", "title_en", "organisation_en"]
    list_filter = ["country"]


@admin.register(ConferenceSession)
class ConferenceSessionAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "kind", "conference", "order", "region"]
    list_filter = ["kind", "conference"]
    list_select_related = ["conference"]
    search_fields = ["title_en", "title_fr", "title_es", "key_question_en"]
    autocomplete_fields = ["conference", "speakers"]
    fields = [
        "conference",
        "kind",
        "order",
        "title",
        "region",
        "introduction",
        "key_question",
        "objective",
        "speakers",
    ]
