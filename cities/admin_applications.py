"""UIL staff's back office for membership (SPEC §2, §4): calls, National Commissions and the
review queue of applications.

Staff never edit an application as a form: the change page shows it read-only, like the
official form, and every change of state is a POST to an action view that calls exactly one
service of cities.services.applications (STYLE habit 2).
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.filters import CountryFilter
from import_export import fields, resources
from import_export.admin import ExportMixin
from modeltranslation.admin import TabbedTranslationAdmin

from gnlc.core.spreadsheets import ExportFormatsMixin

from .enums import (
    ALLOWED_TRANSITIONS,
    ENDORSED_STATES,
    ApplicationState,
    CommissionDecision,
    Region,
)
from .models import (
    ApplicationEvent,
    MembershipApplication,
    MembershipCall,
    NationalCommission,
)
from .regions import REGION_OF_COUNTRY, region_for_country
from .services import applications as workflow
from .uploads import serve_private_pdf, validate_pdf

State = ApplicationState
TEMPLATES = "admin/cities/membershipapplication"


def countries_of_region(region):
    """The ISO codes UIL counts in `region` (applications store a country, not a region)."""
    return sorted(code for code, value in REGION_OF_COUNTRY.items() if value == region)


class CountryRegionListFilter(admin.SimpleListFilter):
    """Filter on the UNESCO region of the `country` field."""

    title = _("UNESCO region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(country__in=countries_of_region(self.value()))
        return queryset


# --- Calls and National Commissions -----------------------------------------------------------


class MembershipCallAdminForm(forms.ModelForm):
    """Says in words what the database constraints refuse."""

    class Meta:
        model = MembershipCall
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "time_zone",
            "quota_per_country",
            "commission_deadline",
            "announcement_on",
        ]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        deadline = cleaned.get("commission_deadline")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        elif closes and deadline and deadline < closes:
            self.add_error(
                "commission_deadline",
                _("The National Commissions' deadline cannot be before the call closes."),
            )
        return cleaned


def _summary_url(call_id):
    return reverse("admin:cities_membershipapplication_call_summary", args=[call_id])


@admin.register(MembershipCall)
class MembershipCallAdmin(TabbedTranslationAdmin):
    form = MembershipCallAdminForm
    list_display = [
        "title",
        "opens",
        "closes",
        "time_zone",
        "quota_per_country",
        "commission_deadline",
        "announcement_on",
        "summary_link",
    ]
    search_fields = ["title_en", "title_fr", "title_es"]
    readonly_fields = ["summary_link"]
    fieldsets = [
        (None, {"fields": ["title", "description"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "time_zone",
                    "commission_deadline",
                    "announcement_on",
                ],
                "description": _(
                    "Enter the times in %(server)s, the back office's time zone; applicants "
                    "see them converted to the call's time zone."
                )
                % {"server": settings.TIME_ZONE},
            },
        ),
        (_("Endorsements"), {"fields": ["quota_per_country"]}),
        (_("Applications"), {"fields": ["summary_link"]}),
    ]

    def _in_zone(self, call, moment):
        return timezone.localtime(moment, call.zone).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("opens (call's time zone)"), ordering="opens_at")
    def opens(self, call):
        return self._in_zone(call, call.opens_at)

    @admin.display(description=_("closes (call's time zone)"), ordering="closes_at")
    def closes(self, call):
        return self._in_zone(call, call.closes_at)

    @admin.display(description=_("summary"))
    def summary_link(self, call):
        if not call.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', _summary_url(call.pk), _("Applications by state and region")
        )


class NationalCommissionAdminForm(forms.ModelForm):
    class Meta:
        model = NationalCommission
        fields = ["country", "name", "emails", "notes"]

    def clean_emails(self):
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines()]
        addresses = [line for line in lines if line]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(
                _("These are not e-mail addresses: %(wrong)s. Write one address per line.")
                % {"wrong": ", ".join(wrong)}
            )
        return "\n".join(addresses)


@admin.register(NationalCommission)
class NationalCommissionAdmin(admin.ModelAdmin):
    form = NationalCommissionAdminForm
    list_display = ["country", "name", "email_addresses", "region"]
    list_filter = [CountryRegionListFilter]
    search_fields = ["name", "emails", "country"]
    ordering = ["country"]

    @admin.display(description=_("e-mail addresses"))
    def email_addresses(self, commission):
        return ", ".join(commission.email_list) or "—"

    @admin.display(description=_("UNESCO region"))
    def region(self, commission):
        return _region_label(commission.country)


def _region_label(country):
    code = region_for_country(country) if country else ""
    return Region(code).label if code else "—"


# --- The actions staff take on one application ---------------------------------------------


def _text(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
    )


class StartReviewForm(forms.Form):
    pass


class RequestInformationForm(forms.Form):
    message = _text(
        _("Message to the applicant"),
        help_text=_("Say what the applicant should add or explain; they receive it by e-mail."),
    )


class ApproveForm(forms.Form):
    note = _text(
        _("Note to the applicant (optional)"),
        required=False,
        help_text=_("Creates the member city, or links the existing one, and sends the welcome."),
    )


class RejectForm(forms.Form):
    reason = _text(
        _("Reason"), help_text=_("The applicant reads this reason in the e-mail and timeline.")
    )


class CommissionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The National Commission's decision"),
        choices=CommissionDecision.choices,
        widget=forms.RadioSelect,
    )
    note = _text(
        _("How it was received"),
        help_text=_("For example: “Letter of 3 May, signed by the Secretary-General”."),
    )
    document = forms.FileField(
        label=_("The Commission's letter (PDF, optional)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class InternalNoteForm(forms.Form):
    note = _text(_("Internal note"), help_text=_("Only UIL staff see this note."))


class WithdrawForm(forms.Form):
    note = _text(
        _("Why it is withdrawn"),
        help_text=_("For example, the city's e-mail asking to withdraw. The applicant sees it."),
    )


@dataclass(frozen=True)
class StaffAction:
    """One button on the change page: its form, the state it leads to and its service."""

    name: str
    label: str
    button: str
    form_class: type
    target: str = ""  # the state the service moves to; "" = possible in any state
    # States in which the button is offered (default: where ALLOWED_TRANSITIONS lead to target).
    only_from: tuple = ()

    def is_offered(self, application):
        state = State(application.state)
        if self.only_from:
            return state in self.only_from
        return not self.target or self.target in ALLOWED_TRANSITIONS[state]

    def perform(self, application, data, by):
        return SERVICES[self.name](application, data, by)


SERVICES = {
    "start-review": lambda a, data, by: workflow.start_review(a, by=by),
    "request-information": lambda a, data, by: workflow.request_information(
        a, message=data["message"], by=by
    ),
    "approve": lambda a, data, by: workflow.approve_application(a, note=data["note"], by=by),
    "reject": lambda a, data, by: workflow.reject_application(a, reason=data["reason"], by=by),
    "commission-decision": lambda a, data, by: workflow.record_commission_decision_by_staff(
        a, decision=data["decision"], note=data["note"], by=by, document=data["document"]
    ),
    "internal-note": lambda a, data, by: workflow.add_internal_note(a, note=data["note"], by=by),
    "withdraw": lambda a, data, by: workflow.withdraw_application(a, note=data["note"], by=by),
}

ACTIONS = {
    action.name: action
    for action in [
        StaffAction(
            "commission-decision",
            _("Record the National Commission's decision received outside the portal"),
            _("Record the decision"),
            CommissionDecisionForm,
            only_from=(State.SUBMITTED,),
        ),
        StaffAction(
            "start-review",
            _("Start the review"),
            _("Start the review"),
            StartReviewForm,
            target=State.UNDER_REVIEW,
            only_from=(State.ENDORSED,),
        ),
        StaffAction(
            "request-information",
            _("Request information from the applicant"),
            _("Send the request"),
            RequestInformationForm,
            target=State.INFO_REQUESTED,
        ),
        StaffAction(
            "approve",
            _("Approve: admit the city"),
            _("Approve"),
            ApproveForm,
            target=State.APPROVED,
        ),
        StaffAction("reject", _("Reject"), _("Reject"), RejectForm, target=State.REJECTED),
        StaffAction(
            "withdraw",
            _("Withdraw at the applicant's request"),
            _("Withdraw"),
            WithdrawForm,
            target=State.WITHDRAWN,
        ),
        StaffAction(
            "internal-note", _("Add an internal note"), _("Add the note"), InternalNoteForm
        ),
    ]
}

SUCCESS = {
    "start-review": _("The review of “%(city)s” has started."),
    "request-information": _("The request was sent to the applicant of “%(city)s”."),
    "approve": _("“%(city)s” is admitted; the welcome e-mail is on its way to the applicant."),
    "reject": _("“%(city)s” is not admitted; the applicant is told the reason."),
    "commission-decision": _("The National Commission's decision on “%(city)s” is recorded."),
    "internal-note": _("The internal note on “%(city)s” is saved."),
    "withdraw": _("The application of “%(city)s” is withdrawn."),
}


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
class MembershipApplicationAdmin(ExportFormatsMixin, ExportMixin, admin.ModelAdmin):
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
    actions = ["start_review_of_selected"]
    list_per_page = 50

    # Staff read and act; they never add, edit or delete an application as a form.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
        return _region_label(application.country)

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

    def get_urls(self):
        view = self.admin_site.admin_view
        custom = [
            path(
                "call/<int:call_id>/summary/",
                view(self.call_summary_view),
                name="cities_membershipapplication_call_summary",
            ),
            path(
                "<path:object_id>/pledge/",
                view(self.pledge_view),
                name="cities_membershipapplication_pledge",
            ),
            path(
                "<path:object_id>/commission-letter/",
                view(self.letter_view),
                name="cities_membershipapplication_letter",
            ),
            path(
                "<path:object_id>/action/<slug:action>/",
                view(self.action_view),
                name="cities_membershipapplication_action",
            ),
        ]
        return custom + super().get_urls()

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # Every change is an action with its own URL; the change page only shows.
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request, application, bound=None):
        """What the change page shows beside the record: the form, the pledge, the
        Commission links, the timeline and the actions offered in the current state."""
        offered = []
        if self.has_change_permission(request, application):
            offered = [
                self._action_entry(application, action, bound)
                for action in ACTIONS.values()
                if action.is_offered(application)
            ]
        return {
            "application": application,
            "ratings": application.challenge_ratings.select_related("theme").order_by(
                "theme__order", "theme__pk"
            ),
            "pledge_url": self._url("pledge", application.pk) if application.pledge else "",
            "letter_url": self._url("letter", application.pk)
            if application.commission_letter
            else "",
            "summary_url": _summary_url(application.call_id),
            "events": application.events.select_related("actor").order_by("created_at", "pk"),
            "invitations": application.commission_invitations.order_by("created_at"),
            "endorsements_left": workflow.endorsements_left(application.call, application.country)
            if application.state == State.SUBMITTED
            else None,
            "staff_actions": offered,
        }

    def _url(self, name, object_id, *args):
        return reverse(f"admin:cities_membershipapplication_{name}", args=[object_id, *args])

    def _action_entry(self, application, action, bound=None):
        form = bound if bound is not None else action.form_class(prefix=action.name)
        label = action.label
        return {
            "name": action.name,
            "label": label,
            "button": action.button,
            "form": form,
            "url": self._url("action", application.pk, action.name),
        }

    def _get_application(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        return application

    def _serve_private_file(self, request, object_id, field_name, download_name):
        application = self._get_application(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        fieldfile = getattr(application, field_name)
        if not fieldfile:
            raise Http404
        return serve_private_pdf(fieldfile, download_name(application))

    def pledge_view(self, request, object_id):
        """The mayor's signed pledge, for staff allowed to view applications only."""
        return self._serve_private_file(
            request, object_id, "pledge", lambda a: a.pledge_name or f"pledge-{a.pk}.pdf"
        )

    def letter_view(self, request, object_id):
        """The National Commission's letter that staff attached, under the same rule."""
        return self._serve_private_file(
            request, object_id, "commission_letter", lambda a: f"commission-letter-{a.pk}.pdf"
        )

    def action_view(self, request, object_id, action):
        """GET: the action's form on its own page. POST: validate, call the one service,
        and go back to the change page with its message."""
        application = self._get_application(request, object_id)
        if action not in ACTIONS:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        staff_action = ACTIONS[action]
        if request.method == "POST":
            form = staff_action.form_class(request.POST, request.FILES, prefix=action)
        else:
            form = staff_action.form_class(prefix=action)
        if form.is_bound and form.is_valid():
            return self._perform(request, application, staff_action, form.cleaned_data)
        return self._render_action_page(request, application, staff_action, form)

    def _perform(self, request, application, staff_action, data):
        change_url = self._url("change", application.pk)
        was_approved = application.state == State.APPROVED
        try:
            staff_action.perform(application, data, request.user)
        except workflow.ApplicationError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        if staff_action.name == "approve" and was_approved:
            messages.info(request, _("This application was already approved; nothing changed."))
        else:
            messages.success(request, SUCCESS[staff_action.name] % {"city": application})
        return redirect(change_url)

    def _render_action_page(self, request, application, staff_action, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": staff_action.label,
            "application": application,
            "original": application,
            "entry": self._action_entry(application, staff_action, bound=form),
            "change_url": self._url("change", application.pk),
            "offered": staff_action.is_offered(application),
        }
        request.current_app = self.admin_site.name
        # Like the admin's own forms, wrong input is shown again with a 200.
        return TemplateResponse(request, "admin/workflow/action_form.html", context)

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
            **call_summary(
                call, changelist_url=reverse("admin:cities_membershipapplication_changelist")
            ),
        }
        return TemplateResponse(request, f"{TEMPLATES}/call_summary.html", context)

    # List action

    @admin.action(
        description=_("Start the review of the selected endorsed applications"),
        permissions=["change"],
    )
    def start_review_of_selected(self, request, queryset):
        moved = refused = 0
        for application in queryset:
            try:
                workflow.start_review(application, by=request.user)
            except workflow.ApplicationError:
                refused += 1
            else:
                moved += 1
        if moved:
            messages.success(
                request,
                ngettext(
                    "The review of %(count)d application has started.",
                    "The review of %(count)d applications has started.",
                    moved,
                )
                % {"count": moved},
            )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d application was not moved: only endorsed applications can "
                    "go under review.",
                    "%(count)d applications were not moved: only endorsed applications can "
                    "go under review.",
                    refused,
                )
                % {"count": refused},
            )


