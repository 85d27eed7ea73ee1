"""The marketing-mix model in the build: landed files -> dbt -> marts.mmm_*.

The MMM simulator's daily series (touchline.mmm.simulate, known truth) is written as a landing
folder - one USD order per day carrying that day's revenue, and spend CSVs per platform and
campaign - loaded, and built through dbt like the nightly run does. The model's statistical
accuracy is gated over many seeds in test_mmm_recovery.py; here the question is whether the
build carries it: the rows, the numbers, the campaign split, and the skipped case.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.warehouse_snapshot import query_frame
from touchline.dbt.cli import run_dbt
from touchline.landing.load import load_landing
from touchline.mmm import Simulation, simulate
from touchline.mmm.nightly import campaign_fit_table, channel_fit_table, fit_table, nightly_fit

SEED = 1
DAYS = 400  # more than a year, so the baseline has its yearly terms as in the simulation
SELECTION = [
    "--select",
    "+mmm_channel_contributions+",
    "+mmm_campaign_contributions+",
    # Tests of upstream models that also touch unselected marts stay out.
    "--indirect-selection",
    "cautious",
]


def _cents(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.01")))


def write_simulation_landing(sim: Simulation, landing: Path) -> None:
    (landing / "orders").mkdir(parents=True)
    with (landing / "orders" / "orders.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "created_at", "customer_id", "currency", "total_price", "financial_status"])
        for i, row in sim.daily.iterrows():
            # The day's revenue as orders of at most ~$4,000 (a store's orders, and amounts
            # the fx arithmetic of int_orders_revenue handles), summing to it to the cent.
            total = int(Decimal(_cents(float(row["net_revenue"]))) * 100)
            parts = -(-total // 400_000)
            for k in range(parts):
                cents = total // parts + (1 if k < total % parts else 0)
                w.writerow(
                    [
                        f"sim-{i:04d}-{k}",
                        f"{row['date_day']}T{10 + k:02d}:00:00Z",
                        f"c{i:04d}{k}",
                        "USD",
                        f"{cents // 100}.{cents % 100:02d}",
                        "paid",
                    ]
                )
    for platform, rows in sim.campaign_daily.groupby("ad_platform", sort=True):
        path = landing / "spend" / str(platform) / "spend.csv"
        path.parent.mkdir(parents=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["date_day", "platform", "campaign_id", "campaign_name", "spend", "currency"])
            for r in rows.itertuples():
                w.writerow([r.date_day, platform, r.campaign_id, r.campaign_name, _cents(float(r.spend)), "USD"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Simulation, Path, Path]:
    root = tmp_path_factory.mktemp("mmm_build")
    sim = simulate(SEED, days=DAYS)
    write_simulation_landing(sim, root / "landing")
    warehouse = root / "touchline.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(root / "landing", con)
    finally:
        con.close()
    run_dbt(["build", *SELECTION], warehouse, target_path=root / "target")
    return sim, warehouse, root


def test_one_row_per_channel_close_to_the_planted_truth(built) -> None:
    sim, warehouse, _ = built
    marts = query_frame(warehouse, "select * from marts.mmm_channel_contributions order by ad_platform")
    truth = sim.truth.set_index("ad_platform")
    assert sorted(marts["ad_platform"]) == sorted(truth.index)
    assert set(marts["status"]) == {"ok"}
    marts = marts.set_index("ad_platform")
    # Spend is the exact landed total (cents), whatever the model did.
    for platform in truth.index:
        assert float(marts.at[platform, "spend_reporting"]) == pytest.approx(truth.at[platform, "spend"], rel=1e-6)
    total = float(marts["contribution"].astype(float).sum())
    assert total == pytest.approx(truth["contribution"].sum(), rel=0.10)
    for platform in truth.index[truth["contribution_share"] >= 0.04]:
        assert float(marts.at[platform, "contribution"]) == pytest.approx(truth.at[platform, "contribution"], rel=0.20)
        assert abs(marts.at[platform, "adstock_theta"] - truth.at[platform, "theta"]) < 0.1
    # Shares and the baseline add up; fit quality is the model's, on every row.
    assert marts["contribution_share"].sum() + marts["baseline_share"].iloc[0] == pytest.approx(1.0)
    assert marts["model_r2"].nunique() == 1 and marts["model_r2"].iloc[0] > 0.5
    assert (
        marts["roas"] - marts["contribution"].astype(float) / marts["spend_reporting"].astype(float)
    ).abs().max() < 1e-3
    assert (marts["model_days"] == DAYS).all()


def test_the_build_fits_what_the_library_fits_on_the_same_data(built) -> None:
    """Same inputs through dbt and directly: the same model (the fit is deterministic)."""
    _, warehouse, _ = built
    revenue = query_frame(
        warehouse, "select date_day, net_revenue_reporting as net_revenue from intermediate.int_analytics_daily"
    )
    spend = query_frame(
        warehouse,
        "select date_day, ad_platform, campaign_id, campaign_name, "
        "spend_reporting as spend from intermediate.int_mmm_campaign_spend_daily",
    )
    direct = nightly_fit(revenue, spend).channel_frame().set_index("ad_platform")
    marts = query_frame(warehouse, "select * from marts.mmm_channel_contributions").set_index("ad_platform")
    for platform in direct.index:
        assert marts.at[platform, "adstock_theta"] == direct.at[platform, "adstock_theta"]
        assert float(marts.at[platform, "contribution"]) == pytest.approx(direct.at[platform, "contribution"], abs=1e-3)


def test_campaigns_add_up_to_their_channel(built) -> None:
    sim, warehouse, _ = built
    campaigns = query_frame(warehouse, "select * from marts.mmm_campaign_contributions")
    channels = query_frame(warehouse, "select * from marts.mmm_channel_contributions").set_index("ad_platform")
    expected = sim.campaign_daily[["ad_platform", "campaign_id"]].drop_duplicates()
    assert len(campaigns) == len(expected)
    assert campaigns["campaign_name"].notna().all()
    for platform, rows in campaigns.groupby("ad_platform"):
        assert float(rows["contribution"].astype(float).sum()) == pytest.approx(
            float(channels.at[platform, "contribution"]), abs=0.01 * len(rows)
        )
        assert float(rows["spend_reporting"].astype(float).sum()) == pytest.approx(
            float(channels.at[platform, "spend_reporting"]), abs=1e-6
        )
        assert (rows["status"] == channels.at[platform, "status"]).all()


def test_too_few_days_gives_skipped_rows_with_null_estimates(built) -> None:
    sim, warehouse, root = built
    # Rebuild only the MMM models, with a minimum the 400 days do not reach (the var is
    # the one the nightly build reads; dbt_project.yml, mmm_min_days).
    run_dbt(
        ["build", "--select", "int_mmm_fit+", "--indirect-selection", "cautious"],
        warehouse,
        target_path=root / "target",
        dbt_vars={"mmm_min_days": 1000},
    )
    marts = query_frame(warehouse, "select * from marts.mmm_channel_contributions")
    assert len(marts) == len(sim.truth)
    assert set(marts["status"]) == {f"skipped: too few days ({DAYS} < 1000)"}
    estimates = [
        "adstock_theta",
        "contribution",
        "contribution_share",
        "roas",
        "marginal_roas",
        "model_r2",
        "model_mape",
        "baseline_share",
    ]
    assert marts[estimates].isna().all().all()
    assert (marts["spend_reporting"].astype(float) > 0).all()
    campaigns = query_frame(warehouse, "select * from marts.mmm_campaign_contributions")
    assert len(campaigns) > len(marts)
    assert campaigns["contribution"].isna().all() and campaigns["roas"].isna().all()
    assert campaigns["status"].str.startswith("skipped: too few days").all()


def _campaign_rows(days: pd.DatetimeIndex, spend: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"date_day": days.date, "ad_platform": "meta", "campaign_id": "m1", "campaign_name": "Meta 1", "spend": spend}
    )


def test_nightly_fit_never_raises_on_empty_or_tiny_inputs() -> None:
    days = pd.date_range("2026-01-01", periods=30, freq="D")
    revenue = pd.DataFrame({"date_day": days.date, "net_revenue": 100.0})
    no_spend = _campaign_rows(days, 0.0).iloc[0:0]
    result = nightly_fit(revenue, no_spend)
    assert channel_fit_table(result).empty and campaign_fit_table(result, no_spend).empty
    assert fit_table(result, no_spend).empty

    # No revenue days at all (an empty mer_daily), but spend: rows, skipped, spend kept.
    spend = _campaign_rows(days, 50.0)
    empty = nightly_fit(revenue.iloc[0:0], spend)
    channels = channel_fit_table(empty)
    assert list(channels["status"]) == ["skipped: too few days (0 < 90)"]
    campaigns = campaign_fit_table(empty, spend)
    assert list(campaigns["spend_reporting"]) == [1500.0]
    assert campaigns["contribution"].isna().all()
    table = fit_table(empty, spend)
    assert list(table["status"]) == ["skipped: too few days (0 < 90)"]
    assert list(table["campaign_spend_reporting"]) == [1500.0]
    assert table["channel_contribution"].isna().all() and table["campaign_contribution"].isna().all()

    # Enough days, spend that never varies: the channel says so, the build goes on.
    long_days = pd.date_range("2026-01-01", periods=120, freq="D")
    flat = nightly_fit(
        pd.DataFrame({"date_day": long_days.date, "net_revenue": 100.0 + long_days.day}),
        _campaign_rows(long_days, 50.0),
    )
    assert channel_fit_table(flat)["status"].iloc[0] == "skipped: no spend variation"
