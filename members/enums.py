"""The states and kinds of a member's life after admission: editors, progress reports, the
city's standing."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EditorRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("focal point")
    CO_EDITOR = "co_editor", _("co-editor")


class CycleState(models.TextChoices):
    """A reporting cycle: defined by staff (draft), open to the cities in scope, closed."""

    DRAFT = "draft", pgettext_lazy("reporting cycle", "Being prepared")
    OPEN = "open", pgettext_lazy("reporting cycle", "Open")
    CLOSED = "closed", pgettext_lazy("reporting cycle", "Closed")


class AnswerKind(models.TextChoices):
    TEXT = "text", _("text, with a word limit")
    NUMBER = "number", _("number, with its data year")
    YES_NO = "yes_no", _("yes or no")
    CHOICE = "choice", _("one of a list of choices")
    ATTACHMENT = "attachment", _("an attached PDF")


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("progress report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("progress report", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("progress report", "Under review")
    INFO_REQUESTED = "info_requested", pgettext_lazy("progress report", "Information requested")
    ACCEPTED = "accepted", pgettext_lazy("progress report", "Accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("progress report", "Not accepted")


# SPEC §4: draft → submitted → under_review ⇄ info_requested → accepted | not_accepted. Staff
# may decide on a submitted report without starting the review first.
REPORT_TRANSITIONS = {
    ReportState.DRAFT: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {
        ReportState.UNDER_REVIEW,
        ReportState.INFO_REQUESTED,
        ReportState.ACCEPTED,
        ReportState.NOT_ACCEPTED,
    },
    ReportState.UNDER_REVIEW: {
        ReportState.INFO_REQUESTED,
        ReportState.ACCEPTED,
        ReportState.NOT_ACCEPTED,
    },
    # The city answers: the report goes back to review.
    ReportState.INFO_REQUESTED: {ReportState.UNDER_REVIEW},
    ReportState.ACCEPTED: set(),
    ReportState.NOT_ACCEPTED: set(),
}

# The city's editors may change the answers in these states.
EDITABLE_REPORT_STATES = (ReportState.DRAFT, ReportState.INFO_REQUESTED)
# The city has handed its report in (it is no longer late, whatever the decision).
HANDED_IN_STATES = (
    ReportState.SUBMITTED,
    ReportState.UNDER_REVIEW,
    ReportState.INFO_REQUESTED,
    ReportState.ACCEPTED,
)
CLOSED_REPORT_STATES = (ReportState.ACCEPTED, ReportState.NOT_ACCEPTED)


class ReportEventKind(models.TextChoices):
    """What happened to a report, worded when shown (WorkflowEvent.wording)."""

    INVITED = "invited", _("The city was invited to report (deadline %(deadline)s).")
    SUBMITTED = "submitted", _("The report was submitted.")
    REVIEW_STARTED = "review_started", _("The review began.")
    INFO_REQUESTED = "info_requested", _("UIL asked for more information.")
    ANSWERED = "answered", _("The city answered and sent the report back for review.")
    ACCEPTED = "accepted", _("The report was accepted.")
    NOT_ACCEPTED = "not_accepted", _("The report was not accepted.")
    EXTENDED = "extended", _("The deadline was extended to %(deadline)s.")
    REMINDED = "reminded", _("A reminder was sent (%(interval)s).")
    NOTE = "note", _("Internal note.")


class Standing(models.TextChoices):
    """A member's standing in the reporting obligation (gnlc-facts §1.4): dated records on
    the city's history; only staff change the membership status itself."""

    GOOD = "good", _("In good standing")
    UNDER_REVIEW = "under_review", pgettext_lazy("standing", "Report under review")
    OVERDUE = "overdue", _("Report overdue")


class ProposalState(models.TextChoices):
    """A proposed update of a city's public profile: pending until staff publish or return
    it, or its editors withdraw it."""

    PENDING = "pending", pgettext_lazy("profile update", "Waiting for UIL")
    PUBLISHED = "published", pgettext_lazy("profile update", "Published")
    RETURNED = "returned", pgettext_lazy("profile update", "Returned")
    WITHDRAWN = "withdrawn", pgettext_lazy("profile update", "Withdrawn")


PROPOSAL_TRANSITIONS = {
    ProposalState.PENDING: {
        ProposalState.PUBLISHED,
        ProposalState.RETURNED,
        ProposalState.WITHDRAWN,
    },
    ProposalState.PUBLISHED: set(),
    ProposalState.RETURNED: set(),
    ProposalState.WITHDRAWN: set(),
}
CLOSED_PROPOSAL_STATES = (
    ProposalState.PUBLISHED,
    ProposalState.RETURNED,
    ProposalState.WITHDRAWN,
)


class ProposalEventKind(models.TextChoices):
    """What happened to a profile update, worded when shown (WorkflowEvent.wording)."""

    PROPOSED = "proposed", _("The update was proposed.")
    CHANGED = "changed", _("The proposed update was changed (version %(revision)s).")
    WITHDRAWN = "withdrawn", _("The proposed update was withdrawn.")
    PUBLISHED = "published", _("The update was published on the city's profile.")
    RETURNED = "returned", _("UIL returned the update with a comment.")
