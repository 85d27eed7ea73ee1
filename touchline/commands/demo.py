"""`touchline demo`: generate demo data, build it, and show where to look."""

from __future__ import annotations

import shlex
from pathlib import Path

# The demo store: a year of a paid-led shop with ~35 orders a day (~390k pixel events). A
# year of bursting ad spend at that volume is what the marketing-mix model needs to land
# near the generator's planted truth (docs/mmm.md, "The demo data"; tests/test_mmm_demo.py).
DEMO_DAYS = 365
DEMO_VISITORS = 110_000
DEMO_SEED = 42

EXAMPLE_QUERIES = [
    (
        "Net revenue by first-touch channel and campaign (paid and organic apart, unattributed kept)",
        """select coalesce(first_touch_channel, 'Unattributed') as first_touch_channel, first_touch_platform,
       first_touch_campaign, count(*) as orders, sum(net_revenue_reporting) as net_revenue
from marts.visitor_payments
group by all order by net_revenue desc nulls last limit 10;""",
    ),
    (
        "First-touch channel against last-touch channel, in revenue",
        """pivot (select coalesce(first_touch_channel, 'Unattributed') as first_touch_channel,
              coalesce(last_touch_channel, 'Unattributed') as last_touch_channel, net_revenue_reporting
       from marts.visitor_payments)
on last_touch_channel using sum(net_revenue_reporting) order by first_touch_channel;""",
    ),
    (
        "What was loaded, and what was quarantined and why",
        """select kind, status, count(*) as files, sum(records_loaded) as loaded, sum(records_quarantined) as quarantined
from audit.load_audit group by all order by kind;
select kind, reason, count(*) from audit.quarantine group by all order by 3 desc;""",
    ),
]


def run_demo(out_dir: Path, warehouse: Path, *, days: int, visitors: int, seed: int, echo=print) -> None:
    from touchline.commands.build import run_build
    from touchline.generator import generate

    landing = out_dir / "landing"
    truth = out_dir / "truth"
    echo(f"generating {days} days of demo data for ~{visitors:,} visitors into {landing} ...")
    stats = generate(landing, days=days, visitors=visitors, seed=seed, truth_dir=truth)
    echo(
        f"  {stats.events:,} events, {stats.orders:,} order rows, {stats.refunds:,} refund rows, {stats.spend_rows:,} spend rows"
    )
    run_build(landing, warehouse, full_refresh=True, echo=echo)
    from touchline.report import default_report_path

    flag = f"--warehouse {_shell_path(warehouse)}"
    echo("")
    echo(f"The warehouse is {warehouse} (the generator's ground truth is in {truth}).")
    echo("Next steps:")
    echo(f'  touchline sql {flag} "select * from marts.mer_daily order by date_day desc limit 7"')
    echo("      ask anything read-only (no query: an interactive prompt; --format csv|json)")
    echo(f"  {_shell_path(default_report_path(warehouse))}")
    echo(f"      the morning report: open it in a browser (touchline report {flag} rewrites it)")
    echo(f"  touchline docs --serve {flag}")
    echo("      every table and column, and the lineage (dbt docs)")
    echo(f"  touchline ui --landing {_shell_path(landing)} {flag}")
    echo("      the Dagster UI with the nightly schedule")
    for title, sql in EXAMPLE_QUERIES:
        echo("")
        echo(f"-- {title}")
        echo(sql)


def _shell_path(path: Path) -> str:
    """The path as typed from the current folder when it is inside it (demo/touchline.duckdb)."""
    try:
        text = str(path.relative_to(Path.cwd()))
    except ValueError:
        text = str(path)
    return shlex.quote(text)
