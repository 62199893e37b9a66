from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Award, AwardCycle, Criterion
from .selectors_jury import DISAGREEMENT_SHARE, ranking


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
    change_form_template = "admin/awards/awardcycle/change_form.html"
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

    def get_urls(self):
        custom = [
            path(
                "<path:object_id>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="awards_awardcycle_ranking",
            )
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "ranking_url": reverse("admin:awards_awardcycle_ranking", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def ranking_view(self, request, object_id):
        """The jury's results for staff: weighted mean, median, normalised score, spread and
        disagreement per application, best first (awards.selectors_jury.ranking)."""
        cycle = self.get_object(request, unquote(object_id))
        if cycle is None:
            raise Http404
        if not self.has_view_permission(request, cycle):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": cycle,
            "title": _("Ranking of %(cycle)s") % {"cycle": cycle},
            "rows": ranking(cycle),
            "threshold": DISAGREEMENT_SHARE * (cycle.score_max - cycle.score_min),
        }
        return TemplateResponse(request, "admin/awards/awardcycle/ranking.html", context)


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["city", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    autocomplete_fields = ["city"]
    readonly_fields = ["application"]
    object_history_list_template = "admin/history_list.html"
