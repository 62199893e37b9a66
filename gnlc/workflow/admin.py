"""The admin's face of a workflow: the object's change page shows it read-only, with the
actions its state offers, and every change is a POST to the action's own URL
(`<object>/action/<name>/`), which calls exactly one service (STYLE habit 2)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

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
    confirmed on a page saying what will happen before the service runs."""

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
        """GET: the action's form on its own page. POST: validate, call the one service, and
        go back to the change page with its message; wrong input is shown again with a 200,
        like the admin's own forms."""
        obj = self.get_subject(request, object_id)
        staff_action = next((a for a in self.staff_actions if a.name == action), None)
        if staff_action is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            form = staff_action.form_class(request.POST, request.FILES, prefix=action)
        else:
            form = staff_action.form_class(prefix=action)
        if form.is_bound and form.is_valid():
            return self.perform_action(request, obj, staff_action, form.cleaned_data)
        return self.render_action_page(request, obj, staff_action, form)

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
