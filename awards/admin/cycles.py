"""Award cycles (rules, criteria, phase, ranking, the board that publishes the winners, the
scores' export) and awards in the back office."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from cities.enums import Region
from gnlc.core.provenance import provenance_fieldset
from gnlc.core.public_image import IMAGE_FORM_FIELDS, public_image_fieldset

from .. import services
from ..enums import CyclePhase
from ..exports import score_rows, scores_csv, scores_xlsx
from ..models import Award, AwardCycle, Criterion
from ..selectors_jury import DISAGREEMENT_SHARE, ranking


class CriterionInline(TranslationStackedInline):
    """Stacked: each criterion has its name and its scoring guide in every language."""

    model = Criterion
    extra = 0
    fields = [("order", "weight", "word_limit"), "name", "guide_lowest", "guide_highest"]
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

    list_display = ["year", "title", "phase", "closes_at", "conference", "is_demonstration"]
    list_filter = ["phase", "is_demonstration"]
    search_fields = ["title_en", "title_fr", "title_es", "year"]
    readonly_fields = ["phase"]
    formfield_overrides = IMAGE_FORM_FIELDS
    inlines = [CriterionInline, AwardInline]
    object_history_list_template = "admin/history_list.html"
    change_form_template = "admin/awards/awardcycle/change_form.html"
    fieldsets = [
        (None, {"fields": ["year", "title", "description", "phase", "is_demonstration"]}),
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
        public_image_fieldset(),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        custom = [
            path(
                "<path:object_id>/ranking/",
                view(self.ranking_view),
                name="awards_awardcycle_ranking",
            ),
            path(
                "<path:object_id>/advance/",
                view(self.advance_view),
                name="awards_awardcycle_advance",
            ),
            path(
                "<path:object_id>/board/",
                view(self.board_view),
                name="awards_awardcycle_board",
            ),
            path(
                "<path:object_id>/scores.<str:fmt>",
                view(self.export_view),
                name="awards_awardcycle_scores",
            ),
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        def url(name, *args):
            return reverse(f"admin:awards_awardcycle_{name}", args=[object_id, *args])

        extra_context = {
            **(extra_context or {}),
            "ranking_url": url("ranking"),
            "board_url": url("board"),
            "advance_url": url("advance"),
            "csv_url": url("scores", "csv"),
            "xlsx_url": url("scores", "xlsx"),
            "applications_urls": {
                fmt: reverse("admin:awards_awardapplication_cycle_export", args=[object_id, fmt])
                for fmt in ("csv", "xlsx")
            },
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _cycle(self, request, object_id, *, change=False):
        cycle = self.get_object(request, unquote(object_id))
        if cycle is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, cycle)
            if change
            else self.has_view_permission(request, cycle)
        )
        if not allowed:
            raise PermissionDenied
        return cycle

    def advance_view(self, request, object_id):
        """POST only: move the cycle to its next phase (services.advance_phase)."""
        cycle = self._cycle(request, object_id, change=True)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            services.advance_phase(cycle, by=request.user)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(cycle)s is now in the phase “%(phase)s”.")
                % {"cycle": cycle, "phase": cycle.get_phase_display()},
            )
        return redirect(reverse("admin:awards_awardcycle_change", args=[cycle.pk]))

    def board_view(self, request, object_id):
        """The ranking grouped by UNESCO region, where staff pick the winners and write their
        citations. A POST shows what publishing would do (services.results_plan) and asks for
        confirmation; the confirmed POST publishes (services.publish_results), the cycle and
        its applications as they are then. "Change the choice" comes back with the input."""
        cycle = self._cycle(request, object_id, change=request.method == "POST")
        rows = ranking(cycle)
        errors = []
        if request.method == "POST":
            by_pk = {row.application.pk: row.application for row in rows}
            picked = [
                by_pk[int(v)]
                for v in request.POST.getlist("winner")
                if v.isdigit() and int(v) in by_pk
            ]
            citations = {
                application.pk: {
                    code: request.POST.get(f"citation-{application.pk}-{code}", "")
                    for code in ("en", "fr", "es")
                }
                for application in picked
            }
            try:
                if "edit" in request.POST:
                    pass
                elif request.POST.get("confirmed") == "publish":
                    services.publish_results(
                        cycle, winners=picked, citations=citations, by=request.user
                    )
                    messages.success(
                        request, _("The results of %(cycle)s are published.") % {"cycle": cycle}
                    )
                    return redirect(reverse("admin:awards_awardcycle_change", args=[cycle.pk]))
                else:
                    won, lost = services.results_plan(cycle, winners=picked, citations=citations)
                    return self.board_confirmation(request, cycle, won, lost, citations)
            except services.AwardError as error:
                errors.append(str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": cycle,
            "title": _("Winners of %(cycle)s, by region") % {"cycle": cycle},
            "regions": board_by_region(rows, request.POST if request.method == "POST" else None),
            "errors": errors,
            "can_publish": cycle.phase == "deliberation"
            and self.has_change_permission(request, cycle),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/awards/awardcycle/board.html", context)

    def board_confirmation(self, request, cycle, won, lost, citations):
        """What publishing the results would do, with the board's input kept in hidden fields
        and two buttons: confirm, or change the choice."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": cycle,
            "title": _("Confirm the results of %(cycle)s") % {"cycle": cycle},
            "winners": [
                {
                    "application": application,
                    "citation": citations[application.pk]["en"].strip(),
                    "address": services.result_recipient(application),
                }
                for application in won
            ],
            "others": [
                {"application": application, "address": services.result_recipient(application)}
                for application in lost
            ],
            "published_label": CyclePhase.PUBLISHED.label,
            "kept": [
                (name, value)
                for name in request.POST
                if name == "winner" or name.startswith("citation-")
                for value in request.POST.getlist(name)
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/awards/awardcycle/board_confirm.html", context)

    def export_view(self, request, object_id, fmt):
        """Every score and comment of the cycle, one row per juror × application × criterion,
        as CSV or XLSX (formula cells neutralised)."""
        cycle = self._cycle(request, object_id)
        if fmt not in ("csv", "xlsx"):
            raise Http404
        rows = score_rows(cycle)
        return scores_csv(cycle, rows) if fmt == "csv" else scores_xlsx(cycle, rows)

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


def board_by_region(rows, posted=None):
    """The ranking rows grouped by the city's UNESCO region (in Region's order), each with
    its position in the whole ranking and, after a refused POST, what staff had entered."""
    groups = {region.value: [] for region in Region}
    groups[""] = []
    for rank, row in enumerate(rows, start=1):
        pk = row.application.pk
        entry = {
            "rank": rank,
            "row": row,
            "pickable": row.application.state == "shortlisted",
            "picked": posted is not None and str(pk) in posted.getlist("winner"),
            "citations": [
                (code, label, posted.get(f"citation-{pk}-{code}", "") if posted else "")
                for code, label in (("en", "English"), ("fr", "Français"), ("es", "Español"))
            ],
        }
        groups.setdefault(row.application.city.region or "", []).append(entry)
    labels = dict(Region.choices)
    return [
        {"code": code, "label": labels.get(code, _("No UNESCO region")), "entries": entries}
        for code, entries in groups.items()
        if entries
    ]


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["city", "cycle", "confirmed"]
    list_filter = ["cycle", "confirmed"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    autocomplete_fields = ["city"]
    readonly_fields = ["application"]
    fieldsets = [
        (None, {"fields": ["cycle", "city", "citation", "application"]}),
        provenance_fieldset(collapsed=False),
    ]
    object_history_list_template = "admin/history_list.html"
