"""The month names, in the portal's own catalogue so that each language may word them as the
UN's texts do: Arabic gives both names, "كانون الثاني/يناير" (Django's Arabic gives only the
Egyptian "يناير", which the Levant and Iraq do not use). Django's date formats look these
strings up ("F" in a format); a translation in the portal's catalogue comes before Django's.
Nothing imports this module: it is here for makemessages."""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
