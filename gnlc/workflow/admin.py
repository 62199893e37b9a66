"""The admin's face of a workflow: the object's change page shows it read-only, with the
actions its state offers, and every change is a POST to the action's own URL
(`<object>/action/<name>/`), which calls exactly one service (STYLE habit 2).

Built once here for every queue: the confirmation page of the actions that cannot slip
(`needs_confirmation`), the same actions on many objects at once (`bulk_label`: a page that
says which selected objects the action applies to, then a report of each row), and the
check, at every POST, that the object is still in a state where the action is possible."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .transitions import WorkflowError


@dataclass(frozen=True)
class StaffAction:
    """One thing staff can do to an object: a form on the change page and on a page of its
    own, which calls one service.

    `service(obj, cleaned_data, by)` does the work and raises a WorkflowError to refuse.
    The action is offered in the states of `only_from` if given, else wherever the
    workflow's transition map leads to `target`, else (neither given) in every state.
    `success` is the message after it (filled in by the admin's `message_values`);
    `unchanged`, if given, the message when the object was already in `target` (a service
    that does nothing the second time). `needs_confirmation` marks the actions that must be
    confirmed on a page saying what will happen before the service runs (the admin's
    `confirmation_context` says it). `style` is how its buttons look: "" (the admin's own),
    "approve" (the decision that goes ahead) or "danger" (the one that ends the object's
    course). With a `bulk_label`, the action is also offered on the list for the selected
    objects, with `bulk_form_class` (default `form_class`) and `bulk_service` (default
    `service`; it may return the line of the report, else `success` is used)."""

    name: str
    label: str
    button: str
    form_class: type
    service: Callable
    success: str
    target: str = ""
    only_from: tuple = ()
    unchanged: str = ""
    needs_confirmation: bool = False
    style: str = ""
    bulk_label: str = ""
    bulk_form_class: type | None = None
    bulk_service: Callable | None = None

    def is_offered(self, obj, workflow):
        if self.only_from:
            return obj.state in self.only_from
        return not self.target or workflow.allows(obj, self.target)


@dataclass(frozen=True)
class PrivateFile:
    """A private file of the object (an upload never served from a public URL), on an admin
    page of its own for staff allowed to view the object: `<object>/<route>`, URL name
    `<app>_<model>_<name>`; `file(obj)` is the FieldFile (404 when empty), `download_name(obj)`
    the name it is downloaded as."""

    route: str
    name: str
    file: Callable
    download_name: Callable


class WorkflowAdminMixin:
    """A ModelAdmin of a workflow's objects: no adding, deleting or editing as a form; the
    change page adds `review_context()` and the `staff_actions` offered in the object's state
    to its context; each action has its URL, named `<app>_<model>_action`.

    Set `workflow` (a transitions.Workflow), `staff_actions` (StaffActions in the order
    shown), `object_pages` and `private_files`; override `review_context`, `message_values`
    and `get_workflow_urls`."""

    workflow = None
    staff_actions = ()
    # Other pages of one object: (route after "<object_id>/", name); the page is the method
    # `<name>_view`, its URL name `<app>_<model>_<name>`.
    object_pages = ()
    # The object's private files (PrivateFile), and how one is sent: a function of the file
    # and the name to download it as.
    private_files = ()
    serve_file = None
    action_template = "admin/workflow/action_form.html"

    # Staff read and act; they never add, edit or delete the object as a form.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        pages = [
            *((page.route, page.name, self.private_file_page(page)) for page in self.private_files),
            *((route, name, getattr(self, f"{name}_view")) for route, name in self.object_pages),
            ("action/<slug:action>/", "action", self.action_view),
        ]
        return [
            *self.get_workflow_urls(),
            *(
                path(
                    f"<path:object_id>/{route}",
                    self.admin_site.admin_view(view),
                    name=self.url_name(name),
                )
                for route, name, view in pages
            ),
            *super().get_urls(),
        ]

    def get_workflow_urls(self):
        """The app's pages that are not of one object (a summary of several)."""
        return []

    def url_name(self, name):
        return f"{self.opts.app_label}_{self.opts.model_name}_{name}"

    def admin_url(self, name, *args):
        return reverse(f"admin:{self.url_name(name)}", args=args)

    def review_context(self, request, obj):
        """What the change page shows beside the record."""
        return {}

    def message_values(self, obj):
        """The values the actions' `success` messages are filled with."""
        return {}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # Every change is an action with its own URL; the change page only shows.
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                staff_actions=self.offered_actions(request, obj),
                **self.review_context(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def offered_actions(self, request, obj):
        if not self.has_change_permission(request, obj):
            return []
        return [
            self.action_entry(obj, action)
            for action in self.staff_actions
            if action.is_offered(obj, self.workflow)
        ]

    def action_entry(self, obj, action, bound=None):
        return {
            "name": action.name,
            "label": action.label,
            "button": action.button,
            "style": action.style,
            "needs_confirmation": action.needs_confirmation,
            "form": bound if bound is not None else action.form_class(prefix=action.name),
            "url": self.admin_url("action", obj.pk, action.name),
        }

    def get_subject(self, request, object_id):
        """The object of the URL, or 404."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def get_viewable_subject(self, request, object_id):
        """The object of the URL for staff allowed to view it (403 for others)."""
        obj = self.get_subject(request, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def private_file_page(self, private_file):
        def view(request, object_id):
            obj = self.get_viewable_subject(request, object_id)
            fieldfile = private_file.file(obj)
            if not fieldfile:
                raise Http404
            return self.serve_file(fieldfile, private_file.download_name(obj))

        return view

    def action_view(self, request, object_id, action):
        """GET: the action's form on its own page. POST: validate, check that the object, as
        it is now, still offers the action, ask for confirmation if the action needs it, then
        call the one service and go back to the change page with its message. Wrong input
        is shown again with a 200, like the admin's own forms."""
        obj = self.get_subject(request, object_id)
        staff_action = next((a for a in self.staff_actions if a.name == action), None)
        if staff_action is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return self.render_action_page(
                request, obj, staff_action, staff_action.form_class(prefix=action)
            )
        form = staff_action.form_class(request.POST, request.FILES, prefix=action)
        if not form.is_valid():
            return self.render_action_page(request, obj, staff_action, form)
        if staff_action.unchanged and obj.state == staff_action.target:
            # A second click after the first one went through: the service says so.
            return self.perform_action(request, obj, staff_action, form.cleaned_data)
        if not staff_action.is_offered(obj, self.workflow):
            messages.error(request, self.moved_message(obj, staff_action))
            return redirect(self.admin_url("change", obj.pk))
        if staff_action.needs_confirmation:
            return self.confirm_action(request, obj, staff_action, form)
        return self.perform_action(request, obj, staff_action, form.cleaned_data)

    def moved_message(self, obj, action):
        return _(
            "Nothing changed: “%(object)s” is now “%(state)s”, where “%(action)s” is not "
            "possible (it may have moved since the page was shown)."
        ) % {"object": obj, "state": obj.get_state_display(), "action": action.label}

    def perform_action(self, request, obj, action, data):
        change_url = self.admin_url("change", obj.pk)
        before = obj.state
        try:
            action.service(obj, data, request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        if action.unchanged and before == action.target:
            messages.info(request, action.unchanged)
        else:
            messages.success(request, action.success % self.message_values(obj))
        return redirect(change_url)

    def render_action_page(self, request, obj, action, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action.label,
            "original": obj,
            "entry": self.action_entry(obj, action, bound=form),
            "change_url": self.admin_url("change", obj.pk),
            "offered": action.is_offered(obj, self.workflow),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.action_template, context)

    # --- Confirmation ---------------------------------------------------------------------

    # The POST field that confirms; its value is the `confirmation_key` of the object as the
    # confirmation page showed it.
    CONFIRMED = "confirmed"
    confirm_template = "admin/workflow/confirm_action.html"

    def confirmation_context(self, request, obj, action, data):
        """What the confirmation page says will happen: a dict with `consequences` (a list
        of sentences) and anything the app's template adds."""
        return {"consequences": []}

    def confirmation_form_class(self, obj, action):
        """A form of what only the confirmation page asks (prefix "confirm"), whose
        cleaned data go to the service with the action's own; None if nothing."""
        return None

    def confirmation_key(self, obj, action):
        """What must not have changed between the confirmation page and its POST (text)."""
        return str(obj.state)

    def confirm_action(self, request, obj, action, form):
        """The confirmation page, shown for a POST without the confirmation (or one made on
        a page that no longer describes the object); with it, the action runs."""
        key = self.confirmation_key(obj, action)
        sent = request.POST.get(self.CONFIRMED)
        extra_class = self.confirmation_form_class(obj, action)
        extra = None
        if extra_class is not None:
            extra = extra_class(request.POST if sent == key else None, prefix="confirm")
        if sent == key and (extra is None or extra.is_valid()):
            data = {**form.cleaned_data, **(extra.cleaned_data if extra is not None else {})}
            return self.perform_action(request, obj, action, data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Confirm “%(action)s”") % {"action": action.label},
            "original": obj,
            "action": action,
            "entry": self.action_entry(obj, action, bound=form),
            "extra_form": extra,
            "confirmed_name": self.CONFIRMED,
            "confirmation_key": key,
            "changed_meanwhile": bool(sent) and sent != key,
            "change_url": self.admin_url("change", obj.pk),
            **self.confirmation_context(request, obj, action, form.cleaned_data),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.confirm_template, context)

    # --- The same action on many objects ------------------------------------------------

    bulk_template = "admin/workflow/bulk_action.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or not self.has_change_permission(request):
            return actions
        for action in self.staff_actions:
            if action.bulk_label:
                name = self.bulk_action_name(action)
                actions[name] = (self.bulk_function(action), name, action.bulk_label)
        return actions

    @staticmethod
    def bulk_action_name(action):
        return "bulk_" + action.name.replace("-", "_")

    def bulk_function(self, action):
        def run(modeladmin, request, queryset):
            return self.bulk_view(request, queryset, action)

        return run

    def bulk_row_label(self, obj):
        """How a row of the report names its object."""
        return f"#{obj.pk} {obj}"

    def bulk_refusal(self, obj, action):
        """Why the action does not apply to the object as it is now, or ""."""
        if action.is_offered(obj, self.workflow):
            return ""
        return _("not in the right state (%(state)s)") % {"state": obj.get_state_display()}

    def bulk_view(self, request, queryset, action):
        """The list's action on the selected objects. Without the page's confirmation: a
        page listing them, each with whether the action applies, and the action's form.
        With it: the service on each object that, as it is now, offers the action, and a
        report of each row (done, with the service's words; refused, and why)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        objects = list(queryset.order_by("pk"))
        form_class = action.bulk_form_class or action.form_class
        confirmed = request.POST.get(self.CONFIRMED) == action.name
        form = form_class(request.POST if confirmed else None, prefix=action.name)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action.bulk_label,
            "action": action,
            "action_name": self.bulk_action_name(action),
            "form": form,
            "confirmed_name": self.CONFIRMED,
            "selected_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": self.admin_url("changelist"),
        }
        if confirmed and form.is_valid():
            report = [self.bulk_row(request, obj, action, form.cleaned_data) for obj in objects]
            context.update(
                report=report,
                done=sum(1 for row in report if row["done"]),
                refused=sum(1 for row in report if not row["done"]),
            )
        else:
            context["rows"] = [
                {
                    "obj": obj,
                    "label": self.bulk_row_label(obj),
                    "refusal": self.bulk_refusal(obj, action),
                }
                for obj in objects
            ]
            context["applicable"] = sum(1 for row in context["rows"] if not row["refusal"])
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.bulk_template, context)

    def bulk_row(self, request, obj, action, data):
        """One row of the report: the action's service on `obj`, if its state allows it."""
        row = {"label": self.bulk_row_label(obj), "done": False}
        refusal = self.bulk_refusal(obj, action)
        if refusal:
            return {**row, "text": refusal}
        service = action.bulk_service or action.service
        try:
            said = service(obj, data, request.user)
        except WorkflowError as error:
            return {**row, "text": str(error)}
        if not isinstance(said, str):
            said = action.success % self.message_values(obj)
        return {**row, "done": True, "text": said}
