"""A membership call's applications as a table, to compare them (CSV and XLSX, in the admin):
one row per application with every answer of the official form. The columns derive from the
form's description (application_steps.STEPS): a field added to a step is exported too.

Cells are made safe by gnlc.core.spreadsheets (text a spreadsheet would run as a formula gets
an apostrophe)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from gnlc.core.spreadsheets import table_response

from . import application_steps
from .models import Cluster, MembershipApplication

# Before the answers: what the application is; after them: when it happened.
HEAD = ("number", "call", "state")
DATES = ("created_at", "submitted_at", "decided_at")


def _field(name):
    return MembershipApplication._meta.get_field(name)


def answer_fields():
    """The application's fields the form asks, step by step, in the form's order."""
    return [name for step in application_steps.STEPS for name in step.fields]


def _header(name):
    if name == "number":
        return _("number")
    if name == "pledge":
        return _("signed pledge on file")
    return str(_field(name).verbose_name)


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _cell(application, name):
    if name == "number":
        return application.pk
    if name == "call":
        return application.call.title
    value = getattr(application, name)
    field = _field(name)
    if name == "country":
        return value.name if value else ""
    if isinstance(field, models.FileField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return _moment(value)
    if field.choices:
        return getattr(application, f"get_{name}_display")() if value else ""
    return value


def application_table(call):
    """(headers, rows) of `call`'s applications, oldest first: number, call, state, every
    answer of the form, a challenge rating per theme, the applicant's account, the member
    city it admitted, and its dates. Four queries."""
    themes = list(Cluster.objects.order_by("order", "pk"))
    fields = [*HEAD, *answer_fields()]
    headers = [
        *(_header(name) for name in fields),
        *(_("challenge rating: %(theme)s") % {"theme": theme.name} for theme in themes),
        _("applicant's account"),
        _("member city"),
        *(_header(name) for name in DATES),
    ]
    applications = (
        MembershipApplication.objects.filter(call=call)
        .select_related("call", "applicant", "city")
        .prefetch_related("challenge_ratings")
        .order_by("pk")
    )
    rows = []
    for application in applications:
        ratings = {r.theme_id: r.rating for r in application.challenge_ratings.all()}
        rows.append(
            [
                *(_cell(application, name) for name in fields),
                *(ratings.get(theme.pk) for theme in themes),
                application.applicant.email,
                application.city.name if application.city else "",
                *(_moment(getattr(application, name)) for name in DATES),
            ]
        )
    return headers, rows


def applications_file(call, fmt):
    """The download of application_table(call) as CSV or XLSX."""
    headers, rows = application_table(call)
    stamp = timezone.localdate().isoformat()
    return table_response(
        fmt,
        headers=headers,
        rows=rows,
        title=_("Applications"),
        filename=f"membership-applications-call-{call.pk}-{stamp}",
    )
