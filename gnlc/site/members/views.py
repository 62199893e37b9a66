"""The members' dashboard: what each of the user's cities owes and when."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from . import selectors


class DashboardView(LoginRequiredMixin, TemplateView):
    """For a signed-in user: each city they edit (focal point or co-editor) with its status,
    standing, reports due and the award open to it. A user who edits no city is told how one
    gets access (an invitation from UIL), which is not an error."""

    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dues"] = selectors.member_dashboard(self.request.user)
        context["secretariat_email"] = settings.SECRETARIAT_EMAIL
        return context
