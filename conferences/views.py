"""Public pages of the conference archive. (In progress.)"""

from django.http import Http404
from django.views.generic import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


ConferenceListView = ConferenceDetailView = _NotYet
