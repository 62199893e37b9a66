"""The portal's own public forms: how they look, and the fields they share.

How they look: Bootstrap 5's class on every widget, and `is-invalid` on a field with an error.
The one way to style a public form: `BootstrapFormMixin` first among the form's bases. (The
admin's forms keep the admin's styles; allauth's are styled in their templates.)

What they accept: single-line text without line breaks or control characters
(`SingleLineMixin`), telephone numbers with their country code (`InternationalPhoneField`),
and numbers as people write them in the page's language (`LocalizedDecimalField`,
`LocalizedIntegerField`, `YearField`)."""

import unicodedata
from decimal import Decimal

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import formats
from django.utils.translation import gettext_lazy as _

CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def bootstrap_class(widget):
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    """Adds the classes when the field is rendered, so that fields a form adds in its
    constructor are styled too, and a field is marked invalid once it has an error."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        classes = (attrs.get("class") or widget.attrs.get("class") or "").split()
        for name in (bootstrap_class(widget), "is-invalid" if self.errors else ""):
            if name and name not in classes:
                classes.append(name)
        # The class before the id, as the markup has always had it.
        others = {key: value for key, value in attrs.items() if key != "class"}
        return super().build_widget_attrs({"class": " ".join(classes), **others}, widget)


class BootstrapFormMixin:
    bound_field_class = BootstrapBoundField


# --- Single-line text ------------------------------------------------------------------------

# What ends a line: line feed, carriage return, vertical tab, form feed, next line (NEL), and
# Unicode's line and paragraph separators.
LINE_BREAKS = frozenset("\n\r\v\f\x85\u2028\u2029")


def validate_single_line(value):
    """A name, a title, a city: one line of visible text. Refuses line breaks and control
    characters (tabs, escapes, the C0 and C1 ranges), which a single-line input cannot show
    and which break the lists, e-mails and exports that print the value. Joiners and other
    format characters stay: some scripts need them."""
    if not value:
        return
    if any(char in LINE_BREAKS for char in value):
        raise ValidationError(
            _("Write this on one line: remove the line breaks."), code="line_break"
        )
    # NUL has Django's own message (ProhibitNullCharactersValidator, on every CharField).
    if any(unicodedata.category(char) == "Cc" and char != "\x00" for char in value):
        raise ValidationError(
            _(
                "Remove the invisible control characters (such as a tab) from this text; "
                "they are often pasted along with it."
            ),
            code="control_character",
        )


def is_single_line(field):
    """Whether `field` is text typed in a one-line input (not a text area, a file, a choice or
    a hidden value)."""
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and isinstance(widget, forms.widgets.Input)
        and not isinstance(widget, (forms.FileInput, forms.HiddenInput))
    )


class SingleLineMixin:
    """Every single-line text field of the form refuses line breaks and control characters
    (validate_single_line), including the fields added by the form's constructor before this
    one runs: put the mixin first among the form's bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)


# --- Telephone numbers -----------------------------------------------------------------------

PHONE_EXAMPLE = "+49 40 4480410"


def international_phone(text):
    """`text` as one telephone number with its country code, written in international format
    ("+33 1 23 45 67 89"). A leading 00 counts as the +. Raises ValidationError when it is not
    a number of any country's plan (the phonenumbers library's metadata)."""
    text = text.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not text.startswith("+"):
        raise ValidationError(
            _("Enter the number with its country code, starting with + (for example %(example)s)."),
            code="no_country_code",
            params={"example": PHONE_EXAMPLE},
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "This is not a valid telephone number for its country code: check the digits "
                "(for example %(example)s)."
            ),
            code="invalid_phone",
            params={"example": PHONE_EXAMPLE},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class PhoneInput(forms.TextInput):
    input_type = "tel"

    def format_value(self, value):
        """A stored number in international format, as the field saves it; a number saved
        before the check existed is shown as it was typed when it cannot be read."""
        if value and isinstance(value, str):
            try:
                return international_phone(value)
            except ValidationError:
                pass
        return super().format_value(value)


