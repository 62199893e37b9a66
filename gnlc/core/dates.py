"""Dates as each language writes them: a day ("14 December 2025", "14 декабря 2025 г.",
"2025年12月14日") and a moment (the day and the time).

English, French, Spanish and Arabic write the day number, the month's name and the year
("j F Y"; Arabic with the UN's double month names, gnlc/core/months.py); Russian puts the
month in the genitive ("j E Y г."); Chinese writes year, month and day with their characters.
Templates use the filters of gnlc.site.templatetags.dates (`{{ value|day }}`,
`{{ value|moment }}`, `{{ value|moment_zone }}`), Python code these functions; a hard-coded
"j F Y" would print "14 Декабрь 2025" or "14 十二月 2025".
"""

from django.utils import formats

from gnlc.core import languages

DAY = {"ru": "j E Y г.", "zh-hans": "Y年n月j日"}
MOMENT = {"ar": "j F Y، H:i", "ru": "j E Y г., H:i", "zh-hans": "Y年n月j日 H:i"}
DAY_MONTH = {"ru": "j E", "zh-hans": "n月j日"}


def day(value, language=None):
    """The day of `value` in the active language: "14 December 2025"."""
    return _format(value, DAY, "j F Y", language)


def moment(value, language=None):
    """The day and the time of `value` (in the current time zone): "14 December 2025, 10:00"."""
    return _format(value, MOMENT, "j F Y, H:i", language)


def day_month(value, language=None):
    """The day and the month of `value`, without the year: "14 December"."""
    return _format(value, DAY_MONTH, "j F", language)


def _format(value, table, default, language):
    if value in (None, ""):
        return ""
    return formats.date_format(value, table.get(languages.current(language), default))