# --- The per-call summary (database aggregation) --------------------------------------------


def _region_of_country_expression():
    """SQL that maps an application's country to its UNESCO region code ("" when none)."""
    return Case(
        *[
            When(country__in=countries_of_region(region), then=Value(region.value))
            for region in Region
        ],
        default=Value(""),
        output_field=CharField(),
    )


def _counts_by_state():
    return {f"n_{state.value}": Count("pk", filter=Q(state=state)) for state in State}


def call_summary(call, *, changelist_url):
    """The applications of `call` counted by UNESCO region × state, with totals, and the
    endorsements used by each country against the call's quota.

    Three aggregate queries, whatever the number of applications."""
    applications = MembershipApplication.objects.filter(call=call)
    states = list(State)
    by_region = {
        row["region"]: row
        for row in applications.annotate(region=_region_of_country_expression())
        .values("region")
        .annotate(**_counts_by_state(), total=Count("pk"))
        .order_by()
    }
    totals = applications.aggregate(**_counts_by_state(), total=Count("pk"))

    def cells(row, region=None):
        for state in states:
            count = row[f"n_{state.value}"] if row else 0
            query = {"call__id__exact": call.pk, "state__exact": state.value, "region": region}
            link = count and region is not None
            yield {"count": count, "url": f"{changelist_url}?{urlencode(query)}" if link else ""}

    rows = [
        {
            "label": region.label,
            "cells": list(cells(by_region.get(region.value), region.value)),
            "total": by_region.get(region.value, {}).get("total", 0),
        }
        for region in Region
    ]
    if "" in by_region:
        rows.append(
            {
                "label": _("No country or no UNESCO region"),
                "cells": list(cells(by_region[""])),
                "total": by_region[""]["total"],
            }
        )
    quota = sorted(
        (
            {
                "country": countries.name(row["country"]),
                "code": row["country"],
                "endorsed": row["endorsed"],
                "awaiting": row["awaiting"],
                "left": max(call.quota_per_country - row["endorsed"], 0),
                "over": row["endorsed"] > call.quota_per_country,
            }
            for row in applications.exclude(country="")
            .values("country")
            .annotate(
                endorsed=Count("pk", filter=Q(state__in=ENDORSED_STATES)),
                awaiting=Count("pk", filter=Q(state=State.SUBMITTED)),
            )
        ),
        key=lambda row: row["country"],
    )
    return {
        "states": states,
        "rows": rows,
        "totals": [totals[f"n_{state.value}"] for state in states],
        "grand_total": totals["total"],
        "quota_rows": quota,
    }
