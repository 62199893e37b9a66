"""Who may do what with membership applications. Each predicate is tested with its denials."""

from .enums import EDITABLE_STATES, ApplicationState


def is_secretariat(user):
    """UIL staff who review applications in the admin."""
    return bool(
        user.is_authenticated
        and user.is_staff
        and user.has_perm("cities.view_membershipapplication")
    )


def can_view_application(user, application):
    return user.is_authenticated and (application.applicant_id == user.pk or is_secretariat(user))


def can_edit_application(user, application):
    """Only the applicant, and only while a draft or when staff asked for information."""
    return (
        user.is_authenticated
        and application.applicant_id == user.pk
        and application.state in EDITABLE_STATES
    )


def can_submit_application(user, application):
    return (
        user.is_authenticated
        and application.applicant_id == user.pk
        and application.state == ApplicationState.DRAFT
    )


def can_answer_request(user, application):
    return (
        user.is_authenticated
        and application.applicant_id == user.pk
        and application.state == ApplicationState.INFO_REQUESTED
    )


def can_withdraw_application(user, application):
    from .enums import ALLOWED_TRANSITIONS

    return (
        user.is_authenticated
        and application.applicant_id == user.pk
        and ApplicationState.WITHDRAWN in ALLOWED_TRANSITIONS[ApplicationState(application.state)]
    )
