"""The jury area. (In progress.)"""

from django.http import Http404
from django.views.generic import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


JuryQueueView = JuryReviewView = JuryConflictView = JurySubmitView = _NotYet
