from django.views.generic import ListView, TemplateView

from .. import selectors


class ClusterListView(TemplateView):
    template_name = "cities/cluster_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["clusters"] = selectors.cluster_list()
        return context


class ClusterDetailView(ListView):
    template_name = "cities/cluster_detail.html"
    context_object_name = "memberships"

    def get_queryset(self):
        self.cluster, memberships = selectors.cluster_detail(self.kwargs["slug"])
        return memberships

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cluster"] = self.cluster
        return context
