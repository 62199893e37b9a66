"""The progress report's pages for the city's editors. (Placeholder views: to be written.)"""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


ReportDetailView = ReportSectionView = ReportSubmitView = ReportAnswerView = _NotYet
ReportAttachmentView = _NotYet
