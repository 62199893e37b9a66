"""The applicant's pages: how to join, the dashboard, the form in steps. (In progress.)"""

from django.http import Http404
from django.views.generic import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


JoinView = ApplicationListView = ApplicationStartView = ApplicationDetailView = _NotYet
ApplicationEditView = ApplicationSubmitView = ApplicationAnswerView = _NotYet
ApplicationWithdrawView = ApplicationPledgeView = _NotYet
