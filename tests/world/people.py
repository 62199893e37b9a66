"""Accounts by role: a visitor, an applicant or focal point, a juror, UIL staff."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from gnlc.core.services import ensure_secretariat_group

PASSWORD = "secret-pass-123"


def user(email, *, password=PASSWORD, verified=None, **fields):
    """An account (`fields` are User fields: full_name, language, country, ...).

    Its e-mail address as allauth records it: with `verified=True`, verified and primary, as
    after the confirmation link (the account can sign in through the sign-in page); with
    `verified=False`, primary but not yet confirmed; with None, no record at all (an account
    made by staff or a script)."""
    account = get_user_model().objects.create_user(email=email, password=password, **fields)
    if verified is not None:
        EmailAddress.objects.create(user=account, email=email, verified=verified, primary=True)
    return account


def staff(email="staff@example.org", *, secretariat=True, verified=True, **fields):
    """A member of UIL staff (is_staff), in the Secretariat group unless `secretariat=False`
    (staff without the group reach the admin but may change nothing in it). Staff sign in
    through allauth's page: a verified address unless `verified` says otherwise."""
    account = user(email, verified=verified, is_staff=True, **fields)
    if secretariat:
        account.groups.add(ensure_secretariat_group())
    return account


def superuser(email, *, password=PASSWORD, verified=True):
    """A site administrator (all permissions); `verified` as for `user`."""
    account = get_user_model().objects.create_superuser(email=email, password=password)
    if verified is not None:
        EmailAddress.objects.create(user=account, email=email, verified=verified, primary=True)
    return account


def juror(email, country="", **fields):
    """A juror: an account whose country makes a city of that country an automatic conflict."""
    return user(email, country=country, **fields)


def reviewer():
    """The member of the Secretariat who acts in the builders when no `by` is given
    (reviewer@uil.example, "Rita Reviewer"); one per database, made on first use."""
    account, created = get_user_model().objects.get_or_create(
        email="reviewer@uil.example", defaults={"is_staff": True, "full_name": "Rita Reviewer"}
    )
    if created:
        account.groups.add(ensure_secretariat_group())
    return account
