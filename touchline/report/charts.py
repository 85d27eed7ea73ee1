"""The report's charts, one Plotly figure each (the page inlines plotly.js once)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from touchline.report.data import ATTRIBUTION_MODELS

# Colour-blind-safe (Okabe-Ito, then Paul Tol's muted tones instead of its black and yellow).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#332288", "#999933", "#888888"]
# Channels with less of the period's revenue than this are one "Other channels" node.
MIN_FLOW_SHARE = 0.02
REVENUE, SPEND, MER, NEW_MER = "#0072B2", "#E69F00", "#009E73", "#CC79A7"
MODEL_NAMES = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "position_based": "Position based",
    "time_decay": "Time decay",
}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


def _layout(fig: go.Figure, *, height: int = 420, legend_top: bool = True) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=60, r=30, t=30, b=50),
        font=dict(family=FONT, size=13, color="#1f2933"),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel=dict(font=dict(family=FONT)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0) if legend_top else {},
    )
    fig.update_xaxes(showgrid=False, linecolor="#cbd2d9")
    fig.update_yaxes(gridcolor="#eef1f4", zeroline=False)
    return fig


def _money(currency: str) -> str:
    return f"%{{y:,.0f}} {currency}"


def weekly_trend(df: pd.DataFrame, currency: str) -> go.Figure:
    """Revenue and spend as bars, MER and new-customer MER as lines; partial weeks are pale
    and hatched, and named in the hover."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    week = [d.strftime("%d %b %Y") for d in pd.to_datetime(df.week_start)]
    partial = df.is_partial.map({True: " (partial week: %s days)", False: ""}).astype(str)
    note = [p % d if "%s" in p else p for p, d in zip(partial, df.days, strict=True)]
    pattern = dict(shape=["/" if p else "" for p in df.is_partial], fgcolor="white", solidity=0.35)
    for column, name, colour in (("revenue", "Net revenue", REVENUE), ("spend", "Ad spend", SPEND)):
        fig.add_trace(
            go.Bar(
                x=week,
                y=df[column],
                name=name,
                marker=dict(color=colour, pattern=pattern),
                marker_opacity=[0.45 if p else 1.0 for p in df.is_partial],
                customdata=note,
                hovertemplate=f"week of %{{x}}%{{customdata}}<br>{name}: {_money(currency)}<extra></extra>",
            ),
            secondary_y=False,
        )
    for column, name, colour, dash in (
        ("mer", "MER", MER, "solid"),
        ("new_customer_mer", "New-customer MER", NEW_MER, "dot"),
    ):
        fig.add_trace(
            go.Scatter(
                x=week,
                y=df[column],
                name=name,
                mode="lines+markers",
                line=dict(color=colour, width=3, dash=dash),
                marker=dict(
                    size=[6 if p else 8 for p in df.is_partial],
                    symbol=["circle-open" if p else "circle" for p in df.is_partial],
                ),
                customdata=note,
                hovertemplate=f"week of %{{x}}%{{customdata}}<br>{name}: %{{y:.2f}}<extra></extra>",
            ),
            secondary_y=True,
        )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(title_text=f"per week ({currency})", secondary_y=False, tickformat=",.0f")
    fig.update_yaxes(
        title_text="MER (revenue ÷ spend)", secondary_y=True, showgrid=False, rangemode="tozero", tickformat=".1f"
    )
    fig.update_xaxes(type="category", title_text="week starting")
    return _layout(fig)


