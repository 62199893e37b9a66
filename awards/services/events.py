"""The dated history of an award application: every service writes its steps here."""

from ..models import AwardEvent


def record_event(
    application, *, by=None, actor_name="", from_state="", to_state="", note="", visible=True
):
    """One AwardEvent (who, when, from, to, note); `visible=False` keeps it for staff only."""
    return AwardEvent.objects.create(
        application=application,
        actor=by,
        actor_name=actor_name or (by.get_full_name() if by else ""),
        from_state=from_state,
        to_state=to_state,
        note=note,
        visible_to_applicant=visible,
    )
