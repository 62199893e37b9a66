"""The fields every public form shares (gnlc/core/forms.py): numbers as people write them in
the page's language, telephone numbers with their country code, single-line text."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from awards.forms import DocumentForm, NominationForm
from cities.forms.commission import CommissionDecisionForm
from gnlc.core.forms import (
    InternationalPhoneField,
    LocalizedDecimalField,
    LocalizedIntegerField,
    SingleLineMixin,
    YearField,
)


class FiguresForm(forms.Form):
    area = LocalizedDecimalField(max_digits=10, decimal_places=2, required=False)
    population = LocalizedIntegerField(required=False)
    year = YearField(required=False)


def clean(language, **data):
    with translation.override(language):
        form = FiguresForm(data)
        form.is_valid()
        return form.cleaned_data, {name: list(errors) for name, errors in form.errors.items()}


# --- Numbers ---------------------------------------------------------------------------------

# (language, typed, the area it means)
DECIMALS = [
    ("en", "35.2", Decimal("35.2")),
    ("en", "1,234.5", Decimal("1234.5")),
    ("en", "1,234,567", Decimal("1234567")),
    ("fr", "35,2", Decimal("35.2")),
    ("fr", "35.2", Decimal("35.2")),
    ("fr", "1 234,5", Decimal("1234.5")),
    ("fr", "1\u202f234,5", Decimal("1234.5")),  # the narrow no-break space of French
    ("fr", "1\u00a0234\u00a0567", Decimal("1234567")),
    ("es", "35,2", Decimal("35.2")),
    ("es", "35.2", Decimal("35.2")),
    ("es", "1.234,5", Decimal("1234.5")),
    ("es", "1 234 567", Decimal("1234567")),
]


@pytest.mark.parametrize(("language", "typed", "meant"), DECIMALS)
def test_decimal_is_read_as_the_pages_language_writes_it(language, typed, meant):
    cleaned, errors = clean(language, area=typed)

    assert (cleaned.get("area"), errors) == (meant, {})


WHOLE = [
    ("en", "1,234,567"),
    ("en", "1 234 567"),
    ("en", "1234567"),
    ("fr", "1 234 567"),
    ("fr", "1\u202f234\u202f567"),
    ("fr", "1.234.567"),
    ("es", "1.234.567"),
    ("es", "1 234 567"),
]


@pytest.mark.parametrize(("language", "typed"), WHOLE)
def test_whole_number_may_have_thousands_separators(language, typed):
    cleaned, errors = clean(language, population=typed)

    assert (cleaned.get("population"), errors) == (1234567, {})


def test_comma_on_an_english_page_is_refused_rather_than_multiplied():
    cleaned, errors = clean("en", area="35,2")

    assert "area" not in cleaned
    assert errors == {
        "area": [
            "A comma separates thousands on this page, so “35,2” is unclear: write decimals "
            "with a point, for example 35.2."
        ]
    }


@pytest.mark.parametrize("language", ["fr", "es"])
def test_point_that_could_group_thousands_is_refused_as_ambiguous(language):
    cleaned, errors = clean(language, area="1.234")

    assert "area" not in cleaned
    with translation.override(language):
        expected = translation.gettext(
            "“%(text)s” can be read in two ways. Write %(decimal)s for the decimal number, "
            "or %(whole)s for the whole number."
        ) % {"text": "1.234", "decimal": "1,234", "whole": "1234"}
    assert errors == {"area": [expected]}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a whole number."),
        ("fr", "Saisissez un nombre entier."),
        ("es", "Introduzca un número entero."),
    ],
)
def test_decimal_in_a_whole_number_field_is_refused(language, message):
    cleaned, errors = clean(language, population="35,2" if language != "en" else "35.2")

    assert "population" not in cleaned
    assert errors == {"population": [message]}


@pytest.mark.parametrize(
    ("language", "example"),
    [("en", "1,234.5"), ("fr", "1\u00a0234,5"), ("es", "1\u00a0234,5")],
)
def test_words_are_refused_with_an_example_in_the_pages_format(language, example):
    _cleaned, errors = clean(language, area="many")

    with translation.override(language):
        expected = translation.gettext("Enter a number, for example %(example)s.") % {
            "example": example
        }
    assert errors == {"area": [expected]}


@pytest.mark.parametrize(
    ("language", "area", "population", "year"),
    [
        ("en", "35.2", "1,234,567", "2024"),
        ("fr", "35,2", "1\u00a0234\u00a0567", "2024"),
        ("es", "35,2", "1\u00a0234\u00a0567", "2024"),
    ],
)
def test_stored_values_are_shown_in_the_pages_format(language, area, population, year):
    with translation.override(language):
        form = FiguresForm(initial={"area": Decimal("35.20"), "population": 1234567, "year": 2024})
        shown = {name: form[name].value() for name in form.fields}
        rendered = {name: str(form[name]) for name in form.fields}

    assert f'value="{area}"' in rendered["area"]
    assert f'value="{population}"' in rendered["population"]
    assert f'value="{year}"' in rendered["year"]  # a year is never grouped
    assert shown == {"area": Decimal("35.20"), "population": 1234567, "year": 2024}


def test_numbers_are_typed_in_text_inputs_with_a_numeric_keyboard():
    form = FiguresForm()

    assert 'type="text"' in str(form["area"])
    assert 'inputmode="decimal"' in str(form["area"])
    assert 'inputmode="numeric"' in str(form["population"])
    assert "min=" not in str(form["area"])
    assert "step=" not in str(form["area"])


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_shown_value_reads_back_as_the_same_number(language):
    with translation.override(language):
        shown = FiguresForm(initial={"area": Decimal("1234567.5"), "population": 2800000})
        area = shown["area"].as_widget().split('value="')[1].split('"')[0]
        population = shown["population"].as_widget().split('value="')[1].split('"')[0]
    cleaned, errors = clean(language, area=area, population=population)

    assert (cleaned, errors) == (
        {"area": Decimal("1234567.5"), "population": 2800000, "year": None},
        {},
    )


# --- Telephone numbers -----------------------------------------------------------------------


class PhoneForm(forms.Form):
    phone = InternationalPhoneField(required=False, max_length=40)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+33123456789", "+33 1 23 45 67 89"),
        ("0033 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+49 (40) 4480410", "+49 40 4480410"),
        ("+353-21-492-4000", "+353 21 492 4000"),
        ("", ""),
    ],
)
def test_phone_number_is_stored_in_international_format(typed, stored):
    form = PhoneForm({"phone": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


PHONE_MESSAGES = {
    "no_country_code": {
        "en": "Enter the number with its country code, starting with + (for example "
        "+49 40 4480410).",
        "fr": "Veuillez saisir le numéro avec l’indicatif du pays, en commençant par + (par "
        "exemple +49 40 4480410).",
        "es": "Introduzca el número con el prefijo del país, empezando por + (por ejemplo, "
        "+49 40 4480410).",
    },
    "invalid": {
        "en": "This is not a valid telephone number for its country code: check the digits "
        "(for example +49 40 4480410).",
        "fr": "Ce numéro de téléphone n’est pas valide pour l’indicatif de ce pays\u00a0: veuillez "
        "vérifier les chiffres (par exemple +49 40 4480410).",
        "es": "Este número de teléfono no es válido para el prefijo de su país: compruebe las "
        "cifras (por ejemplo, +49 40 4480410).",
    },
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("01 23 45 67 89", "no_country_code"),
        ("phone me", "no_country_code"),
        ("+33 1 23", "invalid"),
        ("+999 123 456", "no_country_code"),
    ],
)
def test_phone_number_without_a_country_code_or_invalid_is_refused(language, typed, problem):
    with translation.override(language):
        form = PhoneForm({"phone": typed})
        errors = {name: list(messages) for name, messages in form.errors.items()}

    assert errors == {"phone": [PHONE_MESSAGES[problem][language]]}


def test_stored_phone_number_is_shown_in_international_format():
    form = PhoneForm(initial={"phone": "+33123456789"})

    assert 'value="+33 1 23 45 67 89"' in str(form["phone"])
    assert 'type="tel"' in str(form["phone"])


# --- Single-line text ------------------------------------------------------------------------


class NameForm(SingleLineMixin, forms.Form):
    name = forms.CharField()
    address = forms.CharField(widget=forms.Textarea)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Murphy,\nAoife", "Write this on one line: remove the line breaks."),
        ("Murphy,\r\nAoife", "Write this on one line: remove the line breaks."),
        ("Murphy,\u2028Aoife", "Write this on one line: remove the line breaks."),
        (
            "Murphy,\tAoife",
            "Remove the invisible control characters (such as a tab) from this text; they are "
            "often pasted along with it.",
        ),
        (
            "Murphy\x1b[31m",
            "Remove the invisible control characters (such as a tab) from this text; they are "
            "often pasted along with it.",
        ),
    ],
)
def test_single_line_field_refuses_line_breaks_and_control_characters(typed, message):
    form = NameForm({"name": typed, "address": "City Hall\nAnglesea Street"})

    assert form.errors == {"name": [message]}


def test_single_line_field_keeps_names_of_every_script():
    names = ["Nguyễn Thị Minh Khai", "Ålesund", "Ζωή", "میرزا\u200cزاده"]  # with a joiner

    assert all(NameForm({"name": name, "address": "x"}).is_valid() for name in names)


def test_multi_line_field_keeps_its_line_breaks():
    form = NameForm({"name": "Cork", "address": "City Hall\nAnglesea Street"})

    assert form.is_valid()
    assert form.cleaned_data["address"] == "City Hall\nAnglesea Street"


def test_range_messages_write_the_limit_as_the_page_does():
    class AreaForm(forms.Form):
        area = LocalizedDecimalField(min_value=Decimal("0.01"), decimal_places=2)

    with translation.override("fr"):
        errors = list(AreaForm({"area": "0"}).errors["area"])

    assert errors == ["Assurez-vous que cette valeur est supérieure ou égale à 0,01."]


@pytest.mark.parametrize(
    ("form_class", "field", "others"),
    [
        (CommissionDecisionForm, "signed_by", {"decision": "endorse"}),
        (NominationForm, "signed_by", {"decision": "nominate"}),
        (DocumentForm, "title", {}),
    ],
)
def test_single_line_fields_of_the_other_public_forms_refuse_line_breaks(form_class, field, others):
    name = f"{form_class.prefix}-{field}" if form_class.prefix else field
    form = form_class({**others, name: "Dr Ana Ruiz\nSecretary-General"})

    assert form.errors[field] == ["Write this on one line: remove the line breaks."]
