"""E-mail of the portal: rendered from templates in the recipient's language and handed to
the outbox (django-post-office), which retries when the mail server is down."""

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
    email = mail.send(
        recipients=recipients,
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split()),
        message=body,
    )
    keep_for_retry(email)


def queue_templated_mail(**kwargs):
    """send_templated_mail(**kwargs) once the current transaction commits (at once outside
    one): a change that is rolled back sends nothing, and a message never tells of a change
    that did not happen."""
    transaction.on_commit(partial(send_templated_mail, **kwargs))


def keep_for_retry(email):
    """post_office marks a message that could not be sent at once as failed, and
    `send_queued_mail` never looks at failed messages again: put it back in the queue so the
    next run delivers it (and later runs retry it, POST_OFFICE MAX_RETRIES times)."""
    if email.status == STATUS.failed:
        email.status = STATUS.requeued
        email.scheduled_time = None
        email.save(update_fields=["status", "scheduled_time", "last_updated"])
