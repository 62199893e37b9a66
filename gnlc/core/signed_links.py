"""Links that give one outside party (a National Commission) access to one thing, without an
account: a random token sent by e-mail, of which only a hash is stored; the link expires and
works only until a decision is recorded. Membership endorsements and award nominations use it.

A link that does not work answers the same whether its token is unknown, tampered, expired or
already used (`unusable_link_response`), so that the answer tells nobody which. The pages of a
link and its decision form are the workflow core's (gnlc.workflow.links)."""

import hashlib
import secrets

from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TOKEN_LENGTH = 100


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    """(token, its hash): the token goes into the e-mail, the hash into the database."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def issue_link(link_model, *, sent_to, expires_at, **fields):
    """A new link of `link_model` (a SignedLink) for the addresses `sent_to`, valid until
    `expires_at`; `fields` say what it gives access to. Returns (link, token): the token goes
    into the e-mail and is never stored."""
    token, token_hash = new_token()
    link = link_model.objects.create(
        token_hash=token_hash, expires_at=expires_at, sent_to="\n".join(sent_to), **fields
    )
    return link, token


def unusable_link_response(request):
    """The one answer (404) for every link that does not work, whatever the reason."""
    return render(request, "gnlc/signed_link.html", status=404)


def decision_recorded_response(request):
    """The answer to the decision itself: thanks, and the link is spent."""
    return render(request, "gnlc/signed_link.html", {"decided": True})


def find_by_token(queryset, token):
    """The link of `token` in `queryset`, or None for an unknown, empty or oversized token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return queryset.filter(token_hash=hash_token(token)).first()


class SignedLink(models.Model):
    """The fields every such link has; subclasses add what it gives access to and the
    decision's choices."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to = models.TextField(_("sent to"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    signed_by = models.CharField(_("name of the person deciding"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def is_usable(self, at=None):
        return self.used_at is None and (at or timezone.now()) < self.expires_at
