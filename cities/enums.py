from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """UNESCO's five regions, as UIL groups the network's members."""

    AFRICA = "AF", _("Africa")
    ARAB_STATES = "AS", _("Arab States")
    ASIA_PACIFIC = "AP", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "ENA", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "LAC", _("Latin America and the Caribbean")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("membership status", "Suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("membership status", "Withdrawn")


# Members shown to the public; withdrawn cities appear nowhere outside the admin.
PUBLIC_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


class CityKind(models.TextChoices):
    CITY = "city", pgettext_lazy("kind of member", "City")
    MUNICIPALITY = "municipality", pgettext_lazy("kind of member", "Municipality")
    DISTRICT = "district", pgettext_lazy("kind of member", "District")
    COUNTY = "county", pgettext_lazy("kind of member", "County")
    CONSORTIUM = "consortium", pgettext_lazy("kind of member", "Consortium")
    COMMUNE = "commune", pgettext_lazy("kind of member", "Commune")
    TOWN_COUNCIL = "town_council", pgettext_lazy("kind of member", "Town council")
    REGION = "region", pgettext_lazy("kind of member", "Region or province")


class MemberSincePrecision(models.TextChoices):
    """What is known of the date a city joined (gnlc-facts §5.1).

    DAY: the day it was admitted is on record, as the first "active" step of its status
    history (a city admitted through the portal). YEAR: only the year is known, stated by a
    source; the history's date is then a placeholder. AT_LATEST: a member by that year at the
    latest. UNKNOWN: not even the year."""

    DAY = "day", _("date of admission on record")
    YEAR = "year", _("year stated by a source")
    AT_LATEST = "at_latest", _("member by that year at the latest")
    UNKNOWN = "unknown", _("year unknown")


# The year a city joined is stated (the newest members, the feed of new members): "a member by
# 2026 at the latest" may have joined years before.
YEAR_STATED = (MemberSincePrecision.DAY, MemberSincePrecision.YEAR)


class ClusterRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("role in a cluster", "Member")
    COORDINATOR = "coordinator", pgettext_lazy("role in a cluster", "Coordinator")


class DirectorySort(models.TextChoices):
    NAME = "name", _("Name (A–Z)")
    NEWEST = "newest", _("Newest members first")
    OLDEST = "oldest", _("Oldest members first")
    POPULATION = "population", _("Population (largest first)")


class ApplicationState(models.TextChoices):
    """States of a membership application (SPEC §4)."""

    DRAFT = "draft", pgettext_lazy("application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    ENDORSED = "endorsed", pgettext_lazy("application state", "Endorsed by the National Commission")
    NOT_ENDORSED = (
        "not_endorsed",
        pgettext_lazy("application state", "Not endorsed by the National Commission"),
    )
    UNDER_REVIEW = "under_review", pgettext_lazy("application state", "Under review")
    INFO_REQUESTED = "info_requested", pgettext_lazy("application state", "Information requested")
    APPROVED = "approved", pgettext_lazy("application state", "Approved")
    REJECTED = "rejected", pgettext_lazy("application state", "Not admitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "Withdrawn")


_S = ApplicationState
# The only moves an application can make; every one goes through cities.applications.
ALLOWED_TRANSITIONS = {
    _S.DRAFT: {_S.SUBMITTED, _S.WITHDRAWN},
    _S.SUBMITTED: {_S.ENDORSED, _S.NOT_ENDORSED, _S.WITHDRAWN},
    _S.ENDORSED: {_S.UNDER_REVIEW, _S.WITHDRAWN},
    _S.UNDER_REVIEW: {_S.INFO_REQUESTED, _S.APPROVED, _S.REJECTED, _S.WITHDRAWN},
    _S.INFO_REQUESTED: {_S.UNDER_REVIEW, _S.WITHDRAWN},
    _S.NOT_ENDORSED: set(),
    _S.APPROVED: set(),
    _S.REJECTED: set(),
    _S.WITHDRAWN: set(),
}
# The applicant may change the form only in these states.
EDITABLE_STATES = (_S.DRAFT, _S.INFO_REQUESTED)
# An application that has ended; at most one application per city and call is not ended.
CLOSED_STATES = (_S.NOT_ENDORSED, _S.APPROVED, _S.REJECTED, _S.WITHDRAWN)
# Counted against the call's quota of the country's National Commission.
ENDORSED_STATES = (_S.ENDORSED, _S.UNDER_REVIEW, _S.INFO_REQUESTED, _S.APPROVED, _S.REJECTED)


class ApplicationEventKind(models.TextChoices):
    """What the portal did in a membership application's history, worded when shown in the
    reader's language (gnlc.workflow.models.WordedRecord); what a person typed is the
    event's note."""

    DRAFT_STARTED = "draft_started", _("Draft started.")
    SUBMITTED = "submitted", _("Submitted for the National Commission's endorsement.")
    NO_COMMISSION_ADDRESS = (
        "no_commission_address",
        _(
            "No e-mail address of the National Commission is on file: staff must obtain and "
            "record its decision."
        ),
    )
    COMMISSION_SIGNED = "commission_signed", _("Signed for the National Commission by %(name)s.")
    COMMISSION_RECORDED = (
        "commission_recorded",
        _("Decision of the National Commission recorded by UIL staff."),
    )
    REVIEW_STARTED = "review_started", _("UIL has started reviewing the application.")
    ADMITTED = "admitted", _("Admitted to the network.")


class StatusChangeKind(models.TextChoices):
    """What caused a step of a city's membership status history, worded when shown; a
    reason typed by staff is the step's note."""

    ADMITTED_THROUGH_APPLICATION = (
        "admitted_through_application",
        _("Admitted through application %(number)s."),
    )


class FigureSource(models.TextChoices):
    """Where a city's figures come from when the portal filled them in (the source typed by
    staff, if any, says it instead)."""

    MEMBERSHIP_APPLICATION = "membership_application", _("membership application")


class Salutation(models.TextChoices):
    MS = "ms", _("Ms")
    MR = "mr", _("Mr")


class CommunicationLanguage(models.TextChoices):
    """The official form offers English or French."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class CommissionDecision(models.TextChoices):
    ENDORSE = "endorse", _("Endorse")
    DECLINE = "decline", _("Decline")
