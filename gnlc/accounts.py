"""How django-allauth treats our users: the language of the sign-up page is remembered, so
that every later e-mail speaks it."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.language = (get_language() or "en").split("-")[0]
        return super().save_user(request, user, form, commit=commit)
