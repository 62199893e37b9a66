"""Reading the query string of the API: every wrong value becomes an ApiError that names the
parameter and says what to fix, answered as JSON with status 400 (or 404 for a page past the
end)."""

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_LANGUAGE = "en"
# Parameters of the API itself; everything else in the query string is a directory filter
# (or ignored).
PAGING_PARAMETERS = ("page", "page_size")
API_PARAMETERS = ("lang", *PAGING_PARAMETERS)


class ApiError(Exception):
    """An answer other than 200, with a message for the client."""

    def __init__(self, status, message, *, parameter=None, errors=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.errors = errors

    def as_dict(self):
        body = {"status": self.status, "message": str(self.message)}
        if self.parameter:
            body["parameter"] = self.parameter
        if self.errors:
            body["errors"] = self.errors
        return body


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def read_language(request):
    """The `lang` parameter: one of the portal's languages, English when absent."""
    value = request.GET.get("lang")
    if value is None or value == "":
        return DEFAULT_LANGUAGE
    # "zh-Hans" (BCP 47's capitals) and "zh_hans" (a locale's underscore) name "zh-hans" too.
    normalized = value.lower().replace("_", "-")
    if normalized in language_codes():
        return normalized
    if value not in language_codes():
        raise ApiError(
            400,
            _("Unknown language “%(value)s”: use one of %(allowed)s.")
            % {"value": value[:20], "allowed": ", ".join(language_codes())},
            parameter="lang",
        )
    return value


def read_positive_int(request, name, *, default, maximum=None):
    """A whole number ≥ 1 from the query string, at most `maximum`."""
    value = request.GET.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ApiError(
            400,
            _("%(name)s must be a whole number of 1 or more, not “%(value)s”.")
            % {"name": name, "value": value[:20]},
            parameter=name,
        )
    number = int(value)
    if maximum is not None and number > maximum:
        raise ApiError(
            400,
            _("%(name)s can be at most %(maximum)s.") % {"name": name, "maximum": maximum},
            parameter=name,
        )
    return number


def read_year(request, name="year"):
    """An optional four-digit year."""
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ApiError(
            400,
            _("%(name)s must be a year of four digits, such as 2024, not “%(value)s”.")
            % {"name": name, "value": value[:20]},
            parameter=name,
        )
    return int(value)


def check_parameters(request, accepted):
    """Refuse a query string with a parameter the endpoint does not know (a typo such as
    `regoin=` would otherwise be ignored, and the client would take every city for the
    filtered ones): an ApiError that names it and lists what the endpoint accepts."""
    unknown = sorted(name for name in request.GET if name not in accepted)
    if unknown:
        raise ApiError(
            400,
            _("Unknown parameter “%(name)s”: this address accepts %(accepted)s.")
            % {"name": unknown[0][:40], "accepted": ", ".join(accepted)},
            parameter=unknown[0][:40],
        )


def filter_data(request):
    """The query string without the API's own parameters: what the directory would see."""
    data = request.GET.copy()
    for name in API_PARAMETERS:
        data.pop(name, None)
    return data
