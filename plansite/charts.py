"""Charts drawn at build time as inline SVG: status at a glance, and indicators over time.

Pure functions from data to a small dataclass whose `svg` is finished markup.
No chart library and no JavaScript: the page carries the drawing, a sentence
that says the same in words, and a table with the numbers (the templates in
macros.html and goal.html lay them out). Every SVG is `aria-hidden="true"`:
the sentence and the table right beside it are what assistive technology reads,
so nothing is read twice.

Colours come from the theme's stylesheet through classes (`chart-seg-<status>`,
`chart-value`, `chart-target` …); the markup has no `style` attribute, which the
site's Content-Security-Policy would block. Coordinates are computed in integers
or formatted with a fixed number of decimals, so the same data gives the same
bytes on every machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from markupsafe import Markup, escape

from plansite.i18n import Catalogue
from plansite.model import Indicator

Totals = tuple[tuple[str | None, int], ...]
"""Goal counts per status key (None: not yet followed up), in vocabulary order."""

# --- status at a glance ------------------------------------------------------------------

BAR_HEIGHT = 32
"""Height of the stacked bar in CSS pixels; its width is the width of the page."""

_SCALE = 100_000
"""Percentages are computed in 1/1000 of a percent, as integers."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One status of a stacked bar."""

    key: str | None
    label: str
    count: int
    start: int
    """Left edge, in thousandths of a percent of the bar (0 … 100000)."""
    width: int
    """In thousandths of a percent; the widths of a bar add up to exactly 100000."""
    share: str
    """The share as written in the table: "43 %"."""
    labelled: bool
    """Whether the count fits inside the segment (else only the table and sentence say it)."""

    @property
    def css(self) -> str:
        """The status's class suffix, as the `.status-*` tags use it ("none" for None)."""
        return self.key or "none"


@dataclass(frozen=True, slots=True)
class StatusChart:
    """Goal totals by status: the SVG bar, its text equivalent and the numbers."""

    total: int
    segments: tuple[Segment, ...]
    sentence: str
    """The text equivalent: "12 af 28 mål er opfyldt, 5 er delvist opfyldt og …"."""
    svg: Markup
    """The bar (empty when there are no goals)."""


def _percent(value: int) -> str:
    """Thousandths of a percent as an SVG percentage with three decimals: "42.857%"."""
    return f"{value // 1000}.{value % 1000:03d}%"


