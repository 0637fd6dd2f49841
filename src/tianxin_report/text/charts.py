"""Charts as inline SVG, drawn at build time: geometry once from the facts, labels per language."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from tianxin_report.model import Chart, Fact
from tianxin_report.text.quantities import BUILTIN_TABLE, UnitTable, format_quantity

WIDTH = 360  # viewBox units: about one CSS pixel on a phone
FONT = 13
# Presentation attributes, for renderers without the page's CSS (WeasyPrint's SVG);
# the web stylesheet overrides them by class (for dark mode).
INK, ACCENT, RULE, PAPER = "#1b1a17", "#9b2c1f", "#cfc8bb", "#ffffff"
TEXT = f'font-family="Report Sans, sans-serif" font-size="{FONT}" fill="{INK}"'
VALUE = f'font-weight="700" fill="{ACCENT}"'

LABEL_LINES = 2


@dataclass(frozen=True)
class Mark:
    """One drawn datum: a bar's length or a timeline point's row, in viewBox units."""

    fact: Fact
    y: float
    length: float


@dataclass(frozen=True)
class Geometry:
    """A chart's shapes, shared by every language so no edition can draw other numbers."""

    chart: Chart
    marks: tuple[Mark, ...]
    height: float
    units: UnitTable = BUILTIN_TABLE  # how its values are written, with their units


def text_width(text: str, size: float = FONT) -> float:
    """Estimated advance of `text`: CJK characters are square, Latin about half as wide."""
    return sum(size if ord(c) > 0x2E7F else size * 0.56 for c in text)


def wrap(text: str, width: float, lines: int = LABEL_LINES,
         measure: Callable[[str], float] = text_width) -> list[str]:
    """Break text into at most `lines` lines of `width` (by words, or by characters);
    `measure` gives a string's width (an estimate here, a real font for the share image)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    result = [""]
    for word in words:
        candidate = f"{result[-1]}{joiner if result[-1] else ''}{word}"
        if measure(candidate) <= width or not result[-1]:
            result[-1] = candidate
        elif len(result) < lines:
            result.append(word)
        else:
            result[-1] = result[-1].rstrip("，, ") + "…"
            break
    return result


def bar_geometry(chart: Chart, facts: list[Fact]) -> Geometry:
    """Horizontal bars on one scale, a row each (two label lines above the bar)."""
    longest = max((Decimal(str(f.value)) for f in facts), default=Decimal(1)) or Decimal(1)
    row, plot = FONT * 2.6 + 22, WIDTH - 110
    marks = tuple(Mark(f, i * row, float(Decimal(str(f.value)) / longest) * plot)
                  for i, f in enumerate(facts))
    return Geometry(chart, marks, len(facts) * row + 4)


def timeline_geometry(chart: Chart, facts: list[Fact]) -> Geometry:
    """Events in date order, evenly spaced down a vertical rule."""
    ordered = sorted(facts, key=lambda f: str(f.value))
    row = FONT * 2.6 + 14
    return Geometry(chart, tuple(Mark(f, i * row, 0) for i, f in enumerate(ordered)),
                    len(ordered) * row + 6)


def make_geometry(chart: Chart, facts: dict[str, Fact],
                  units: UnitTable = BUILTIN_TABLE) -> Geometry:
    chosen = [facts[i] for i in chart.facts]
    drawn = (timeline_geometry if chart.kind == "timeline" else bar_geometry)(chart, chosen)
    return replace(drawn, units=units)


def label_of(chart: Chart, fact: Fact, lang: str) -> str:
    override = chart.labels.get(fact.id, {})
    return override.get(lang) or fact.label.get(lang) or next(iter(fact.label.values()))


def tspans(lines: list[str], x: float, y: float, anchor: str = "start") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else FONT * 1.3:g}">{html.escape(t)}'
                    "</tspan>" for i, t in enumerate(lines))
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}">{spans}</text>'


def draw_bars(geometry: Geometry, lang: str) -> list[str]:
    parts = []
    for mark in geometry.marks:
        fact = mark.fact
        lines = wrap(label_of(geometry.chart, fact, lang), WIDTH - 4)
        value = format_quantity(fact.value, fact.unit, fact.qualifier, lang, geometry.units)
        top = mark.y + FONT + (FONT * 1.3 if len(lines) == 1 else 0)
        bar_y = mark.y + FONT * 2.6 + 4
        look = (f'class="chart-bar chart-target" fill="none" stroke="{ACCENT}" '
                'stroke-width="1.5" stroke-dasharray="4 3"' if fact.qualifier == "target"
                else f'class="chart-bar" fill="{ACCENT}"')
        parts += [f'<g class="chart-label">{tspans(lines, 0, top)}</g>',
                  f'<rect {look} x="0" y="{bar_y:g}" width="{max(mark.length, 2):.1f}" '
                  'height="14" rx="2"/>',
                  f'<g class="chart-value" {VALUE}><text x="{max(mark.length, 2) + 6:.1f}" '
                  f'y="{bar_y + 12:g}">{html.escape(value)}</text></g>']
    return parts


def draw_timeline(geometry: Geometry, lang: str) -> list[str]:
    axis = 112
    parts = [f'<line class="chart-axis" stroke="{RULE}" stroke-width="2" x1="{axis}" y1="4" '
             f'x2="{axis}" y2="{geometry.height - 4:g}"/>']
    for mark in geometry.marks:
        fact, y = mark.fact, mark.y + FONT + 4
        when = format_quantity(fact.value, fact.unit, None, lang, geometry.units)
        lines = wrap(label_of(geometry.chart, fact, lang), WIDTH - axis - 16)
        parts += [f'<circle class="chart-dot" fill="{PAPER}" stroke="{ACCENT}" stroke-width="2.5" '
                  f'cx="{axis}" cy="{y - 4:g}" r="5"/>',
                  f'<g class="chart-value" {VALUE}>'
                  f'{tspans(wrap(when, axis - 14), axis - 12, y, "end")}</g>',
                  f'<g class="chart-label">{tspans(lines, axis + 14, y)}</g>']
    return parts


def render_chart(geometry: Geometry, lang: str) -> str:
    """The chart as an accessible figure: its title above, SVG with title and description,
    and a data table."""
    chart, key = geometry.chart, f"chart-{geometry.chart.id}-{lang}"
    title = chart.title.get(lang) or next(iter(chart.title.values()))
    rows = [(label_of(chart, m.fact, lang),
             format_quantity(m.fact.value, m.fact.unit, m.fact.qualifier, lang, geometry.units))
            for m in geometry.marks]
    description = "; ".join(f"{label}: {value}" for label, value in rows)
    shapes = (draw_timeline if chart.kind == "timeline" else draw_bars)(geometry, lang)
    svg = (f'<svg class="chart-svg chart-{chart.kind}" viewBox="0 0 {WIDTH} '
           f'{geometry.height:g}" role="img" aria-labelledby="{key}-t {key}-d" '
           f'xmlns="http://www.w3.org/2000/svg">'
           f'<title id="{key}-t">{html.escape(title)}</title>'
           f'<desc id="{key}-d">{html.escape(description)}</desc>'
           f'<g {TEXT}>' + "".join(shapes) + "</g></svg>")
    table = "".join(f"<tr><th scope=\"row\">{html.escape(a)}</th><td>{html.escape(b)}</td></tr>"
                    for a, b in rows)
    # the title is the figure's caption, set above the chart as its visible heading
    return (f'<figcaption class="chart-title">{html.escape(title)}</figcaption>\n{svg}\n'
            f'<div class="visually-hidden"><table><caption>{html.escape(title)}</caption>'
            f"{table}</table></div>")
