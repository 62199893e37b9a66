"""Staff in the admin, as they click: a decision that needs confirmation (gnlc.workflow.admin)
is first shown on its confirmation page, then confirmed from it."""

from gnlc.workflow.admin import WorkflowAdminMixin


def confirmation_of(response):
    """The confirmation key of a confirmation page, or None for any other response."""
    context = getattr(response, "context", None)
    if response.status_code != 200 or context is None or "confirmation_key" not in context:
        return None
    return context["confirmation_key"]


def post_action(client, url, data=None, *, confirm=True, **extra):
    """POST a staff action like a person in the admin: the action's form (`data`), then, if
    the answer is the confirmation page, its button (with `extra`, the fields only the
    confirmation page asks, e.g. {"confirm-latitude": "53.3"}). Returns the last response;
    with `confirm=False`, the confirmation page itself."""
    data = dict(data or {})
    response = client.post(url, data)
    key = confirmation_of(response)
    if key is None or not confirm:
        return response
    return client.post(url, {**data, WorkflowAdminMixin.CONFIRMED: key, **extra})
