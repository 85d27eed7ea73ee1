"""Benchmark: marketing-mix model fit time on 2 years x 8 channels (target: under 10 s).

    python bench/bench_mmm.py                 # 3 seeds, flights, 3 % noise
    python bench/bench_mmm.py --seeds 5 --pattern always_on --noise 0.08

Simulates data with known truth (touchline.mmm.simulate), times fit_mmm on each seed, and
reports the accuracy against the planted truth alongside. Prints a table and writes JSON to
bench/results/mmm.json. Not a test: wall-clock time depends on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from touchline.mmm import fit_mmm, simulate

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--pattern", choices=["flights", "always_on"], default="flights")
    parser.add_argument("--noise", type=float, default=0.03)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "mmm.json")
    args = parser.parse_args()

    runs = []
    for seed in range(args.seeds):
        sim = simulate(seed, days=args.days, channels=args.channels, noise=args.noise, pattern=args.pattern)
        start, cpu_start = time.perf_counter(), time.process_time()
        result = fit_mmm(sim.daily)
        seconds = time.perf_counter() - start
        # CPU time next to wall time: on a shared machine the wall clock measures the load.
        cpu_seconds = time.process_time() - cpu_start
        fit = result.channel_frame().set_index("ad_platform")
        truth = sim.truth.set_index("ad_platform")
        material = truth.index[truth["contribution_share"] >= 0.04]
        errors = (fit.loc[material, "contribution"].astype(float) / truth.loc[material, "contribution"] - 1).abs()
        runs.append(
            {
                "seed": seed,
                "fit_seconds": round(seconds, 3),
                "fit_cpu_seconds": round(cpu_seconds, 3),
                "status": result.status,
                "model_r2": round(float(result.model_r2 or 0.0), 4),
                "total_media_error": round(
                    abs(float(fit["contribution"].sum()) / float(truth["contribution"].sum()) - 1), 4
                ),
                "max_material_channel_error": round(float(errors.max()), 4) if len(errors) else None,
            }
        )
        print(f"seed {seed}: {seconds:6.2f} s wall, {cpu_seconds:6.2f} s cpu  {runs[-1]}")

    times = [r["fit_seconds"] for r in runs]
    cpu = [r["fit_cpu_seconds"] for r in runs]
    report = {
        "benchmark": "mmm_fit",
        "days": args.days,
        "channels": args.channels,
        "pattern": args.pattern,
        "noise": args.noise,
        "fit_seconds_median": statistics.median(times),
        "fit_seconds_max": max(times),
        "fit_cpu_seconds_median": statistics.median(cpu),
        "cpu_count": os.cpu_count(),
        # The machine may be shared; the load says how much the timing can be trusted.
        "load_average_1m": os.getloadavg()[0],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"median fit {report['fit_seconds_median']:.2f} s wall "
        f"({report['fit_cpu_seconds_median']:.2f} s cpu), max {report['fit_seconds_max']:.2f} s "
        f"({args.days} days x {args.channels} channels); written to {args.out}"
    )


if __name__ == "__main__":
    main()
