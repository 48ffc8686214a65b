"""Simple horizontal bar charts as inline SVG, drawn on the server (no JavaScript, no inline style: the
content-security policy forbids it; presentation attributes only). Each chart goes with its data table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .presentation import Figure, Section

ROW = 24
LABEL_WIDTH = 300
BAR_WIDTH = 320
VALUE_WIDTH = 90


def bar_chart(figures: list[Figure], *, title: str) -> SafeString:
    values = [float(f.raw) if isinstance(f.raw, int | Decimal) else 0.0 for f in figures]
    top = max(values, default=0.0) or 1.0
    height = ROW * len(figures) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (figure, value) in enumerate(zip(figures, values, strict=True)):
        y = 4 + index * ROW
        length = round(BAR_WIDTH * value / top, 1)
        label = figure.label if len(figure.label) <= 38 else figure.label[:37] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="#222">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 8}" fill="#1d5c8f"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 16}" font-size="12" fill="#222">'
            f"{escape(figure.value)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above


FUNNEL_WIDTH = 420


def funnel_chart(figures: list[Figure], *, title: str) -> SafeString:
    """A funnel: one centred horizontal bar per stage, its width proportional to the first stage."""
    values = [float(f.raw) if isinstance(f.raw, int | Decimal) else 0.0 for f in figures]
    top = values[0] if values and values[0] else max(values, default=0.0) or 1.0
    row = 30
    height = row * len(figures) + 8
    width = LABEL_WIDTH + FUNNEL_WIDTH + VALUE_WIDTH
    centre = LABEL_WIDTH + FUNNEL_WIDTH / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart funnel" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (figure, value) in enumerate(zip(figures, values, strict=True)):
        y = 4 + index * row
        length = max(round(FUNNEL_WIDTH * min(value / top, 1.0), 1), 1.0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end" font-size="12" fill="#222">'
            f"{escape(figure.label)}</text>"
        )
        parts.append(
            f'<rect class="bar" x="{round(centre - length / 2, 1)}" y="{y + 3}" width="{length}" height="{row - 8}" '
            f'fill="#1d5c8f"/>'
        )
        share = f" ({round(100 * value / top)}\u00a0%)" if index and values[0] else ""
        parts.append(
            f'<text x="{LABEL_WIDTH + FUNNEL_WIDTH + 6}" y="{y + 19}" font-size="12" fill="#222">'
            f"{escape(figure.value)}{share}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above


def section_chart(section: Section) -> SafeString | None:
    """The chart of a section (None when it has none)."""
    if not section.chart:
        return None
    if section.chart_kind == "funnel":
        return funnel_chart(section.chart, title=section.title)
    return bar_chart(section.chart, title=section.title)


def month_chart(months: list[Any], *, title: str) -> SafeString:
    """Occupancy rate of each month as columns (100 % marked by a line; above 150 % the column is capped)."""
    height, top_rate, col, left = 120, 150.0, 40, 34
    width = left + col * len(months) + 10
    full = height + 10 - round(100 / top_rate * height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart months" role="img" width="{width}" '
        f'height="{height + 46}" viewBox="0 0 {width} {height + 46}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{full}" x2="{width - 6}" y2="{full}" stroke="#b35c00" stroke-dasharray="4 3"/>',
        f'<text x="{left - 4}" y="{full + 4}" text-anchor="end" font-size="10" fill="#b35c00">100 %</text>',
    ]
    for index, month in enumerate(months):
        rate = float(month.rate or 0)
        h = round(min(rate, top_rate) / top_rate * height)
        x = left + index * col
        parts.append(
            f'<rect class="bar" x="{x + 6}" y="{height + 10 - h}" width="{col - 12}" height="{h}" fill="#1d5c8f"/>'
        )
        value = "—" if month.rate is None else f"{round(rate)}"
        parts.append(
            f'<text x="{x + col / 2}" y="{height + 24}" text-anchor="middle" font-size="10" fill="#222">'
            f"{escape(month.label)}</text>"
        )
        parts.append(
            f'<text x="{x + col / 2}" y="{height + 38}" text-anchor="middle" font-size="10" fill="#555">'
            f"{escape(value)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above
