"""Load test of `touchline collect` on the loopback: sustained events per second, request
latency p50/p99, and a SIGTERM in the middle of the burst (every acknowledged event must be
in a finished file, none twice).

    python bench/collect_load.py --seconds 20 --connections 8 --batch 10

Bounded in count and in time: it stops at --requests or --seconds, whichever comes first,
and only ever talks to the collector it started on 127.0.0.1. The client shares the machine's
cores with the collector, so the numbers are a floor for the collector alone. Writes a JSON
line to bench/results/collect_load.jsonl.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def start_collector(landing: Path) -> tuple[subprocess.Popen[str], int]:
    command = [
        sys.executable,
        "-m",
        "touchline.cli",
        "collect",
        "--landing",
        str(landing),
        "--port",
        "0",
        "--rate-limit",
        "0",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)", first)
    if not match:
        process.kill()
        raise SystemExit(f"collector did not start: {first}")
    return process, int(match.group(1))


def cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request_bytes(port: int, worker: int, n: int, batch: int, ts: str) -> tuple[bytes, list[str]]:
    ids = [f"w{worker}-{n}-{j}" for j in range(batch)]
    events = ",".join(
        '{"event_id":"%s","event_type":"page_view","ts":"%s","visitor_id":"v%d-%d",'
        '"url":"https://shop.example.com/products/p%d?utm_source=google&utm_medium=cpc&gclid=g%d",'
        '"referrer":"https://www.google.com/"}' % (event_id, ts, worker, n % 500, j, n)
        for j, event_id in enumerate(ids)
    )
    body = ('{"events":[' + events + "]}").encode()
    head = (
        f"POST /e HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n"
        f"User-Agent: Mozilla/5.0 (bench)\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body, ids


async def worker(
    port: int,
    index: int,
    args: argparse.Namespace,
    deadline: float,
    budget: list[int],
    latencies: list[float],
    acked: list[str],
    sent: list[str],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    ts = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    n = 0
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            data, ids = request_bytes(port, index, n, args.batch, ts)
            n += 1
            sent.extend(ids)
            started = time.perf_counter()
            writer.write(data)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if head.startswith(b"HTTP/1.1 200"):
                acked.extend(ids)
            if b"connection: close" in head.lower():
                return
    except (ConnectionError, asyncio.IncompleteReadError, OSError):
        return
    finally:
        writer.close()


async def burst(port: int, args: argparse.Namespace, collector: subprocess.Popen[str] | None) -> dict:
    latencies: list[float] = []
    acked: list[str] = []
    sent: list[str] = []
    budget = [args.requests]
    started = time.monotonic()
    deadline = started + args.seconds
    tasks = [
        asyncio.create_task(worker(port, i, args, deadline, budget, latencies, acked, sent))
        for i in range(args.connections)
    ]
    if collector is not None:
        await asyncio.sleep(args.seconds / 2)
        collector.send_signal(signal.SIGTERM)
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    return {"latencies": latencies, "acked": acked, "sent": sent, "elapsed": elapsed}


def landed_ids(landing: Path) -> tuple[list[str], int]:
    ids = []
    for path in sorted((landing / "pixel").rglob("*.jsonl")):
        ids.extend(json.loads(line)["event_id"] for line in path.read_text().splitlines() if line)
    unfinished = len(list((landing / "pixel").rglob(".*")))
    return ids, unfinished


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the sustained run (bounded)")
    parser.add_argument("--requests", type=int, default=200_000, help="at most this many requests in total")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--batch", type=int, default=10, help="events per request (the snippet sends up to 20)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "collect_load.jsonl"))
    args = parser.parse_args()

    result: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "connections": args.connections,
        "batch": args.batch,
    }
    with tempfile.TemporaryDirectory(prefix="touchline-collect-bench-") as tmp:
        # 1. Sustained: the whole run, then a clean stop.
        landing = Path(tmp) / "sustained"
        collector, port = start_collector(landing)
        cpu_before = cpu_seconds(collector.pid)
        run = asyncio.run(burst(port, args, None))
        collector_cpu = cpu_seconds(collector.pid) - cpu_before
        collector.send_signal(signal.SIGTERM)
        collector.wait(timeout=60)
        landed, unfinished = landed_ids(landing)
        lat = sorted(run["latencies"])
        result["sustained"] = {
            "seconds": round(run["elapsed"], 2),
            "requests": len(lat),
            "events_acked": len(run["acked"]),
            "events_per_second": round(len(run["acked"]) / run["elapsed"]),
            "requests_per_second": round(len(lat) / run["elapsed"]),
            # CPU the collector spent: its capacity on one free core, whatever else runs.
            "collector_cpu_seconds": round(collector_cpu, 2),
            "events_per_cpu_second": round(len(run["acked"]) / collector_cpu) if collector_cpu else None,
            "load_average_1m": round(os.getloadavg()[0], 1),
            "latency_p50_ms": round(statistics.median(lat) * 1000, 2),
            "latency_p99_ms": round(lat[int(0.99 * (len(lat) - 1))] * 1000, 2),
            "landed_equals_acked": sorted(landed) == sorted(run["acked"]),
            "unfinished_files": unfinished,
        }
        # 2. SIGTERM halfway through a burst.
        landing = Path(tmp) / "sigterm"
        collector, port = start_collector(landing)
        run = asyncio.run(burst(port, args, collector))
        collector.wait(timeout=60)
        landed, unfinished = landed_ids(landing)
        result["sigterm"] = {
            "events_acked": len(run["acked"]),
            "events_sent": len(run["sent"]),
            "events_landed": len(landed),
            "acked_all_landed": set(run["acked"]) <= set(landed),
            "landed_twice": len(landed) - len(set(landed)),
            "landed_not_sent": len(set(landed) - set(run["sent"])),
            "unfinished_files": unfinished,
        }
    print(json.dumps(result, indent=2))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a") as handle:
        handle.write(json.dumps(result) + "\n")
    ok = (
        result["sustained"]["landed_equals_acked"]
        and result["sigterm"]["acked_all_landed"]
        and result["sigterm"]["landed_twice"] == 0
        and not result["sigterm"]["unfinished_files"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
