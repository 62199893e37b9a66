"""Dates and numbers on the Arabic pages, as United Nations Arabic documents write them.

Digits: the digits 0-9 ("European" or "Western Arabic" digits), not the Arabic-Indic ٠-٩. The
UN's and UNESCO's Arabic documents print 0-9; so do the Maghreb's administrations, the keyboards
of every device and the data the portal publishes (the API, the CSV), so a figure reads the same
on the page, in a download and in a citation. Django writes no other digits anyway; forms read
Arabic-Indic and Persian digits too (gnlc.core.forms.read_number), since Arabic keyboards type
them.

Months: the double names of UN Arabic texts ("كانون الثاني/يناير"), given in the portal's
catalogue (gnlc/core/months.py), in a date without a comma: "14 كانون الأول/ديسمبر 2025".
Numbers: a decimal comma and thousands grouped by a no-break space (1 234,5), the grouping
no reader takes for a decimal mark (the UN's French and Russian texts write numbers so too);
Django's own Arabic formats group with points (1.234,5), which many readers of Arabic, used to
"1,234.5", read as a decimal. To be confirmed with UIL's Arabic editors.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in the rest of the portal
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
