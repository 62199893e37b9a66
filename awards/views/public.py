"""Public pages of the award: what it is, its cycles, and the winners of each cycle.

GET only, no form and no CSRF token, so that the pages can be cached and shared.
"""

from django.http import JsonResponse
from django.views.generic import TemplateView, View

from .. import selectors


class AwardCycleListView(TemplateView):
    """/awards/: the award, its current criteria, the open cycle if any, the past cycles."""

    template_name = "awards/cycle_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.award_overview())
        return context


class AwardCycleDetailView(TemplateView):
    """/awards/<year>/: the winners by region with their citations, the rules and a map."""

    template_name = "awards/cycle_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle, awards = selectors.cycle_detail(self.kwargs["year"])
        context.update(
            cycle=cycle,
            awards=awards,
            regions=selectors.awards_by_region(awards),
            criteria=list(cycle.criteria.all()),
            mapped=sum(
                1 for award in awards if award.city.is_public and award.city.has_coordinates
            ),
        )
        return context


class AwardCycleMapDataView(View):
    """The winners of a cycle as map points, in the shape of the directory's map data."""

    def get(self, request, *args, **kwargs):
        points = selectors.cycle_map_points(kwargs["year"])
        return JsonResponse({"count": len(points), "cities": points})
