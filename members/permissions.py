"""Who may do what in the members' area. Each predicate is tested with its denials
(tests/members/test_permissions.py). Every predicate reads the current rows, never a copy."""

from .enums import EDITABLE_REPORT_STATES, ReportState


def is_focal_point(user, city):
    return bool(user.is_authenticated and city.focal_point_id == user.pk)


def is_co_editor(user, city):
    return bool(user.is_authenticated and city.editors.filter(user=user).exists())


def can_edit_city(user, city):
    """The focal point and the co-editors they invited: the profile proposal and the report."""
    return is_focal_point(user, city) or is_co_editor(user, city)


def can_manage_editors(user, city):
    """Only the focal point invites and removes co-editors."""
    return is_focal_point(user, city)


def is_reporting_staff(user):
    """UIL staff who review progress reports in the admin."""
    return bool(
        user.is_authenticated and user.is_staff and user.has_perm("members.view_progressreport")
    )


def can_view_report(user, report):
    return can_edit_city(user, report.city) or is_reporting_staff(user)


def can_edit_report(user, report):
    return report.state in EDITABLE_REPORT_STATES and can_edit_city(user, report.city)


def can_submit_report(user, report):
    return report.state == ReportState.DRAFT and can_edit_city(user, report.city)


def can_answer_request(user, report):
    return report.state == ReportState.INFO_REQUESTED and can_edit_city(user, report.city)
