"""The members' dashboard: what each of the user's cities owes and when. (Placeholder.)"""

from django.http import Http404
from django.views import View


class DashboardView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
