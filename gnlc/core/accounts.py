"""How django-allauth treats our users: the language of the sign-up page is remembered, so
that every later e-mail speaks it (allauth's account e-mails too, in the portal's own words:
templates/account/email/), links in e-mails use the configured site address, and signing up
takes as long for an address that has an account as for one that has none."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from gnlc.core import languages
from gnlc.core.languages import current as current_language
from gnlc.core.mail import absolute_url

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOGGED_OUT_MESSAGE = "account/messages/logged_out.txt"


def _on_site(url):
    """The same path and query on SITE_URL: never the Host header a request came with."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.language = languages.current()
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """Every account e-mail, in the language of the account it is about (else the page's),
        its links in that language on the configured site address; allauth names the site
        after the request's host, ours is the configured address."""
        language = _language_of(context.get("user") or _account_of(email))
        # Read in the page's language (the one they were made in), given in the reader's.
        links = {
            name: translate_url(_on_site(value), language)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str)
        }
        with translation.override(language):
            site = SimpleNamespace(
                domain=urlsplit(settings.SITE_URL).netloc,
                name=gettext("UNESCO Global Network of Learning Cities"),
            )
            context = {
                **context,
                **links,
                "current_site": site,
                "site_url": settings.SITE_URL,
                "language": language,
            }
            return super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        """Without a `next`, jurors land on their queue; everyone else on their applications
        (LOGIN_REDIRECT_URL)."""
        if getattr(request.user, "is_juror", False):
            return reverse("awards:jury")
        return super().get_login_redirect_url(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_site(super().get_reset_password_from_key_url(key))

    # A GET never changes anything (links are opened by mail scanners and other sites):
    # allauth signs out whoever merely opens another account's confirmation or reset link.
    # The POST that confirms or resets still signs them out.
    def logout(self, request):
        if request.method not in SAFE_METHODS:
            super().logout(request)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if request.method in SAFE_METHODS and message_template == LOGGED_OUT_MESSAGE:
            return None  # nobody was signed out (see logout above)
        return super().add_message(request, level, message_template, *args, **kwargs)


def _account_of(email):
    """The account of an address allauth writes to without naming it (someone tried to sign
    up with it): its owner reads the message."""
    if not isinstance(email, str):
        return None
    return get_user_model().objects.filter(email__iexact=email).first()


def _language_of(user):
    """The language an account's e-mails speak: the one it chose (the sign-up page's), else
    the page's."""
    languages = dict(settings.LANGUAGES)
    chosen = getattr(user, "language", "") or ""
    if chosen in languages:
        return chosen
    return current_language()


class SignupForm(AllauthSignupForm):
    """ACCOUNT_FORMS["signup"]. For an address that already has an account allauth creates
    nothing and e-mails its owner instead; it would answer in a fraction of the time a new
    account takes (hashing the password is most of that), which tells anyone timing the answer
    which addresses are registered. The password is hashed in both cases."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same work, then discarded
        return super().try_save(request)
