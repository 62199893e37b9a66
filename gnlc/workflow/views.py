"""The pages of the person a workflow's object belongs to (the applicant, a city's focal point)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .transitions import WorkflowError


class ApplicantObjectMixin(LoginRequiredMixin):
    """Loads the object of the URL (`pk`) into `self.object` for the people `can_access`
    lets in; everyone else gets a 404, exactly like an object that does not exist, so that
    ids cannot be probed. `refuse()` may answer instead of the handler (a redirect with a
    message when the object's state does not allow the page).

    Set `queryset` (the objects, with what the pages read of them) and `detail_url_name`
    (the object's page); override `can_access(user, obj)`."""

    queryset = None
    detail_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = get_object_or_404(self.queryset, pk=kwargs["pk"])
        if not self.can_access(request.user, self.object):
            raise Http404
        refusal = self.refuse()
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def can_access(self, user, obj):
        raise NotImplementedError

    def refuse(self):
        return None

    def detail_url(self):
        return reverse(self.detail_url_name, args=[self.object.pk])

    def call_service(self, service, success, **arguments):
        """`service(object, by=user, **arguments)`, then back to the object's page with
        `success`, or with the message of the rule that refused it."""
        try:
            service(self.object, by=self.request.user, **arguments)
        except WorkflowError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, success)
        return redirect(self.detail_url())
