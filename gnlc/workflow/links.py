"""The pages of an outside party who decides through a signed link (gnlc.core.signed_links),
without an account: a National Commission endorsing an application or nominating a city."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gnlc.core.forms import SingleLineMixin
from gnlc.core.signed_links import decision_recorded_response, unusable_link_response

from .transitions import WorkflowError


class LinkDecisionForm(SingleLineMixin, forms.Form):
    """The decision given through a link: one of `decisions` (choices), the name of the
    person deciding (on one line), and a comment shown to the one who asked (labelled
    `comment_label`)."""

    decisions = ()
    comment_label = _("Comment")
    field_order = ["decision", "signed_by", "comment"]

    decision = forms.ChoiceField(label=_("Your decision"), widget=forms.RadioSelect)
    signed_by = forms.CharField(label=_("Your name and position"), max_length=200)
    comment = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = self.decisions
        self.fields["comment"].label = self.comment_label


class SignedLinkMixin:
    """A page reached through a link, without an account. Puts the link of the URL's token
    (`find_link`) in `self.link` and the object it gives access to (its `subject_field`) in
    `self.object`. A link that does not work (unknown, tampered, expired, used, or its object
    no longer in `waiting_state`) gets one answer whatever the reason, so that links cannot
    be probed and a used link shows nothing."""

    subject_field = ""
    waiting_state = ""

    def find_link(self, token):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.link = self.find_link(kwargs["token"])
        if self.link is None or not self.link.is_usable():
            return unusable_link_response(request)
        self.object = getattr(self.link, self.subject_field)
        if self.object.state != self.waiting_state:
            return unusable_link_response(request)
        return super().dispatch(request, *args, **kwargs)

    def record_decision(self, form, service):
        """The decision form posted: `service(link, **cleaned_data)`. Wrong input is shown
        again (400), a refusal with its message (409); the thanks are shown here, not after a
        redirect to the link, which is spent and now answers like any link that does not
        work."""
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            service(self.link, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return decision_recorded_response(self.request)
