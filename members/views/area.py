"""The members' area: the dashboard, the focal point's claim, co-editors, profile updates.
(Placeholder views: to be written.)"""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


ClaimView = EditorsView = RemoveEditorView = ProfileUpdateView = _NotYet
