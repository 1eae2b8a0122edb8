"""Server-rendered SVG charts for the report pages: no JavaScript, no CDN.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that spells out every
value, and writes each value as a text label next to its bar: a screen reader, a printout and a
colour-blind reader get the figures, not just the shapes. Numbers are written the French way
("62,5 %", "1 250").

The builders at the end turn the report dataclasses into the charts the pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

NBSP = "\u00a0"
NNBSP = "\u202f"  # thousands separator in French
PALETTE = ("#1d4ed8", "#c2410c", "#0f766e", "#7c3aed")
TEXT = "#1f2937"
MUTED = "#6b7280"

# Drawn for a phone first: the SVG scales down to its column (``svg.chart { max-width: 100% }``), so its
# text renders at FONT × column / WIDTH pixels. At 390 px the column is about 324 px wide: 14 × 324 / 360
# ≈ 12.6 px (tests/e2e/test_phone_layout.py measures it). Labels sit above their bars, never beside
# them, so a long French label needs no room taken from the bars; on a screen the chart keeps WIDTH.
WIDTH = 360
FONT = 14
BAR_MAX = WIDTH - 70  # one-line-per-bar chart: the bar under its label, its value after it
LABEL_CHARS = 44  # about what WIDTH holds at FONT
SERIES_CHARS = 13  # a series' short name, left of its bar in the grouped chart


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """``1250`` → "1 250", ``45.5`` → "45,5", ``None`` → "—"."""
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer() and decimals == 0:
        return f"{round(value):,}".replace(",", NNBSP)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def format_percent(value: float | None, decimals: int = 1) -> str:
    """A share in [0, 1] as a French percentage: ``0.625`` → "62,5 %"."""
    if value is None:
        return "—"
    return f"{format_number(value * 100, decimals)}{NBSP}%"


def format_days(value: float | None) -> str:
    """A median of days: whole days without decimals, a half day with one."""
    if value is None:
        return "—"
    return format_number(int(value) if float(value).is_integer() else value, 1)


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(*, chart_id: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{escape(chart_id)}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text above went through escape()


def _width(value: float | None, max_value: float, span: int = BAR_MAX) -> float:
    if not value or max_value <= 0:
        return 0.0
    return round(span * min(value, max_value) / max_value, 1)


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float | None]],
    max_value: float | None = 1.0,
    formatter: Callable[[float | None], str] = format_percent,
    color: str = PALETTE[0],
) -> SafeString:
    """One bar per (label, value), the label on the left and the value written after the bar.

    ``max_value`` is the value of a full-length bar: 1.0 for shares (the default); None for the
    largest value (counts).
    """
    if max_value is None:
        max_value = max((v or 0 for _label, v in bars), default=0) or 1
    row, top = 44, 4
    body = []
    for i, (label, value) in enumerate(bars):
        y = top + i * row
        w = _width(value, max_value)
        text = formatter(value)
        body.append(
            f'<g><text x="0" y="{y + 15}" fill="{TEXT}">{escape(_short(label))}</text>'
            f'<rect x="0" y="{y + 21}" width="{w}" height="16" rx="2" fill="{color}"></rect>'
            f'<text x="{w + 6}" y="{y + 34}" fill="{TEXT}">{escape(text)}</text></g>'
        )
    desc = " ; ".join(f"{label} : {formatter(value)}" for label, value in bars) or _("Aucune donnée.")
    return _svg(
        chart_id=chart_id, title=title, desc=desc, height=top * 2 + row * max(len(bars), 1), body=body
    )


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    max_value: float | None = 1.0,
    formatter: Callable[[float | None], str] = format_percent,
) -> SafeString:
    """For each category, one bar per series; the category's label sits above its bars (labels may
    be long French phrases), each bar is named by its series' short name on its left (not by colour
    alone), and a legend at the top gives the series' full names, one per line.

    A series is ``(name, values)`` or ``(name, values, short)``; without ``short`` the name is cut to
    ``SERIES_CHARS``."""
    if max_value is None:
        max_value = max((v or 0 for _name, values, *_short_name in series for v in values), default=0) or 1
    bar, gap, head = 16, 4, 22
    line = 20
    legend_h = 6 + line * len(series)
    body = []
    for s, (name, *_rest) in enumerate(series):
        color = PALETTE[s % len(PALETTE)]
        y = 4 + s * line
        body.append(
            f'<g><rect x="0" y="{y + 2}" width="12" height="12" fill="{color}"></rect>'
            f'<text x="18" y="{y + 13}" fill="{TEXT}">{escape(_short(name))}</text></g>'
        )
    block = head + len(series) * (bar + gap) + 10
    bars_x = 8 + int(SERIES_CHARS * FONT * 0.55)
    span = WIDTH - bars_x - 64
    for c, category in enumerate(categories):
        y0 = legend_h + c * block
        body.append(
            f'<text x="0" y="{y0 + 16}" font-weight="bold" fill="{TEXT}">{escape(_short(category))}</text>'
        )
        for s, (name, values, *short) in enumerate(series):
            value = values[c] if c < len(values) else None
            y = y0 + head + s * (bar + gap)
            w = _width(value, max_value, span)
            color = PALETTE[s % len(PALETTE)]
            body.append(
                f'<g><text x="{bars_x - 6}" y="{y + 13}" text-anchor="end" fill="{MUTED}">'
                f"{escape(short[0] if short else _short(name, SERIES_CHARS))}</text>"
                f'<rect x="{bars_x}" y="{y}" width="{w}" height="{bar}" rx="2" fill="{color}"></rect>'
                f'<text x="{bars_x + w + 6}" y="{y + 13}" fill="{TEXT}">{escape(formatter(value))}</text></g>'
            )
    desc = " ; ".join(
        f"{category} : "
        + ", ".join(
            f"{name} {formatter(values[c] if c < len(values) else None)}"
            for name, values, *_short_name in series
        )
        for c, category in enumerate(categories)
    ) or _("Aucune donnée.")
    return _svg(
        chart_id=chart_id,
        title=title,
        desc=desc,
        height=legend_h + block * max(len(categories), 1),
        body=body,
    )


# --- the charts of the report pages --------------------------------------------------------------


def funder_report_charts(report) -> dict:
    """Charts of a FunderReport: rates per milestone, situations at 6 months, and ``breakdowns``,
    a list of (breakdown, chart) pairs in the report's order."""
    m3, m6 = report.m3, report.m6
    charts = {
        "rates": grouped_bar_chart(
            chart_id="chart-rates",
            title=_("Taux à 3 et 6 mois (sur %(n)s personnes formées)") % {"n": report.trained},
            categories=[_("Emploi strict"), _("Sortie positive"), _("Emploi durable")],
            series=[
                (
                    str(m.label),
                    [m.rates.employment.value, m.rates.positive_exit.value, m.rates.durable.value],
                )
                for m in (m3, m6)
            ],
        ),
        "situations": horizontal_bar_chart(
            chart_id="chart-situations",
            title=_("Situation à 6 mois (part des personnes formées)"),
            bars=[(str(row.label), row.share.value) for row in m6.outcomes],
        ),
    }
    charts["breakdowns"] = [
        (
            breakdown,
            grouped_bar_chart(
                chart_id=f"chart-{breakdown.key}",
                title=_("%(title)s : taux à 6 mois") % {"title": breakdown.title},
                categories=[f"{row.label} ({row.n})" for row in breakdown.rows],
                series=[
                    (
                        _("Emploi strict à 6 mois"),
                        [row.m6.employment.value for row in breakdown.rows],
                        _("emploi strict"),
                    ),
                    (
                        _("Sortie positive à 6 mois"),
                        [row.m6.positive_exit.value for row in breakdown.rows],
                        _("sortie positive"),
                    ),
                ],
            ),
        )
        for breakdown in report.breakdowns
    ]
    return charts


def skills_demand_charts(demand) -> dict[str, SafeString | None]:
    rows = demand.top[:10]
    series = [
        (_("Offres où elle est requise"), [row.required for row in rows], _("requise")),
        (_("Offres où elle est appréciée"), [row.nice for row in rows], _("appréciée")),
    ]
    if demand.cohort_id:
        # Supply beside demand: how many people of the cohort hold it (confirmed or declared).
        series.append(
            (_("Personnes de la promotion qui la détiennent"), [row.holders for row in rows], _("détenue"))
        )
    charts = {
        "top": grouped_bar_chart(
            chart_id="chart-skills-top",
            title=_("Compétences techniques les plus demandées dans les offres ouvertes"),
            categories=[row.label for row in rows],
            series=series,
            max_value=None,
            formatter=lambda v: format_number(v, 0),
        )
    }
    charts["gaps"] = None
    if demand.gaps:
        charts["gaps"] = horizontal_bar_chart(
            chart_id="chart-skills-gaps",
            title=_("Manques de la promotion : offres ouvertes qui requièrent la compétence"),
            bars=[(gap.label, gap.offers) for gap in demand.gaps],
            max_value=None,
            formatter=lambda v: format_number(v, 0),
            color=PALETTE[1],
        )
    return charts