class InternationalPhoneField(forms.CharField):
    """A telephone number with its country code, checked as one and cleaned to international
    format."""

    widget = PhoneInput(attrs={"autocomplete": "tel"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        validate_single_line(value)
        return international_phone(value)


# --- Numbers as people write them ------------------------------------------------------------

# Spaces that group digits: the space, the no-break space and the narrow no-break space that
# French uses, and the thin space.
DIGIT_SPACES = " \u00a0\u202f\u2009"
DIGITS = frozenset("0123456789")


def _grouped(text, separators):
    """Whether `text` is digits grouped by thousands with one kind of separator among
    `separators` (all the spaces count as one kind): 1,234,567 or 1 234 567, or plain digits."""
    used = {char for char in text if char not in DIGITS}
    if not used:
        return bool(text)
    if not used <= separators:
        return False
    kinds = {" " if char in DIGIT_SPACES else char for char in used}
    if len(kinds) != 1:
        return False
    for char in used:
        text = text.replace(char, " ")
    head, *groups = text.split(" ")
    return 1 <= len(head) <= 3 and all(len(group) == 3 for group in groups)


def _digits(text):
    return "".join(char for char in text if char in DIGITS)


def _readings(text, grouping, decimal_marks):
    """Every value `text` can mean: its digits grouped without decimals, or the last mark as
    the decimal mark with the digits before it grouped."""
    readings = set()
    if _grouped(text, grouping):
        readings.add(Decimal(_digits(text)))
    marks = [index for index, char in enumerate(text) if char not in DIGITS]
    if marks:
        index = marks[-1]
        mark, head, tail = text[index], text[:index], text[index + 1 :]
        if (
            mark in decimal_marks
            and tail
            and set(tail) <= DIGITS
            and (not head or _grouped(head, grouping - {mark}))
        ):
            readings.add(Decimal(f"{_digits(head) or '0'}.{tail}"))
    return readings


# Digits and marks typed on Arabic and Persian keyboards, read as the digits 0-9 and as the
# Arabic decimal and thousands marks; full-width digits and marks (a Chinese or Japanese input
# method) are folded by NFKC.
_ARABIC_DIGITS = str.maketrans(
    {**{chr(0x0660 + n): str(n) for n in range(10)}, **{chr(0x06F0 + n): str(n) for n in range(10)}}
)
ARABIC_DECIMAL_MARK = "\u066b"
ARABIC_THOUSANDS_MARK = "\u066c"


def _typed_digits(text):
    """`text` with the digits of every script the portal's readers type (Arabic-Indic,
    Persian, full width) as 0-9; the Arabic decimal mark as the page's, its thousands mark
    as a space."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_DIGITS)
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    return text.replace(ARABIC_DECIMAL_MARK, decimal_mark).replace(ARABIC_THOUSANDS_MARK, " ")


def plain_number(value):
    """`value` in the page language's format without grouping: 1234,5 in French."""
    return formats.number_format(value, use_l10n=True)


def read_number(text, *, whole=False):
    """The Decimal that `text` means in the page's language (the active one), or a
    ValidationError that says how to write it. Never guesses between two readings.

    The decimal mark is the language's (a comma in French and Spanish) or a point. Thousands
    may be grouped with spaces of any width, with the language's separator, and, where the
    decimal mark is a comma, with points. What has two readings is refused: "1.234" on a
    French page (1,234 or 1234?); so is a comma that is not a thousands separator on an
    English page ("35,2"). With `whole`, only whole readings count ("1.234" is then 1234).
    Digits may be typed in any script the readers use ("١٢٣٤٫٥" on an Arabic keyboard)."""
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    grouping = {*DIGIT_SPACES, formats.get_format("THOUSAND_SEPARATOR")}
    if decimal_mark == ",":
        grouping.add(".")
    decimal_marks = {decimal_mark, "."}
    body = _typed_digits(text).strip()
    negative = body[:1] in ("-", "\u2212")
    if body[:1] in ("-", "\u2212", "+"):
        body = body[1:].lstrip()
    readings = _readings(body, grouping, decimal_marks) if body else set()
    if whole:
        fractional = {value for value in readings if value != value.to_integral_value()}
        if fractional and fractional == readings:
            raise ValidationError(_("Enter a whole number."), code="whole")
        readings -= fractional
    if len(readings) > 1:
        low, high = sorted(readings)
        raise ValidationError(
            _(
                "“%(text)s” can be read in two ways. Write %(decimal)s for the decimal "
                "number, or %(whole)s for the whole number."
            ),
            code="ambiguous",
            params={
                "text": text.strip(),
                "decimal": plain_number(low),
                "whole": plain_number(high),
            },
        )
    if not readings:
        raise _unreadable(text, body, decimal_mark, grouping, decimal_marks, whole=whole)
    (value,) = readings
    return -value if negative and value else value


def _unreadable(text, body, decimal_mark, grouping, decimal_marks, *, whole):
    """The error for a number with no reading: a comma used as a decimal mark on a page that
    writes decimals with a point gets a message of its own, with the number as it should be."""
    if (
        decimal_mark == "."
        and "," in body
        and _readings(body, grouping - {","}, decimal_marks | {","})
    ):
        return ValidationError(
            _(
                "A comma separates thousands on this page, so “%(text)s” is unclear: "
                "write decimals with a point, for example %(example)s."
            ),
            code="comma_decimal",
            params={"text": text.strip(), "example": body.replace(",", ".")},
        )
    example = Decimal(1234567) if whole else Decimal("1234.5")
    return ValidationError(
        _("Enter a number, for example %(example)s."),
        code="invalid",
        params={"example": formats.number_format(example, use_l10n=True, force_grouping=True)},
    )


class NumberTextInput(forms.TextInput):
    """A number in a text input, written and shown in the page language's format. Not
    type=number: Chromium reads that in the browser's language, not the page's, and turned
    "35,2" into 352 on a French page."""

    def __init__(self, attrs=None, *, whole=False, grouping=True):
        attrs = {"inputmode": "numeric" if whole else "decimal", **(attrs or {})}
        super().__init__(attrs)
        self.grouping = grouping

    def format_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                value = value.quantize(Decimal(1))
            elif isinstance(value, Decimal):
                value = value.normalize()
            return formats.number_format(value, use_l10n=True, force_grouping=self.grouping)
        return super().format_value(value)


class _LocalizedNumberMixin:
    whole = False
    grouping = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberTextInput(whole=self.whole, grouping=self.grouping))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return super().to_python(value)
        return super().to_python(read_number(str(value), whole=self.whole))

    def widget_attrs(self, widget):
        # No min, max or step: they belong to type=number, which these fields do not use.
        return forms.Field.widget_attrs(self, widget)

    def run_validators(self, value):
        """The limits in the range validators' messages, written as the page's language
        writes numbers ("greater than or equal to 0,01" on a French page)."""
        try:
            super().run_validators(value)
        except ValidationError as error:
            for item in error.error_list:
                limit = (item.params or {}).get("limit_value")
                if isinstance(limit, (int, Decimal)) and not isinstance(limit, bool):
                    item.params = {**item.params, "limit_value": plain_number(limit)}
            raise


class LocalizedDecimalField(_LocalizedNumberMixin, forms.DecimalField):
    """A decimal number as people write it in the page's language (read_number)."""


class LocalizedIntegerField(_LocalizedNumberMixin, forms.IntegerField):
    """A whole number as people write it in the page's language, thousands grouped or not."""

    whole = True

    def to_python(self, value):
        value = super().to_python(value)
        return None if value is None else int(value)


class YearField(LocalizedIntegerField):
    """A year: a whole number shown without a thousands separator (2024, not 2,024)."""

    grouping = False
