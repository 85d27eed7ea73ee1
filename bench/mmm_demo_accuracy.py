"""How close the marketing-mix model lands on demo-shaped data, over several generator seeds.

    python bench/mmm_demo_accuracy.py                      # the demo's size, seeds 42 and 1-5
    python bench/mmm_demo_accuracy.py --seeds 42 1 2 --no-prior

Generates each seed with `touchline demo`'s days and visitors (pixel events included, so
this takes ~20 s a seed), fits the model on the truth's daily.csv (the same daily revenue
and spend the warehouse gives the nightly fit: tests/test_mmm_demo.py checks that on the
demo seed), and compares the bursting platforms with mmm_truth.json: first-order revenue
(what the model can see) and all incremental revenue. Prints a table, writes JSON to
bench/results/mmm_demo_accuracy.json. Not a test: one seed is one draw of the noise.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pandas as pd

from touchline.commands.demo import DEMO_DAYS, DEMO_SEED, DEMO_VISITORS
from touchline.generator import generate
from touchline.mmm import fit_mmm
from touchline.mmm.prior import PRIOR_SHARE

REPO = Path(__file__).resolve().parent.parent


def fit_seed(seed: int, days: int, visitors: int, prior_share: float | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="touchline-mmm-demo-") as tmp:
        started = time.perf_counter()
        stats = generate(Path(tmp) / "landing", days=days, visitors=visitors, seed=seed, truth_dir=Path(tmp) / "truth")
        generate_seconds = time.perf_counter() - started
        daily = pd.read_csv(stats.truth_dir / "daily.csv")
        truth = json.loads((stats.truth_dir / "mmm_truth.json").read_text())
    frame = (
        daily.drop(columns=["orders", "paid_net_revenue_usd"])
        .rename(columns=lambda c: c.removeprefix("spend_usd_"))
        .rename(columns={"net_revenue_usd": "net_revenue"})
    )
    result = fit_mmm(frame, prior_share=prior_share)
    bursts = sorted(n for n, p in truth["platforms"].items() if p["spend_pattern"] == "bursts")
    model = {n: result.channel(n).contribution or 0.0 for n in bursts}
    first = {n: float(truth["platforms"][n]["first_order_net_revenue_usd"]) for n in bursts}
    full = {n: float(truth["platforms"][n]["incremental_net_revenue_usd"]) for n in bursts}
    return {
        "seed": seed,
        "events": stats.events,
        "orders_per_day": round(float(daily["orders"].mean()), 1),
        "generate_seconds": round(generate_seconds, 1),
        "status": result.status,
        "model_r2": round(result.model_r2, 3) if result.model_r2 is not None else None,
        "total_vs_first_orders": round(sum(model.values()) / sum(first.values()) - 1, 3),
        "total_vs_incremental": round(sum(model.values()) / sum(full.values()) - 1, 3),
        "channel_vs_first_orders": {n: round(model[n] / first[n] - 1, 3) for n in bursts},
        "share_of_revenue": {n: truth["platforms"][n]["share_of_net_revenue"] for n in bursts},
        "theta_model": {n: round(result.channel(n).adstock_theta or 0.0, 3) for n in bursts},
        "theta_visits": {n: truth["platforms"][n]["theta"] for n in bursts},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[DEMO_SEED, 1, 2, 3, 4, 5])
    parser.add_argument("--days", type=int, default=DEMO_DAYS)
    parser.add_argument("--visitors", type=int, default=DEMO_VISITORS)
    parser.add_argument("--no-prior", action="store_true", help="least squares alone (prior_share=None)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "mmm_demo_accuracy.json")
    args = parser.parse_args()
    prior = None if args.no_prior else PRIOR_SHARE
    runs = []
    for seed in args.seeds:
        run = fit_seed(seed, args.days, args.visitors, prior)
        runs.append(run)
        print(
            f"seed {seed}: {run['events']:,} events, {run['orders_per_day']} orders/day | "
            f"total {run['total_vs_first_orders']:+.1%} of first orders, "
            f"{run['total_vs_incremental']:+.1%} of all incremental | per platform vs first "
            f"orders {run['channel_vs_first_orders']} | {run['status'][:60]}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"days": args.days, "visitors": args.visitors, "prior_share": prior, "runs": runs}, indent=2) + "\n"
    )
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
