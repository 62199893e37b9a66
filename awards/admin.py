from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Award, AwardCycle, Criterion


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "weight", "word_limit"]
    ordering = ["order"]


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0
    fields = ["city"]
    autocomplete_fields = ["city"]
    show_change_link = True


@admin.register(AwardCycle)
class AwardCycleAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Cycles with their rules and weighted criteria; the phase is moved by the workflow,
    never edited as a field."""

    list_display = ["year", "title", "phase", "closes_at", "conference"]
    list_filter = ["phase"]
    search_fields = ["title_en", "title_fr", "title_es", "year"]
    readonly_fields = ["phase"]
    inlines = [CriterionInline, AwardInline]
    object_history_list_template = "admin/history_list.html"
    fieldsets = [
        (None, {"fields": ["year", "title", "description", "phase"]}),
        (
            _("Dates"),
            {"fields": ["opens_at", "closes_at", "time_zone", "conference", "conferred_on"]},
        ),
        (
            _("Rules of this cycle"),
            {
                "fields": [
                    "nominations_per_country",
                    "min_membership_months",
                    "years_before_winning_again",
                    "one_winner_per_country",
                    "max_winners_per_region",
                    "score_min",
                    "score_max",
                ]
            },
        ),
    ]


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["city", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    autocomplete_fields = ["city"]
    readonly_fields = ["application"]
    object_history_list_template = "admin/history_list.html"
