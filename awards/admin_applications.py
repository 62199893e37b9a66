"""UIL staff's review queue of award applications (SPEC §4).

Staff never edit an application as a form: the change page shows its answers, documents,
events and jury assignments read-only, and every change is a POST to an action view that
calls exactly one service of awards.services (STYLE habit 2)."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cities.enums import Region
from cities.uploads import serve_private_pdf

from . import services
from .enums import AwardApplicationState
from .models import AwardApplication

State = AwardApplicationState
TEMPLATES = "admin/awards/awardapplication"


class RegionListFilter(admin.SimpleListFilter):
    title = _("UNESCO region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(city__region=self.value())
        return queryset


class CountryListFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        cities = {
            application.city.country.code: application.city.country.name
            for application in model_admin.get_queryset(request).select_related("city")
        }
        return sorted(cities.items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(city__country=self.value())
        return queryset


def _text(label, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
    )


class EmptyForm(forms.Form):
    pass


class EligibleForm(forms.Form):
    reason = _text(_("Note (optional)"), required=False)


class NotEligibleForm(forms.Form):
    reason = _text(_("Reason"), help_text=_("The focal point reads this reason."))


class AssignJurorForm(forms.Form):
    juror = forms.ModelChoiceField(
        label=_("Juror"),
        queryset=get_user_model().objects.filter(is_active=True, is_staff=False).order_by("email"),
        help_text=_("A juror of the city's own country is recorded as in conflict, automatically."),
    )


@dataclass(frozen=True)
class StaffAction:
    name: str
    label: str
    button: str
    form_class: type
    states: tuple

    def is_offered(self, application):
        return application.state in self.states


SERVICES = {
    "eligible": lambda a, data, by: services.screen_application(
        a, eligible=True, reason=data["reason"], by=by
    ),
    "not-eligible": lambda a, data, by: services.screen_application(
        a, eligible=False, reason=data["reason"], by=by
    ),
    "shortlist": lambda a, data, by: services.shortlist_application(a, by=by),
    "assign-juror": lambda a, data, by: services.assign_juror(a, data["juror"], by=by),
}

ACTIONS = {
    action.name: action
    for action in [
        StaffAction(
            "eligible", _("Screen: eligible"), _("Eligible"), EligibleForm, (State.NOMINATED,)
        ),
        StaffAction(
            "not-eligible",
            _("Screen: not eligible"),
            _("Not eligible"),
            NotEligibleForm,
            (State.NOMINATED,),
        ),
        StaffAction(
            "shortlist", _("Shortlist for the jury"), _("Shortlist"), EmptyForm, (State.ELIGIBLE,)
        ),
        StaffAction(
            "assign-juror",
            _("Assign a juror"),
            _("Assign"),
            AssignJurorForm,
            (State.ELIGIBLE, State.SHORTLISTED),
        ),
    ]
}

SUCCESS = {
    "eligible": _("%(application)s is eligible."),
    "not-eligible": _("%(application)s is not eligible."),
    "shortlist": _("%(application)s is shortlisted."),
    "assign-juror": _("The juror is assigned to %(application)s."),
}


@admin.register(AwardApplication)
class AwardApplicationAdmin(admin.ModelAdmin):
    change_form_template = f"{TEMPLATES}/change_form.html"
    list_display = ["city", "country", "region", "cycle", "state", "submitted_at"]
    list_filter = ["cycle", "state", RegionListFilter, CountryListFilter]
    list_select_related = ["city", "cycle"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    fields = ["cycle", "city", "state", "submitted_by", "submitted_at", "screening_note"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("country"), ordering="city__country")
    def country(self, application):
        return application.city.country.name

    @admin.display(description=_("UNESCO region"), ordering="city__region")
    def region(self, application):
        code = application.city.region
        return Region(code).label if code else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        custom = [
            path(
                "<path:object_id>/consent-form/",
                view(self.consent_view),
                name="awards_awardapplication_consent",
            ),
            path(
                "<path:object_id>/document/<int:document_id>/",
                view(self.document_view),
                name="awards_awardapplication_document",
            ),
            path(
                "<path:object_id>/action/<slug:action>/",
                view(self.action_view),
                name="awards_awardapplication_action",
            ),
        ]
        return custom + super().get_urls()

    def _url(self, name, *args):
        return reverse(f"admin:awards_awardapplication_{name}", args=args)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request, application):
        offered = []
        if self.has_change_permission(request, application):
            offered = [
                self._entry(application, action)
                for action in ACTIONS.values()
                if action.is_offered(application)
            ]
        return {
            "answers": application.answers.select_related("criterion").order_by("criterion__order"),
            "documents": [
                (document, self._url("document", application.pk, document.pk))
                for document in application.documents.all()
            ],
            "consent_url": self._url("consent", application.pk) if application.consent_form else "",
            "events": application.events.select_related("actor").order_by("created_at", "pk"),
            "assignments": application.assignments.select_related("juror").order_by("juror__email"),
            "conflicts": {c.juror_id: c for c in application.conflicts.all()},
            "staff_actions": offered,
        }

    def _entry(self, application, action, bound=None):
        return {
            "name": action.name,
            "label": action.label,
            "button": action.button,
            "form": bound if bound is not None else action.form_class(prefix=action.name),
            "url": self._url("action", application.pk, action.name),
        }

    def _get(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        return application

    def consent_view(self, request, object_id):
        application = self._get(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        if not application.consent_form:
            raise Http404
        return serve_private_pdf(application.consent_form, f"consent-{application.pk}.pdf")

    def document_view(self, request, object_id, document_id):
        application = self._get(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        document = application.documents.filter(pk=document_id).first()
        if document is None:
            raise Http404
        return serve_private_pdf(document.file, f"document-{document.pk}.pdf")

    def action_view(self, request, object_id, action):
        """GET: the action's form on its own page. POST: validate, call the one service, and
        go back to the change page with its message."""
        application = self._get(request, object_id)
        if action not in ACTIONS:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        staff_action = ACTIONS[action]
        form = (
            staff_action.form_class(request.POST, prefix=action)
            if request.method == "POST"
            else staff_action.form_class(prefix=action)
        )
        if form.is_bound and form.is_valid():
            change_url = self._url("change", application.pk)
            try:
                SERVICES[action](application, form.cleaned_data, request.user)
            except services.AwardError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, SUCCESS[action] % {"application": application})
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": staff_action.label,
            "original": application,
            "application": application,
            "entry": self._entry(application, staff_action, bound=form),
            "change_url": self._url("change", application.pk),
            "offered": staff_action.is_offered(application),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/workflow/action_form.html", context)
