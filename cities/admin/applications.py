"""UIL staff's review queue of membership applications (SPEC §2, §4).

Staff never edit an application as a form: the change page shows it read-only, like the
official form, and every change of state is a POST to an action view that calls exactly one
service of cities.services.applications (gnlc.workflow.admin, STYLE habit 2).
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export import fields, resources
from import_export.admin import ExportMixin

from gnlc.core.spreadsheets import ExportFormatsMixin
from gnlc.workflow.admin import PrivateFile, StaffAction, WorkflowAdminMixin
from gnlc.workflow.forms import NoInputForm

from ..enums import ApplicationState, MembershipStatus
from ..exports import applications_file
from ..forms import (
    ApproveForm,
    InternalNoteForm,
    RecordCommissionDecisionForm,
    RejectForm,
    RequestInformationForm,
    StaffWithdrawForm,
)
from ..forms.staff import AdmissionCoordinatesForm
from ..models import ApplicationEvent, MembershipApplication, MembershipCall
from ..regions import region_label
from ..selectors import call_summary
from ..services import applications as services
from ..uploads import serve_private_pdf
from .calls import export_url, summary_url
from .filters import CountryRegionListFilter

State = ApplicationState
TEMPLATES = "admin/cities/membershipapplication"

# --- The actions staff take on one application ---------------------------------------------

STAFF_ACTIONS = [
    StaffAction(
        "commission-decision",
        _("Record the National Commission's decision received outside the portal"),
        _("Record the decision"),
        RecordCommissionDecisionForm,
        lambda a, data, by: services.record_commission_decision_by_staff(
            a, decision=data["decision"], note=data["note"], by=by, document=data["document"]
        ),
        _("The National Commission's decision on “%(city)s” is recorded."),
        only_from=(State.SUBMITTED,),
    ),
    StaffAction(
        "start-review",
        _("Start the review"),
        _("Start the review"),
        NoInputForm,
        lambda a, data, by: services.start_review(a, by=by),
        _("The review of “%(city)s” has started."),
        target=State.UNDER_REVIEW,
        only_from=(State.ENDORSED,),
        bulk_label=_("Start the review of the selected applications"),
    ),
    StaffAction(
        "request-information",
        _("Request information from the applicant"),
        _("Send the request"),
        RequestInformationForm,
        lambda a, data, by: services.request_information(a, message=data["message"], by=by),
        _("The request was sent to the applicant of “%(city)s”."),
        target=State.INFO_REQUESTED,
    ),
    StaffAction(
        "approve",
        _("Approve: admit the city"),
        _("Approve"),
        ApproveForm,
        lambda a, data, by: services.approve_application(
            a,
            note=data["note"],
            by=by,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        ),
        _("“%(city)s” is admitted; the welcome e-mail is on its way to the applicant."),
        target=State.APPROVED,
        unchanged=_("This application was already approved; nothing changed."),
        needs_confirmation=True,
        style="approve",
    ),
    StaffAction(
        "reject",
        _("Reject"),
        _("Reject"),
        RejectForm,
        lambda a, data, by: services.reject_application(a, reason=data["reason"], by=by),
        _("“%(city)s” is not admitted; the applicant is told the reason."),
        target=State.REJECTED,
        needs_confirmation=True,
        style="danger",
    ),
    StaffAction(
        "withdraw",
        _("Withdraw at the applicant's request"),
        _("Withdraw"),
        StaffWithdrawForm,
        lambda a, data, by: services.withdraw_application(a, note=data["note"], by=by),
        _("The application of “%(city)s” is withdrawn."),
        target=State.WITHDRAWN,
    ),
    StaffAction(
        "internal-note",
        _("Add an internal note"),
        _("Add the note"),
        InternalNoteForm,
        lambda a, data, by: services.add_internal_note(a, note=data["note"], by=by),
        _("The internal note on “%(city)s” is saved."),
    ),
]


# --- The CSV export -------------------------------------------------------------------------


class MembershipApplicationResource(resources.ModelResource):
    """The queue as a spreadsheet: no texts, no pledge, no notes, no contact details."""

    call = fields.Field(column_name="call", attribute="call__title")
    applicant_email = fields.Field(column_name="applicant_email", attribute="applicant__email")

    class Meta:
        model = MembershipApplication
        fields = (
            "id",
            "city_name",
            "country",
            "call",
            "state",
            "submitted_at",
            "decided_at",
            "applicant_email",
            "language",
        )
        export_order = fields


# --- The review queue -----------------------------------------------------------------------

RECORD_FIELDS = [
    "call",
    "applicant",
    "state",
    "city",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(
    WorkflowAdminMixin, ExportFormatsMixin, ExportMixin, admin.ModelAdmin
):
    workflow = services.MEMBERSHIP
    staff_actions = STAFF_ACTIONS
    private_files = [
        # The mayor's signed pledge, and the National Commission's letter that staff attached.
        PrivateFile(
            "pledge/", "pledge", lambda a: a.pledge, lambda a: a.pledge_name or f"pledge-{a.pk}.pdf"
        ),
        PrivateFile(
            "commission-letter/",
            "letter",
            lambda a: a.commission_letter,
            lambda a: f"commission-letter-{a.pk}.pdf",
        ),
    ]
    serve_file = staticmethod(serve_private_pdf)
    resource_classes = [MembershipApplicationResource]
    # Our CSP-safe export page (the package's has inline styles).
    export_template_name = "admin/export_form.html"
    # Extends the package's export change list, so that its "Export" button stays.
    import_export_change_list_template = f"{TEMPLATES}/change_list.html"
    change_form_template = f"{TEMPLATES}/change_form.html"
    list_display = [
        "city_name_or_number",
        "country",
        "region",
        "call",
        "state",
        "submitted",
        "last_event",
    ]
    list_filter = ["state", "call", CountryRegionListFilter, ("country", CountryFilter)]
    list_select_related = ["call"]
    search_fields = ["city_name", "applicant__email", "contact_name"]
    ordering = [F("submitted_at").desc(nulls_last=True), "-pk"]
    fields = RECORD_FIELDS
    list_per_page = 50

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    def get_queryset(self, request):
        latest = ApplicationEvent.objects.filter(application=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_event_at=Subquery(latest.values("created_at")[:1]),
                last_event_to=Subquery(latest.values("to_state")[:1]),
            )
        )

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("call", "applicant")

    # Columns

    @admin.display(description=_("city"), ordering="city_name")
    def city_name_or_number(self, application):
        return str(application)

    @admin.display(description=_("UNESCO region"))
    def region(self, application):
        return region_label(application.country) or "—"

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, application):
        if not application.submitted_at:
            return "—"
        return timezone.localtime(application.submitted_at).strftime("%Y-%m-%d")

    @admin.display(description=_("last event"), ordering="last_event_at")
    def last_event(self, application):
        """The date of the newest event; the State column says where it led, so only a
        note (which changes no state) is named."""
        if not application.last_event_at:
            return "—"
        when = timezone.localtime(application.last_event_at).strftime("%Y-%m-%d")
        return when if application.last_event_to else f"{when} ({_('note')})"

    # Pages

    def get_workflow_urls(self):
        return [
            path(
                "call/<int:call_id>/summary/",
                self.admin_site.admin_view(self.call_summary_view),
                name=self.url_name("call_summary"),
            ),
            path(
                "call/<int:call_id>/applications.<str:fmt>",
                self.admin_site.admin_view(self.call_export_view),
                name=self.url_name("call_export"),
            ),
        ]

    def call_export_view(self, request, call_id, fmt):
        """A call's applications with every answer of the form, one row each, as CSV or XLSX
        (cities.exports), for staff allowed to view applications."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            raise Http404
        call = get_object_or_404(MembershipCall, pk=call_id)
        return applications_file(call, fmt)

    def changelist_view(self, request, extra_context=None):
        # The summary of the call the list is filtered on, or else of the newest call.
        calls = MembershipCall.objects.order_by("-opens_at")
        chosen = request.GET.get("call__id__exact", "")
        summary_call = (calls.filter(pk=chosen).first() if chosen.isdigit() else None) or (
            calls.first()
        )
        return super().changelist_view(
            request, {**(extra_context or {}), "summary_call": summary_call}
        )

    def review_context(self, request, application):
        """Beside the record: the form, the pledge, the Commission's links and letter, the
        timeline, and the endorsements its country has left while the Commission decides."""
        return {
            "application": application,
            "ratings": application.challenge_ratings.select_related("theme").order_by(
                "theme__order", "theme__pk"
            ),
            "pledge_url": self.admin_url("pledge", application.pk) if application.pledge else "",
            "letter_url": self.admin_url("letter", application.pk)
            if application.commission_letter
            else "",
            "summary_url": summary_url(application.call_id),
            "events": application.events.select_related("actor").order_by("created_at", "pk"),
            "invitations": application.commission_invitations.order_by("created_at"),
            "endorsements_left": services.endorsements_left(application.call, application.country)
            if application.state == State.SUBMITTED
            else None,
        }

    def message_values(self, application):
        return {"city": application}

    # Confirmation of the decisions (approve, reject)

    def confirmation_key(self, application, action):
        """The state and, for an approval, the city it would create or link: if another
        city of that name was recorded meanwhile, staff confirm again."""
        key = str(application.state)
        if action.name == "approve":
            city = services.existing_city(application)
            key += f":city-{city.pk}" if city else ":new-city"
        return key

    def confirmation_form_class(self, application, action):
        if action.name == "approve" and not services.admission_plan(application).has_coordinates:
            return AdmissionCoordinatesForm
        return None

    def confirmation_context(self, request, application, action, data):
        email, language = services.decision_recipient(application)
        recipient = {"email": email, "language": dict(settings.LANGUAGES).get(language, language)}
        if action.name == "approve":
            consequences = self.approval_consequences(application, recipient)
        else:
            consequences = [
                _(
                    "The application becomes “%(state)s” and is closed: it cannot be "
                    "reopened, and no member city is created or changed."
                )
                % {"state": State.REJECTED.label},
                _(
                    "The applicant (%(email)s) receives an e-mail in %(language)s giving the "
                    "reason below, which also appears on the application's timeline."
                )
                % recipient,
            ]
        return {"consequences": consequences}

    def approval_consequences(self, application, recipient):
        plan = services.admission_plan(application)
        values = {
            "city": application.city_name,
            "country": application.country.name,
            "day": date_format(timezone.localdate(), "DATE_FORMAT"),
        }
        if plan.city is None:
            lines = [
                _(
                    "A new member city is created: “%(city)s” (%(country)s), a member from "
                    "today, %(day)s, with the application's profile (mayor, website, figures) "
                    "and the applicant as its focal point."
                )
                % values
            ]
        else:
            values.update(status=plan.city.get_status_display(), number=plan.city.pk)
            lines = [
                _(
                    "No new city: the application is linked to the existing member city "
                    "“%(city)s” (%(country)s, no. %(number)s, now “%(status)s”); its mayor, "
                    "website, figures and focal point become the application's, and its "
                    "history is kept."
                )
                % values
            ]
            if plan.city.status == MembershipStatus.WITHDRAWN:
                lines.append(
                    _(
                        "The city had left the network: it is an active member again from "
                        "today, %(day)s."
                    )
                    % values
                )
        if plan.has_coordinates:
            where = {"latitude": f"{plan.latitude:.5f}", "longitude": f"{plan.longitude:.5f}"}
            if plan.place is not None:
                where["source"] = _("GeoNames: %(place)s") % {"place": plan.place.name}
            else:
                where["source"] = _("the city's record")
            lines.append(
                _("On the map at latitude %(latitude)s, longitude %(longitude)s (%(source)s).")
                % where
            )
        else:
            lines.append(
                _(
                    "The gazetteer (GeoNames) has no place named “%(city)s” in %(country)s: "
                    "give the city's latitude and longitude below."
                )
                % values
            )
        lines += [
            _(
                "The city appears at once in the public directory, on the map, on its own "
                "profile page and in the open-data API."
            ),
            _(
                "The applicant (%(email)s) receives the welcome e-mail in %(language)s, with "
                "the note below if you wrote one."
            )
            % recipient,
        ]
        return lines

    # The per-call summary

    def call_summary_view(self, request, call_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        call = get_object_or_404(MembershipCall, pk=call_id)
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Applications to “%(call)s”") % {"call": call},
            "call": call,
            "calls": MembershipCall.objects.order_by("-opens_at"),
            "export_urls": {fmt: export_url(call.pk, fmt) for fmt in ("csv", "xlsx")},
            **call_summary(call, changelist_url=self.admin_url("changelist")),
        }
        return TemplateResponse(request, f"{TEMPLATES}/call_summary.html", context)