def campaign_roas(df: pd.DataFrame) -> go.Figure:
    """One group of bars per campaign (most spend on top), one bar per attribution model."""
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure()
    for colour, model in zip(PALETTE, ATTRIBUTION_MODELS, strict=False):
        fig.add_trace(
            go.Bar(
                y=df.label,
                x=df[f"roas_{model}"],
                orientation="h",
                name=MODEL_NAMES[model],
                marker_color=colour,
                customdata=df.spend,
                hovertemplate="%{y}<br>"
                + MODEL_NAMES[model]
                + " ROAS: %{x:.2f}<br>spend %{customdata:,.0f}<extra></extra>",
            )
        )
    fig.add_vline(x=1, line=dict(color="#52606d", dash="dash", width=1.5))
    fig.add_annotation(
        x=1,
        y=1.0,
        yref="paper",
        text="pays back",
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font=dict(size=11, color="#52606d"),
    )
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05)
    fig.update_xaxes(title_text="ROAS (attributed net revenue ÷ spend)", gridcolor="#eef1f4", showgrid=True)
    return _layout(fig, height=max(420, 70 * len(df) + 120))


def channel_flows(df: pd.DataFrame, currency: str) -> go.Figure:
    """Sankey: first-touch channel (left) to last-touch channel (right), in net revenue."""
    df = df.copy()
    total = df.revenue.sum()
    for side in ("first_channel", "last_channel"):
        share = df.groupby(side).revenue.transform("sum") / total if total else 0
        # Orders without a touch stay visible however few: they are what attribution missed.
        df.loc[(share < MIN_FLOW_SHARE) & (df[side] != "Unattributed"), side] = "Other channels"
    df = df.groupby(["first_channel", "last_channel"], as_index=False)[["orders", "revenue"]].sum()
    firsts = list(df.groupby("first_channel").revenue.sum().sort_values(ascending=False).index)
    lasts = list(df.groupby("last_channel").revenue.sum().sort_values(ascending=False).index)
    channels = list(dict.fromkeys(firsts + lasts))
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(channels)}
    labels = [f"{c} (first)" for c in firsts] + [f"{c} (last)" for c in lasts]
    flows = df[df.revenue > 0]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=f" {currency}",
            node=dict(
                label=labels, color=[colour[c] for c in firsts + lasts], pad=14, thickness=18, line=dict(width=0)
            ),
            link=dict(
                source=[firsts.index(c) for c in flows.first_channel],
                target=[len(firsts) + lasts.index(c) for c in flows.last_channel],
                value=flows.revenue,
                color=[_fade(colour[c]) for c in flows.first_channel],
                customdata=flows.orders,
                hovertemplate="first touch %{source.label}<br>last touch %{target.label}<br>%{value} from %{customdata:,} orders<extra></extra>",
            ),
        )
    )
    return _layout(fig, height=max(420, 28 * len(channels) + 200), legend_top=False)


