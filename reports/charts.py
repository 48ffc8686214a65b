"""Simple horizontal bar charts as inline SVG, drawn on the server (no JavaScript, no inline style: the
content-security policy forbids it; presentation attributes only). Each chart goes with its data table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .presentation import Figure

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
