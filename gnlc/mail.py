"""E-mail of the portal: rendered from templates in the recipient's language and handed to
the outbox (django-post-office), which retries when the mail server is down."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail


def absolute_url(path):
    """Links in e-mails use the configured site address, never the request's Host header."""
    return f"{settings.SITE_URL}{path}"


def send_templated_mail(*, template, to, language, context):
    """Render templates/emails/<template>_subject.txt and _body.txt in `language` and queue
    the message for `to` (a list of addresses). Returns nothing; failures stay in the
    outbox for a later retry."""
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
