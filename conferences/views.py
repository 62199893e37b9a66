"""Public pages of the conference archive: all editions, and one conference with its
programme, documents, publications and the award conferred.

GET only, no form and no CSRF token, so that the pages can be cached and shared.
"""

from django.views.generic import TemplateView

from awards.enums import CyclePhase

from . import selectors
from .enums import ConferenceStatus


class ConferenceListView(TemplateView):
    """/conferences/: every edition, newest first, with theme, host, dates and figures."""

    template_name = "conferences/conference_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conferences = selectors.conference_list()
        for conference in conferences:
            conference.dates_display = selectors.date_range(conference)
        context["conferences"] = conferences
        return context


class ConferenceDetailView(TemplateView):
    """/conferences/<slug>/: one conference; 404 for an unknown slug."""

    template_name = "conferences/conference_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = selectors.conference_detail(self.kwargs["slug"])
        cycle = conference.award_cycle
        winners = []
        if cycle and cycle.phase == CyclePhase.PUBLISHED:
            winners = list(cycle.awards.all())
        context.update(
            conference=conference,
            dates_display=selectors.date_range(conference),
            is_planned=conference.status == ConferenceStatus.PLANNED,
            programme=selectors.programme(conference),
            document_groups=selectors.document_groups(conference),
            cycle=cycle,
            winners=winners,
            hashtags=conference.hashtags.replace(",", " ").split(),
        )
        return context