def _divide(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, in integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def _fits(count_text: str, width: int) -> bool:
    """Whether a count fits inside a segment on a 375 px phone (about 340 px of bar)."""
    return width >= 3_000 + 2_500 * len(count_text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def status_sentence(totals: Totals, cat: Catalogue) -> str:
    """The text equivalent of a status chart, one full sentence from the catalogue."""
    total = sum(count for _key, count in totals)
    parts = [(count, _lower_first(cat.status(key))) for key, count in totals if count]
    if not parts:
        return cat.t("chart.empty")
    clauses = []
    for index, (count, label) in enumerate(parts):
        params = {"count": cat.number(count), "total": cat.number(total), "status": label}
        if index == 0:
            key = "chart.only" if total == 1 else \
                "chart.first_one" if count == 1 else "chart.first"
        else:
            key = "chart.more_one" if count == 1 else "chart.more"
        clauses.append(cat.t(key, **params))
    if len(clauses) == 1:
        text = clauses[0]
    else:
        text = f"{', '.join(clauses[:-1])} {cat.t('chart.and')} {clauses[-1]}"
    return text + "."


def status_chart(totals: Totals, cat: Catalogue) -> StatusChart:
    """A stacked bar of goal totals by status, in the order of `totals`."""
    shown = [(key, count) for key, count in totals if count > 0]
    total = sum(count for _key, count in shown)
    sentence = status_sentence(totals, cat)
    if total == 0:
        return StatusChart(0, (), sentence, Markup(""))
    segments = []
    running = 0
    for key, count in shown:
        start = _divide(running * _SCALE, total)
        running += count
        width = _divide(running * _SCALE, total) - start
        share = cat.t("chart.percent", value=cat.number(_divide(count * 100, total)))
        segments.append(Segment(key, cat.status(key), count, start, width, share,
                                _fits(cat.number(count), width)))
    return StatusChart(total, tuple(segments), sentence, _status_svg(segments, cat))


def _status_svg(segments: list[Segment], cat: Catalogue) -> Markup:
    inner = BAR_HEIGHT - 2
    lines = [f'<svg class="chart-bar" width="100%" height="{BAR_HEIGHT}" aria-hidden="true">']
    for seg in segments:
        lines.append(f'<rect class="chart-seg chart-seg-{escape(seg.css)}" '
                     f'x="{_percent(seg.start)}" y="1" width="{_percent(seg.width)}" '
                     f'height="{inner}"/>')
    for seg in segments:
        if seg.labelled:
            middle = _percent(seg.start + seg.width // 2)
            lines.append(f'<text class="chart-count chart-count-{escape(seg.css)}" '
                         f'x="{middle}" y="{BAR_HEIGHT // 2 + 5}" text-anchor="middle">'
                         f'{escape(cat.number(seg.count))}</text>')
    lines.append("</svg>")
    return Markup("\n".join(lines))


# --- indicators --------------------------------------------------------------------------

WIDTH, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 360, 64, 348, 18, 168
"""The indicator chart's viewBox width and plot area, in SVG units."""
LEGEND_TOP = 206
LEGEND_ROW = 20

_NUMBER_TOKEN = re.compile(r"[-\u2212]?\d[\d.,]*")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_PLAIN_UNITS = {"antal", "stk", "stk.", "count", "number", "personer", "borgere"}
"""Units that name what is counted rather than a symbol after the number."""


def parse_target(text: str) -> float | None:
    """The number in a target as written ("højst 4,26" → 4.26, "mindst 1.000" → 1000).

    Danish first: a comma is the decimal mark and a dot between groups of three
    digits separates thousands. A year (1900–2100) is skipped when another number
    follows ("i 2016 højst 4" → 4). None when the text holds no number.
    """
    found: list[float] = []
    for token in _NUMBER_TOKEN.findall(text):
        token = token.replace("\u2212", "-").rstrip(".,")
        if _THOUSANDS.match(token):
            token = token.replace(".", "")
        elif "," in token:
            token = token.replace(".", "").replace(",", ".")
        try:
            found.append(float(token))
        except ValueError:
            continue
    for value in found:
        if not (value.is_integer() and 1900 <= value <= 2100):
            return value
    return found[0] if found else None


def value_text(value: float, unit: str, cat: Catalogue) -> str:
    """A value with its unit as a reader expects it: "4,45 %", "1.956,8 mio. kr.", "96"."""
    number = cat.number(value)
    if not unit.strip() or unit.strip().lower() in _PLAIN_UNITS:
        return number
    return f"{number} {unit.strip()}"


def target_text(indicator: Indicator) -> str:
    """The target as written, with the unit added when it ends in a bare number."""
    text = indicator.target.strip()
    unit = indicator.unit.strip()
    if text and unit and unit.lower() not in _PLAIN_UNITS and text[-1].isdigit():
        return f"{text} {unit}"
    return text


@dataclass(frozen=True, slots=True)
class IndicatorChart:
    """An indicator drawn over time, with its sentence; the page shows its table beside it."""

    kind: str
    """"bar" (one or two values) or "line"."""
    target: float | None
    """The number parsed out of the target, drawn as a dashed line (None: no line)."""
    sentence: str
    svg: Markup


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about four intervals."""
    rough = span / 4
    power = Decimal(1).scaleb(rough.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if power * factor >= rough:
            return power * factor
    return power * 10  # pragma: no cover - the loop ends at 10


def axis(values: list[float]) -> tuple[Decimal, Decimal, tuple[Decimal, ...]]:
    """(low, high, ticks) of a value axis that includes 0 and every value."""
    numbers = [Decimal(repr(v)) for v in values] + [Decimal(0)]
    low, high = min(numbers), max(numbers)
    if low == high:
        high = low + 1
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(ROUND_FLOOR) * step
    high = (high / step).to_integral_value(ROUND_CEILING) * step
    count = int((high - low) / step)
    return low, high, tuple(low + step * i for i in range(count + 1))


def _fmt(value: float) -> str:
    """An SVG coordinate: one decimal, the same text on every platform."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def indicator_sentence(indicator: Indicator, cat: Catalogue) -> str:
    """The chart in words: "Sygefravær: 4,26 % i 2013 og 4,45 % i 2014. Mål: højst 4,26 %."."""
    points = [cat.t("chart.point", value=value_text(v, indicator.unit, cat), year=year)
              for year, v in indicator.values]
    if len(points) > 1:
        listed = f"{', '.join(points[:-1])} {cat.t('chart.and')} {points[-1]}"
    else:
        listed = points[0] if points else ""
    text = cat.t("chart.indicator", name=indicator.name, values=listed)
    if indicator.baseline is not None:
        baseline = value_text(indicator.baseline, indicator.unit, cat)
        text += " " + (cat.t("chart.baseline_year", value=baseline, year=indicator.baseline_year)
                       if indicator.baseline_year else cat.t("chart.baseline", value=baseline))
    if indicator.target.strip():
        text += " " + cat.t("chart.target", target=target_text(indicator))
    return text


def indicator_chart(indicator: Indicator, cat: Catalogue) -> IndicatorChart | None:
    """The indicator's values as bars (one or two) or a line, with target and baseline."""
    if not indicator.values:
        return None
    target = parse_target(indicator.target) if indicator.target else None
    kind = "bar" if len(indicator.values) <= 2 else "line"
    extra = [v for v in (target, indicator.baseline) if v is not None]
    low, high, ticks = axis([v for _year, v in indicator.values] + extra)
    span = float(high - low)

    def y_of(value: float | Decimal) -> float:
        return PLOT_BOTTOM - (float(value) - float(low)) / span * (PLOT_BOTTOM - PLOT_TOP)

    unit = indicator.unit
    legend: list[tuple[str, str]] = []
    if target is not None:
        written = target_text(indicator)
        if len(written) > 36:  # the legend does not wrap: the sentence has it in full
            written = value_text(target, unit, cat)
        legend.append(("chart-target", cat.t("chart.target_legend", target=written)))
    if indicator.baseline is not None:
        baseline = value_text(indicator.baseline, unit, cat)
        legend.append(("chart-baseline", cat.t("chart.baseline_legend_year", value=baseline,
                                               year=indicator.baseline_year)
                       if indicator.baseline_year else
                       cat.t("chart.baseline_legend", value=baseline)))
    height = LEGEND_TOP + LEGEND_ROW * (len(legend) - 1) + 8 if legend else PLOT_BOTTOM + 26
    out = [f'<svg class="indicator-chart" viewBox="0 0 {WIDTH} {height}" '
           f'aria-hidden="true">']
    # the value axis: grid lines and Danish-formatted ticks with the unit
    for tick in ticks:
        y = _fmt(y_of(tick))
        out.append(f'<line class="chart-grid" x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_RIGHT}" '
                   f'y2="{y}"/>')
        out.append(f'<text class="chart-tick" x="{PLOT_LEFT - 6}" y="{_fmt(y_of(tick) + 4)}" '
                   f'text-anchor="end">{escape(value_text(float(tick), unit, cat))}</text>')
    out.append(f'<line class="chart-axis" x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" '
               f'x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}"/>')
    # the values: one band per year
    band = (PLOT_RIGHT - PLOT_LEFT) / len(indicator.values)
    centres = [PLOT_LEFT + band * (i + 0.5) for i in range(len(indicator.values))]
    every = max(1, -(-len(indicator.values) // 8))
    for i, ((year, _v), x) in enumerate(zip(indicator.values, centres, strict=True)):
        if i % every == 0 or i == len(indicator.values) - 1:
            out.append(f'<text class="chart-tick" x="{_fmt(x)}" y="{PLOT_BOTTOM + 18}" '
                       f'text-anchor="middle">{year}</text>')
    zero = y_of(0.0)
    if kind == "bar":
        bar = min(band * 0.5, 64.0)
        for (_year, v), x in zip(indicator.values, centres, strict=True):
            top, bottom = min(y_of(v), zero), max(y_of(v), zero)
            out.append(f'<rect class="chart-value" x="{_fmt(x - bar / 2)}" y="{_fmt(top)}" '
                       f'width="{_fmt(bar)}" height="{_fmt(max(bottom - top, 1.0))}"/>')
    else:
        points = " ".join(f"{_fmt(x)},{_fmt(y_of(v))}"
                          for (_year, v), x in zip(indicator.values, centres, strict=True))
        out.append(f'<polyline class="chart-line" points="{points}"/>')
        for (_year, v), x in zip(indicator.values, centres, strict=True):
            out.append(f'<circle class="chart-point" cx="{_fmt(x)}" cy="{_fmt(y_of(v))}" '
                       f'r="3.5"/>')
    # the baseline (dotted) and the target (dashed), named in the legend below
    if indicator.baseline is not None:
        y = _fmt(y_of(indicator.baseline))
        out.append(f'<line class="chart-baseline" x1="{PLOT_LEFT}" y1="{y}" '
                   f'x2="{PLOT_RIGHT}" y2="{y}"/>')
    if target is not None:
        y = _fmt(y_of(target))
        out.append(f'<line class="chart-target" x1="{PLOT_LEFT}" y1="{y}" '
                   f'x2="{PLOT_RIGHT}" y2="{y}"/>')
    # value labels above each bar or point, when they fit
    if len(indicator.values) <= 6:
        for (_year, v), x in zip(indicator.values, centres, strict=True):
            out.append(f'<text class="chart-label" x="{_fmt(x)}" '
                       f'y="{_fmt(min(y_of(v), zero) - 6)}" text-anchor="middle">'
                       f'{escape(value_text(v, unit, cat))}</text>')
    for row, (css, text) in enumerate(legend):
        row_y = LEGEND_TOP + LEGEND_ROW * row
        out.append(f'<line class="{css}" x1="{PLOT_LEFT - 40}" y1="{row_y - 4}" '
                   f'x2="{PLOT_LEFT - 8}" y2="{row_y - 4}"/>')
        out.append(f'<text class="chart-legend" x="{PLOT_LEFT}" y="{row_y}">'
                   f'{escape(text)}</text>')
    out.append("</svg>")
    return IndicatorChart(kind, target, indicator_sentence(indicator, cat),
                          Markup("\n".join(out)))
