"""What waits for UIL staff, on the admin's home page: the applications of each workflow by
state, the calls and National Commission deadlines closing soon, the jurors' progress in each
cycle of the jury phase, and the messages the outbox could not deliver. It reads cities,
awards and the outbox together, so it lives in the site layer."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from awards.enums import AwardApplicationState, CyclePhase
from awards.models import (
    AwardApplication,
    AwardCycle,
    ConflictDeclaration,
    JuryAssignment,
    NominationInvitation,
)
from cities.enums import ApplicationState
from cities.models import CommissionInvitation, MembershipApplication, MembershipCall

SOON = datetime.timedelta(days=14)


def _by_state(model, states, changelist):
    counts = dict(model.objects.values_list("state").annotate(n=Count("pk")).order_by())
    return [
        {
            "label": label,
            "count": counts.get(value, 0),
            "url": f"{reverse(changelist)}?state__exact={value}",
        }
        for value, label in states.choices
        if counts.get(value)
    ]


def _closing_soon(now):
    calls = MembershipCall.objects.filter(
        Q(closes_at__range=(now, now + SOON)) | Q(commission_deadline__range=(now, now + SOON))
    ).order_by("closes_at")
    return [
        {
            "call": call,
            "closes_soon": now <= call.closes_at <= now + SOON,
            "commission_soon": now <= call.commission_deadline <= now + SOON,
            "url": reverse("admin:cities_membershipcall_change", args=[call.pk]),
        }
        for call in calls
    ]


def _jury_progress():
    """Per cycle in its jury phase: reviews submitted out of the reviews owed (assignments
    without a conflict)."""
    conflict = ConflictDeclaration.objects.filter(
        application_id=OuterRef("application_id"), juror_id=OuterRef("juror_id")
    )
    owed = JuryAssignment.objects.filter(application__cycle__phase=CyclePhase.JURY).exclude(
        Exists(conflict)
    )
    rows = (
        owed.values("application__cycle")
        .annotate(owed=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
        .order_by()
    )
    progress = {row["application__cycle"]: row for row in rows}
    return [
        {
            "cycle": cycle,
            "owed": progress.get(cycle.pk, {}).get("owed", 0),
            "submitted": progress.get(cycle.pk, {}).get("submitted", 0),
            "url": reverse("admin:awards_awardcycle_ranking", args=[cycle.pk]),
        }
        for cycle in AwardCycle.objects.filter(phase=CyclePhase.JURY).order_by("year")
    ]


def _without_commission_link():
    """Submitted applications of both workflows whose National Commission got no link (no
    address was on file when they were submitted): staff must obtain its decision."""
    membership = MembershipApplication.objects.filter(state=ApplicationState.SUBMITTED).exclude(
        Exists(CommissionInvitation.objects.filter(application=OuterRef("pk")).exclude(sent_to=""))
    )
    award = (
        AwardApplication.objects.filter(state=AwardApplicationState.SUBMITTED)
        .exclude(
            Exists(
                NominationInvitation.objects.filter(application=OuterRef("pk")).exclude(sent_to="")
            )
        )
        .select_related("city", "cycle")
    )
    return [
        *(
            {
                "label": str(application),
                "kind": _("membership application"),
                "url": reverse("admin:cities_membershipapplication_change", args=[application.pk]),
            }
            for application in membership.order_by("submitted_at")
        ),
        *(
            {
                "label": str(application),
                "kind": _("award application"),
                "url": reverse("admin:awards_awardapplication_change", args=[application.pk]),
            }
            for application in award.order_by("submitted_at")
        ),
    ]


def _undelivered():
    counts = dict(
        Email.objects.filter(status__in=[STATUS.failed, STATUS.requeued])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "failed": counts.get(STATUS.failed, 0),
        "waiting": counts.get(STATUS.requeued, 0),
        "url": reverse("admin:post_office_email_changelist"),
    }


def attention(now=None):
    now = now or timezone.now()
    return {
        "queues": [
            {
                "title": _("Membership applications"),
                "rows": _by_state(
                    MembershipApplication,
                    ApplicationState,
                    "admin:cities_membershipapplication_changelist",
                ),
            },
            {
                "title": _("Award applications"),
                "rows": _by_state(
                    AwardApplication,
                    AwardApplicationState,
                    "admin:awards_awardapplication_changelist",
                ),
            },
        ],
        "closing": _closing_soon(now),
        "jury": _jury_progress(),
        "without_link": _without_commission_link(),
        "outbox": _undelivered(),
    }
