"""The marketing-mix model on the demo's own data, built through dbt, against the planted truth.

`touchline demo`'s data (same days, visitors and seed) is generated, loaded and built to
marts.mmm_channel_contributions, which is compared with the generator's mmm_truth.json.
Pixel events do not feed the model (it sees daily revenue and spend only), so they are left
out of the landing folder to keep the build fast; the orders, refunds, spend and fx files are
the demo's, byte for byte.

What the truth can be compared with (mmm_truth.json "definitions", docs/mmm.md): platforms
on a fixed daily budget are indistinguishable from the baseline and must say so; for the
bursting platforms the model's contribution estimates the short-term part of their
incremental revenue (first orders), while repeat orders weeks later end up in its baseline.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.warehouse_snapshot import query_frame
from touchline.commands.demo import DEMO_DAYS, DEMO_SEED, DEMO_VISITORS
from touchline.dbt.cli import run_dbt
from touchline.generator import generate
from touchline.landing.load import load_landing

pytestmark = pytest.mark.slow

SELECTION = [
    "--select",
    "+mmm_channel_contributions+",
    "+mmm_campaign_contributions+",
    "--indirect-selection",
    "cautious",
]
# Tolerances of the "close to the planted truth". On six generator seeds at the
# demo's size (retail year and returning customers included) the total was within
# -8..+10 % of first-order revenue, google within 10 %, tiktok within 16 %, meta within
# 33 % (the demo seed: +1.5 % total, meta +10.6 %); docs/mmm.md lists them.
TOTAL_TOLERANCE = 0.15
CHANNEL_TOLERANCE = 0.25
LARGE_SHARE = 0.10  # channels with at least this share of revenue are held to CHANNEL_TOLERANCE


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict, Path]:
    root = tmp_path_factory.mktemp("mmm_demo")
    landing = root / "landing"
    generate(landing, days=DEMO_DAYS, visitors=DEMO_VISITORS, seed=DEMO_SEED, truth_dir=root / "truth")
    shutil.rmtree(landing / "pixel")
    warehouse = root / "touchline.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con)
    finally:
        con.close()
    run_dbt(["build", *SELECTION], warehouse, target_path=root / "target")
    marts = query_frame(warehouse, "select * from marts.mmm_channel_contributions order by ad_platform")
    truth = json.loads((root / "truth" / "mmm_truth.json").read_text())
    print("\n" + marts[["ad_platform", "adstock_theta", "contribution", "contribution_share", "status"]].to_string())
    return marts.set_index("ad_platform"), truth, warehouse


def _platforms(truth: dict, pattern: str) -> list[str]:
    return sorted(n for n, p in truth["platforms"].items() if p["spend_pattern"] == pattern)


def test_the_model_sees_the_generators_revenue_and_spend(demo) -> None:
    marts, truth, warehouse = demo
    revenue = query_frame(
        warehouse, "select sum(net_revenue_reporting) as r, count(*) as days from intermediate.int_analytics_daily"
    ).iloc[0]
    assert int(revenue["days"]) == DEMO_DAYS
    # The truth rounds each order to the cent, the warehouse keeps four places.
    assert float(revenue["r"]) == pytest.approx(float(truth["total_net_revenue_usd"]), rel=1e-6)
    assert sorted(marts.index) == sorted(truth["platforms"])
    for name, p in truth["platforms"].items():
        assert float(marts.at[name, "spend_reporting"]) == pytest.approx(float(p["spend_usd"]), abs=0.01)


def test_fixed_daily_budgets_are_skipped_not_guessed(demo) -> None:
    marts, truth, _ = demo
    fixed = _platforms(truth, "fixed_daily_budget")
    assert fixed
    assert (marts.loc[fixed, "status"] == "skipped: no spend variation").all()
    assert marts.loc[fixed, "contribution"].isna().all()


def test_bursting_platforms_land_near_their_short_term_truth(demo) -> None:
    marts, truth, _ = demo
    bursts = _platforms(truth, "bursts")
    assert not marts.loc[bursts, "status"].str.startswith("skipped").any()
    model = marts.loc[bursts, "contribution"].astype(float)
    first = pd.Series({n: float(truth["platforms"][n]["first_order_net_revenue_usd"]) for n in bursts})
    full = pd.Series({n: float(truth["platforms"][n]["incremental_net_revenue_usd"]) for n in bursts})
    total_error = model.sum() / first.sum() - 1
    print(
        f"\ntotal media vs first-order truth {total_error:+.3f}, vs all incremental revenue "
        f"{model.sum() / full.sum() - 1:+.3f}; per platform vs first orders:\n"
        f"{(model / first - 1).round(3).to_string()}"
    )
    assert abs(total_error) <= TOTAL_TOLERANCE
    large = [n for n in bursts if truth["platforms"][n]["share_of_net_revenue"] >= LARGE_SHARE]
    assert len(large) >= 2  # otherwise the per-channel check would be hollow
    for name in large:
        assert abs(model[name] / first[name] - 1) <= CHANNEL_TOLERANCE, name
    # The model must not claim the repeat orders' revenue on top: no more than everything.
    assert model.sum() <= full.sum() * (1 + TOTAL_TOLERANCE)


def test_shares_of_the_demo_model_add_up(demo) -> None:
    marts, truth, _ = demo
    fitted = marts[marts["contribution"].notna()]
    baseline = float(fitted["baseline_share"].iloc[0])
    assert float(fitted["contribution_share"].sum()) + baseline == pytest.approx(1.0)
    # The fixed budgets' real effect is in the baseline, so it holds at least the organic
    # revenue (Decimal arithmetic: the truth's amounts are exact).
    organic = Decimal(truth["baseline_net_revenue_usd"]) / Decimal(truth["total_net_revenue_usd"])
    assert baseline >= float(organic) * (1 - TOTAL_TOLERANCE)