def _fade(hex_colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def ltv_curves(df: pd.DataFrame, currency: str) -> go.Figure:
    """LTV per customer against days since the first order, one line per acquisition channel
    or campaign, from the cohorts whose window is complete; a window some cohort months are
    still open for is a hollow marker, and a window no cohort has completed has no point."""
    fig = go.Figure()
    for i, (label, rows) in enumerate(df.groupby("label", sort=False)):
        open_note = [f"<br>{n} newer cohort month(s) still open, not included" if n else "" for n in rows.open_cohorts]
        fig.add_trace(
            go.Scatter(
                x=rows.window_days,
                y=rows.ltv,
                name=label,
                mode="lines+markers",
                line=dict(color=PALETTE[i % len(PALETTE)], width=2.5),
                marker=dict(size=9, symbol=["circle-open" if n else "circle" for n in rows.open_cohorts]),
                customdata=list(zip(rows.customers, open_note, strict=True)),
                hovertemplate=f"{label}<br>%{{x}}-day LTV: %{{y:,.2f}} {currency}<br>%{{customdata[0]:,}} customers%{{customdata[1]}}<extra></extra>",
            )
        )
    windows = sorted(df.window_days.unique())
    fig.update_xaxes(title_text="days since the first order", tickvals=windows, ticktext=[f"{w} days" for w in windows])
    fig.update_yaxes(title_text=f"net revenue per customer ({currency})", tickformat=",.0f")
    return _layout(fig, legend_top=False)


def ltv_heatmap(df: pd.DataFrame, currency: str) -> go.Figure:
    """Cohort months by window; an open window shows its value so far, marked 'open'."""
    table = df.pivot(index="cohort_month", columns="window_days", values="ltv_so_far").sort_index(ascending=False)
    complete = df.pivot(index="cohort_month", columns="window_days", values="is_complete").reindex(table.index)
    text = [
        [("" if pd.isna(v) else f"{v:,.0f}") + ("" if bool(c) else " open") for v, c in zip(row_v, row_c, strict=True)]
        for row_v, row_c in zip(table.to_numpy(), complete.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=[f"{w} days" for w in table.columns],
            y=[m.strftime("%Y-%m") for m in table.index],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar=dict(title=currency),
            hovertemplate="cohort %{y}, %{x}: %{text} per customer<extra></extra>",
        )
    )
    fig.update_yaxes(title_text="cohort (month of first order)", type="category")
    return _layout(fig, height=max(360, 26 * len(table) + 120), legend_top=False)


def mmm_contributions(df: pd.DataFrame, currency: str) -> go.Figure:
    """Spend and the revenue the model credits, per modelled platform."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=df.ad_platform,
            y=df.spend,
            name="Spend",
            marker_color=SPEND,
            hovertemplate=f"%{{x}} spend: {_money(currency)}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=df.ad_platform,
            y=df.contribution,
            name="Revenue the model credits",
            marker_color=REVENUE,
            customdata=df.roas,
            hovertemplate=f"%{{x}} contribution: {_money(currency)}<br>ROAS %{{customdata:.2f}}<extra></extra>",
        )
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=f"over the modelled period ({currency})", tickformat=",.0f")
    return _layout(fig)


def mmm_response(df: pd.DataFrame, currency: str) -> go.Figure:
    fig = go.Figure()
    for i, (platform, rows) in enumerate(df.groupby("ad_platform", sort=True)):
        colour = PALETTE[i % len(PALETTE)]
        curve, now = rows[~rows.is_current], rows[rows.is_current]
        fig.add_trace(
            go.Scatter(
                x=curve.daily_spend,
                y=curve.daily_revenue,
                name=platform,
                mode="lines",
                line=dict(color=colour, width=2.5),
                legendgroup=platform,
                hovertemplate=f"{platform}: %{{x:,.0f}} a day brings %{{y:,.0f}} a day<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=now.daily_spend,
                y=now.daily_revenue,
                name=f"{platform} today",
                mode="markers",
                marker=dict(color=colour, size=12, line=dict(color="white", width=2)),
                legendgroup=platform,
                showlegend=False,
                hovertemplate=f"{platform} average spend: %{{x:,.0f}} a day → %{{y:,.0f}} a day<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=f"steady daily spend ({currency})", tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title_text=f"daily revenue it brings ({currency})", tickformat=",.0f", rangemode="tozero")
    return _layout(fig)


def files_by_kind(df: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    colours = {"loaded": MER, "rejected": "#D55E00"}
    for i, (status, rows) in enumerate(df.groupby("status", sort=True)):
        fig.add_trace(
            go.Bar(
                x=rows.kind,
                y=rows.files,
                name=status,
                marker_color=colours.get(status, PALETTE[i % len(PALETTE)]),
                customdata=rows.records_loaded,
                hovertemplate=f"%{{x}}: %{{y:,}} {status} files, %{{customdata:,}} records<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="files", tickformat=",d")
    return _layout(fig, height=340)


def quarantine_reasons(df: pd.DataFrame) -> go.Figure:
    df = df.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=df.kind + ": " + df.reason.str.slice(0, 60),
            x=df.records,
            orientation="h",
            marker_color="#D55E00",
            hovertemplate="%{y}<br>%{x:,} records<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="quarantined records", tickformat=",d", showgrid=True, gridcolor="#eef1f4")
    fig.update_layout(margin=dict(l=320))
    return _layout(fig, height=max(300, 30 * len(df) + 120), legend_top=False)
