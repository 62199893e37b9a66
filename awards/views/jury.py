"""The jury area: my queue, one application with its score form, conflict, submission.

Thin views: each checks that the assignment is the signed-in juror's own (anything else is a
404, exactly like an assignment that does not exist), binds a form and calls the services of
awards.services; the forms are in awards/forms.py.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from gnlc.core.ratelimit import rate_limited

from .. import permissions, services
from ..enums import CyclePhase
from ..forms import ConflictForm, ScoresForm
from ..models import JuryAssignment
from ..selectors_jury import jury_queue, other_scores, review_scores


def _own_assignment(request, pk):
    assignment = get_object_or_404(
        JuryAssignment.objects.select_related("application__city", "application__cycle"),
        pk=pk,
        juror_id=request.user.pk,
    )
    if not permissions.is_own_assignment(request.user, assignment):
        raise Http404
    return assignment


class JuryQueueView(LoginRequiredMixin, TemplateView):
    """/<lang>/jury/: the applications assigned to me, with my progress."""

    template_name = "awards/jury_queue.html"

    def get_context_data(self, **kwargs):
        queue = jury_queue(self.request.user)
        if not queue.total:
            raise Http404  # not a juror: the jury area does not exist for them
        return super().get_context_data(queue=queue, **kwargs)


class JuryReviewView(LoginRequiredMixin, TemplateView):
    """/<lang>/jury/<pk>/: one application, my conflict declaration and my scores."""

    template_name = "awards/jury_review.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = _own_assignment(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _scores_form(self, data=None):
        application = self.assignment.application
        return ScoresForm(
            data,
            criteria=list(application.cycle.criteria.order_by("order")),
            cycle=application.cycle,
            scores=review_scores(self.assignment),
        )

    def get_context_data(self, **kwargs):
        assignment = self.assignment
        application = assignment.application
        conflict = application.conflicts.filter(juror_id=assignment.juror_id).first()
        jury_open = application.cycle.phase == CyclePhase.JURY
        kwargs.setdefault("scores_form", self._scores_form())
        kwargs.setdefault("conflict_form", ConflictForm())
        answers = {answer.criterion_id: answer for answer in application.answers.all()}
        return super().get_context_data(
            assignment=assignment,
            application=application,
            # Per criterion, the city's answer beside the juror's score and comment fields.
            rows=[
                (criterion, answers.get(criterion.pk), score, comment)
                for criterion, score, comment in kwargs["scores_form"].rows()
            ],
            documents=list(application.documents.all()),
            conflict=conflict,
            jury_open=jury_open,
            can_review=jury_open and conflict is None and assignment.submitted_at is None,
            can_declare_conflict=jury_open and conflict is None and not assignment.submitted_at,
            can_see_scores=permissions.can_see_scores(self.request.user, assignment),
            other_scores=other_scores(assignment),
            **kwargs,
        )

    @rate_limited("jury-score")
    def post(self, request, *args, **kwargs):
        """Save: keep the filled-in scores as a draft (record_score for each)."""
        if not permissions.can_review(request.user, self.assignment):
            messages.error(request, _("This review can no longer be changed."))
            return redirect("awards:jury-review", pk=self.assignment.pk)
        form = self._scores_form(request.POST)
        if form.is_valid():
            try:
                for criterion, score, comment in form.rows():
                    if form.cleaned_data[score.name] is not None:
                        services.record_score(
                            self.assignment,
                            criterion,
                            value=form.cleaned_data[score.name],
                            comment=form.cleaned_data[comment.name],
                        )
            except services.AwardError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your scores are saved. You can come back later."))
                return redirect("awards:jury-review", pk=self.assignment.pk)
        return self.render_to_response(self.get_context_data(scores_form=form), status=400)


class JuryConflictView(LoginRequiredMixin, View):
    """POST: declare a conflict of interest with a reason."""

    def post(self, request, pk):
        assignment = _own_assignment(request, pk)
        form = ConflictForm(request.POST)
        if form.is_valid():
            try:
                services.declare_conflict(assignment, reason=form.cleaned_data["reason"])
            except services.AwardError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your conflict of interest is recorded."))
                return redirect("awards:jury-review", pk=assignment.pk)
        view = JuryReviewView(request=request, kwargs={"pk": pk}, args=())
        view.assignment = assignment
        return view.render_to_response(view.get_context_data(conflict_form=form), status=400)


class JurySubmitView(LoginRequiredMixin, View):
    """POST: submit my review; afterwards the other jurors' scores are shown."""

    def post(self, request, pk):
        assignment = _own_assignment(request, pk)
        try:
            services.submit_review(assignment)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your review is submitted. Thank you."))
        return redirect("awards:jury-review", pk=assignment.pk)
