"""UIL staff's review queue of award applications (SPEC §4).

Staff never edit an application as a form: the change page shows its answers, documents,
events and jury assignments read-only, and every change is a POST to an action view that
calls exactly one service of awards.services (gnlc.workflow.admin, STYLE habit 2)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cities.admin.filters import RegionListFilter
from cities.enums import Region
from cities.uploads import serve_private_pdf
from gnlc.core.countries import collation_key
from gnlc.workflow.admin import PrivateFile, StaffAction, WorkflowAdminMixin
from gnlc.workflow.forms import NoInputForm

from .. import services
from ..enums import AwardApplicationState
from ..exports import applications_file
from ..forms import AssignJurorForm, AssignJurorsForm, EligibleForm, NotEligibleForm
from ..models import AwardApplication, AwardCycle

State = AwardApplicationState
TEMPLATES = "admin/awards/awardapplication"


class CityRegionListFilter(RegionListFilter):
    lookup = "city__region"


class CountryListFilter(admin.SimpleListFilter):
    """The countries of the cities that have applied."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        cities = {
            application.city.country.code: application.city.country.name
            for application in model_admin.get_queryset(request).select_related("city")
        }
        return sorted(cities.items(), key=lambda item: collation_key(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(city__country=self.value())
        return queryset


def assign_jurors(application, data, by):
    """The list's action: each chosen juror assigned to `application` (services.assign_juror,
    which e-mails the juror), and the line of the report saying who was and who already was.
    Refused (AwardError) when every chosen juror already was: nothing changes then."""
    assigned = set(application.assignments.values_list("juror_id", flat=True))
    new = [juror for juror in data["jurors"] if juror.pk not in assigned]
    already = [juror for juror in data["jurors"] if juror.pk in assigned]
    if not new:
        raise services.AwardError(
            _("every chosen juror was already assigned to it; nothing changed")
        )
    for juror in new:
        services.assign_juror(application, juror, by=by)
    line = _("Assigned: %(jurors)s.") % {"jurors": ", ".join(j.email for j in new)}
    if already:
        line += " " + _("Already assigned: %(jurors)s.") % {
            "jurors": ", ".join(j.email for j in already)
        }
    return line


STAFF_ACTIONS = [
    StaffAction(
        "eligible",
        _("Screen: eligible"),
        _("Eligible"),
        EligibleForm,
        lambda a, data, by: services.screen_application(
            a, eligible=True, reason=data["reason"], by=by
        ),
        _("%(application)s is eligible."),
        target=State.ELIGIBLE,
        needs_confirmation=True,
        style="approve",
        bulk_label=_("Screening: the selected applications are eligible"),
    ),
    StaffAction(
        "not-eligible",
        _("Screen: not eligible"),
        _("Not eligible"),
        NotEligibleForm,
        lambda a, data, by: services.screen_application(
            a, eligible=False, reason=data["reason"], by=by
        ),
        _("%(application)s is not eligible."),
        target=State.NOT_ELIGIBLE,
        needs_confirmation=True,
        style="danger",
        bulk_label=_("Screening: the selected applications are not eligible (one reason)"),
    ),
    StaffAction(
        "shortlist",
        _("Shortlist for the jury"),
        _("Shortlist"),
        NoInputForm,
        lambda a, data, by: services.shortlist_application(a, by=by),
        _("%(application)s is shortlisted."),
        target=State.SHORTLISTED,
        bulk_label=_("Shortlist the selected applications for the jury"),
    ),
    StaffAction(
        "assign-juror",
        _("Assign a juror"),
        _("Assign"),
        AssignJurorForm,
        lambda a, data, by: services.assign_juror(a, data["juror"], by=by),
        _("The juror is assigned to %(application)s."),
        only_from=(State.ELIGIBLE, State.SHORTLISTED),
        bulk_label=_("Assign jurors to the selected applications"),
        bulk_form_class=AssignJurorsForm,
        bulk_service=assign_jurors,
    ),
]


@admin.register(AwardApplication)
class AwardApplicationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = services.AWARD_APPLICATION
    staff_actions = STAFF_ACTIONS
    private_files = [
        PrivateFile(
            "consent-form/", "consent", lambda a: a.consent_form, lambda a: f"consent-{a.pk}.pdf"
        )
    ]
    object_pages = [("document/<int:document_id>/", "document")]
    serve_file = staticmethod(serve_private_pdf)
    change_form_template = f"{TEMPLATES}/change_form.html"
    list_display = ["city", "country", "region", "cycle", "state", "submitted_at"]
    list_filter = ["cycle", "state", CityRegionListFilter, CountryListFilter]
    list_select_related = ["city", "cycle"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    fields = ["cycle", "city", "state", "submitted_by", "submitted_at", "screening_note"]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("country"), ordering="city__country")
    def country(self, application):
        return application.city.country.name

    @admin.display(description=_("UNESCO region"), ordering="city__region")
    def region(self, application):
        code = application.city.region
        return Region(code).label if code else "—"

    def review_context(self, request, application):
        """Beside the record: the answers, the documents and consent form, the timeline, the
        jurors and their conflicts."""
        return {
            "answers": application.answers.select_related("criterion").order_by("criterion__order"),
            "documents": [
                (document, self.admin_url("document", application.pk, document.pk))
                for document in application.documents.all()
            ],
            "consent_url": self.admin_url("consent", application.pk)
            if application.consent_form
            else "",
            "events": application.events.select_related("actor").order_by("created_at", "pk"),
            "assignments": application.assignments.select_related("juror").order_by("juror__email"),
            "conflicts": {c.juror_id: c for c in application.conflicts.all()},
        }

    def message_values(self, application):
        return {"application": application}

    def confirmation_context(self, request, application, action, data):
        """What a screening decision does (neither sends an e-mail: services.screen_application
        sends none)."""
        if action.name == "eligible":
            consequences = [
                _(
                    "The application becomes “%(state)s”: it may then be "
                    "shortlisted for the jury and given jurors."
                )
                % {"state": State.ELIGIBLE.label},
                _(
                    "No e-mail is sent: the city's focal point sees the new state, and the note "
                    "below if you wrote one, on the application's page."
                ),
            ]
        else:
            consequences = [
                _(
                    "The application becomes “%(state)s” and is closed: it leaves this "
                    "cycle and cannot be reopened."
                )
                % {"state": State.NOT_ELIGIBLE.label},
                _(
                    "No e-mail is sent: the city's focal point reads the reason below on the "
                    "application's page."
                ),
            ]
        return {"consequences": consequences}

    def get_workflow_urls(self):
        return [
            path(
                "cycle/<int:cycle_id>/applications.<str:fmt>",
                self.admin_site.admin_view(self.cycle_export_view),
                name=self.url_name("cycle_export"),
            )
        ]

    def cycle_export_view(self, request, cycle_id, fmt):
        """A cycle's applications with every answer, one row each, as CSV or XLSX, for staff
        allowed to view applications; with the summary of the scores for those who may also
        see the cycle's ranking (the view permission on cycles)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            raise Http404
        cycle = get_object_or_404(AwardCycle, pk=cycle_id)
        with_scores = request.user.has_perm("awards.view_awardcycle") or request.user.has_perm(
            "awards.change_awardcycle"
        )
        return applications_file(cycle, fmt, with_scores=with_scores)

    def document_view(self, request, object_id, document_id):
        application = self.get_viewable_subject(request, object_id)
        document = application.documents.filter(pk=document_id).first()
        if document is None:
            raise Http404
        return serve_private_pdf(document.file, f"document-{document.pk}.pdf")
