"""E-mail of the portal: rendered from templates in the recipient's language and handed to
the outbox (django-post-office), which retries when the mail server is down.

Every message goes through the outbox: the portal's own (send_templated_mail), django-allauth's
(confirmation, password reset, "you already have an account") and Django's (reports to
ADMINS), because EMAIL_BACKEND is post_office's. A message the mail server does not take at
once is kept for `send_queued_mail` (keep_failed_for_retry), whichever path sent it."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail
from post_office.models import STATUS


def absolute_url(path):
    """Links in e-mails and open data use the configured site address, never the request's
    Host header. An address that is already absolute (a file on object storage, a document
    on another site) is kept as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def send_templated_mail(*, template, to, language, context):
    """Render templates/emails/<template>_subject.txt and _body.txt in `language` and queue
    the message for `to` (a list of addresses). Returns nothing; a message the mail server
    did not take stays in the outbox for `send_queued_mail`."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}_body.txt", context).strip() + "\n"
    mail.send(
        recipients=recipients,
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split()),
        message=body,
    )


def queue_templated_mail(**kwargs):
    """send_templated_mail(**kwargs) once the current transaction commits (at once outside
    one): a change that is rolled back sends nothing, and a message never tells of a change
    that did not happen."""
    transaction.on_commit(partial(send_templated_mail, **kwargs))


def keep_failed_for_retry(sender, instance, update_fields=None, **kwargs):
    """post_save of post_office's Email (connected in gnlc.apps). A message sent at once
    (priority "now") that the mail server did not take is saved as failed, with only its
    status, and `send_queued_mail` never looks at failed messages again: put it back in the
    queue so the next run delivers it (and later runs retry it, POST_OFFICE MAX_RETRIES
    times; their own failures are not saved this way)."""
    email = instance
    if set(update_fields or ()) == {"status"} and email.status == STATUS.failed:
        email.status = STATUS.requeued
        email.scheduled_time = None
        email.save(update_fields=["status", "scheduled_time", "last_updated"])
