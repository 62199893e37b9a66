"""The Secretariat's side of the conference archive: editions with their sessions and
documents, each document with its language versions and the cities it features."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Conference, ConferenceDocument, ConferenceSession, DocumentVersion, Speaker


class SessionInline(TranslationTabularInline):
    model = ConferenceSession
    extra = 0
    fields = ["order", "kind", "title", "region", "key_question", "objective"]
    ordering = ["order", "pk"]
    show_change_link = True


class DocumentInline(TranslationTabularInline):
    model = ConferenceDocument
    extra = 0
    fields = ["order", "kind", "title"]
    ordering = ["order", "pk"]
    show_change_link = True


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["language", "title", "file", "url"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["number", "title", "host_city", "country", "starts_on", "status"]
    list_display_links = ["number", "title"]
    list_filter = ["status"]
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
                    "figures_note",
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
                    "contact",
                    "award_cycle",
                    "sources",
                ]
            },
        ),
    ]


@admin.register(ConferenceDocument)
class ConferenceDocumentAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "kind", "conference", "order"]
    list_filter = ["kind", "conference"]
    list_select_related = ["conference"]
    search_fields = ["title_en", "title_fr", "title_es", "versions__title"]
    autocomplete_fields = ["conference", "featured_cities"]
    inlines = [DocumentVersionInline]
    fields = ["conference", "kind", "title", "description", "order", "featured_cities"]


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
        "key_question",
        "objective",
        "speakers",
    ]
