"""The report page: one HTML file with plotly.js, the styles and the data inline."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

STYLE = """
:root { --ink:#1f2933; --muted:#52606d; --line:#e4e7eb; --accent:#0072B2; --warn:#D55E00; }
* { box-sizing:border-box; }
body { margin:0; font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif; color:var(--ink); background:#f5f7fa; }
header { background:#102a43; color:white; padding:28px 40px 24px; }
header h1 { margin:0 0 6px; font-size:26px; font-weight:650; }
header p { margin:0; color:#bcccdc; font-size:14px; }
main { max-width:1180px; margin:0 auto; padding:24px 24px 60px; }
.kpis { display:grid; grid-template-columns:repeat(auto-fit,minmax(170px,1fr)); gap:14px; margin:0 0 8px; }
.kpi { background:white; border:1px solid var(--line); border-radius:10px; padding:16px 18px; }
.kpi .label { font-size:13px; color:var(--muted); }
.kpi .value { font-size:26px; font-weight:650; margin:4px 0 2px; white-space:nowrap; }
.kpi .unit { font-size:14px; font-weight:500; color:var(--muted); margin-left:4px; }
.kpi .delta { font-size:13px; color:var(--muted); }
.kpi .up { color:#007a5a; } .kpi .down { color:var(--warn); }
section { background:white; border:1px solid var(--line); border-radius:10px; padding:20px 24px; margin:18px 0; }
section h2 { margin:0 0 4px; font-size:19px; }
section .how { margin:0 0 12px; color:var(--muted); font-size:14px; line-height:1.45; max-width:900px; }
.chart { margin:0; }
.empty { color:var(--muted); font-style:italic; padding:24px 0; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:20px; }
@media (max-width:900px) { .grid2 { grid-template-columns:1fr; } }
table { border-collapse:collapse; width:100%; font-size:13px; margin:8px 0 0; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); }
th { color:var(--muted); font-weight:600; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.status-ok { color:#007a5a; font-weight:600; } .status-weak { color:#b7791f; font-weight:600; } .status-skipped { color:var(--muted); }
footer { color:var(--muted); font-size:12px; text-align:center; padding:10px 0 30px; }
h3 { font-size:15px; margin:12px 0 2px; }
"""

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass
class Page:
    title: str
    subtitle: str
    parts: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)

    def kpis(self, cards: list[tuple[str, str, str, str, str]]) -> None:
        """cards: (label, value, unit, delta text, 'up'/'down'/'')."""
        body = "".join(
            f'<div class="kpi"><div class="label">{html.escape(label)}</div><div class="value">{html.escape(value)}'
            f'<span class="unit">{html.escape(unit)}</span></div><div class="delta {cls}">{html.escape(delta)}</div></div>'
            for label, value, unit, delta, cls in cards
        )
        self.parts.append(f'<div class="kpis">{body}</div>')

    def section(self, title: str, how: str, blocks: list[str]) -> None:
        self.parts.append(f'<section><h2>{html.escape(title)}</h2><p class="how">{how}</p>{"".join(blocks)}</section>')

    def chart(self, name: str, data: pd.DataFrame, draw: Callable[[pd.DataFrame], go.Figure], empty: str) -> str:
        """A chart block, or a sentence saying why there is none (never an empty frame)."""
        if data.empty:
            return f'<p class="empty" data-empty="{html.escape(name)}">{html.escape(empty)}</p>'
        self.charts.append(name)
        figure = draw(data).to_html(
            full_html=False, include_plotlyjs=False, div_id=f"chart-{name}", config=PLOTLY_CONFIG
        )
        return f'<figure class="chart" data-chart="{html.escape(name)}">{figure}</figure>'

    def render(self, footer: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)}</title><style>{STYLE}</style>"
            # plotly.js from the installed plotly package, inline: the file needs no network.
            f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>"
            f"<header><h1>{html.escape(self.title)}</h1><p>{html.escape(self.subtitle)}</p></header>"
            f"<main>{''.join(self.parts)}</main><footer>{html.escape(footer)}</footer></body></html>\n"
        )


def table(
    df: pd.DataFrame,
    formats: dict[str, Callable[[object], str]] | None = None,
    classes: dict[str, Callable[[object], str]] | None = None,
) -> str:
    """A small HTML table; numbers right-aligned, None shown as an empty cell."""
    formats, classes = formats or {}, classes or {}
    head = "".join(f"<th>{html.escape(str(c).replace('_', ' '))}</th>" for c in df.columns)
    rows = []
    for record in df.itertuples(index=False):
        cells = []
        for column, value in zip(df.columns, record, strict=True):
            missing = value is None or (isinstance(value, float) and pd.isna(value))
            text = "" if missing else formats.get(column, _plain)(value)
            cls = classes.get(column, lambda _v: "")(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cls = (cls + " num").strip()
            cells.append(f'<td class="{cls}">{html.escape(text)}</td>' if cls else f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _plain(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
    return str(value)
