"""A city's figures across reporting cycles, as small bar charts drawn on the server (SVG in
the admin's review page: no script, nothing the Content-Security-Policy would block).

A figure is followed across cycles by its question's English title: the number questions of
different cycles that share a title are one series."""

from dataclasses import dataclass

from django.utils import formats

from gnlc.core import languages

from .enums import AnswerKind
from .models import ReportAnswer

WIDTH, HEIGHT, TOP, BOTTOM = 320, 140, 18, 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    year: object
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self):
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self):
        return self.height - BOTTOM


def display_number(value):
    """A Decimal as the page's language writes it, grouped, without trailing zeros."""
    if value is None:
        return ""
    value = value.quantize(1) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _mirrored(x, width):
    """`x` as the chart reads in the active language: time runs from the right in a language
    written right to left (the oldest cycle on the right), from the left otherwise."""
    return WIDTH - x - width if languages.is_bidi() else x


def _bars(points):
    """`points`: (cycle label, value, data year), oldest first, drawn on one scale from 0."""
    top = max((abs(value) for _label, value, _year in points), default=0) or 1
    slot = WIDTH / len(points)
    width = min(slot * 0.6, 60)
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (label, value, year) in enumerate(points):
        height = float(abs(value)) / float(top) * usable
        bars.append(
            Bar(
                label=label,
                value=display_number(value),
                year=year,
                x=round(_mirrored(index * slot + (slot - width) / 2, width), 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(width, 1),
                height=round(height, 1),
            )
        )
    return bars


def figures_across_cycles(report):
    """The charts of `report`'s city: one per number question of the report's cycle, with the
    city's answers to the questions of the same English title in every cycle up to this
    one's end, oldest first. A question answered in one cycle only gets no chart. Two
    queries."""
    questions = {}
    for question in report.cycle.questions.filter(kind=AnswerKind.NUMBER).order_by(
        "section__order", "order", "pk"
    ):
        questions.setdefault(question.title_en, question)
    titles = list(questions)
    answers = (
        ReportAnswer.objects.filter(
            report__city_id=report.city_id,
            question__kind=AnswerKind.NUMBER,
            question__title_en__in=titles,
            report__cycle__period_end__lte=report.cycle.period_end,
            number__isnull=False,
        )
        .select_related("report__cycle", "question")
        .order_by("report__cycle__period_end")
    )
    series = {title: [] for title in titles}
    for answer in answers:
        cycle = answer.report.cycle
        label = f"{cycle.period_start:%Y}–{cycle.period_end:%Y}"
        series[answer.question.title_en].append((label, answer.number, answer.number_year))
    charts = []
    for title, question in questions.items():
        if len(series[title]) >= 2:
            charts.append(Chart(title=question.title, bars=_bars(series[title])))
    return charts
