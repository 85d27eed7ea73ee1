"""Benchmark: the loader's peak memory against the size of the largest landed file.

    python bench/bench_loader_memory.py --kind pixel --mib 256 1024
    python bench/bench_loader_memory.py --kind orders --mib 300 1200
    python bench/bench_loader_memory.py --kind long-line --mib 1024

For each size, writes one landed file of about that many MiB (uncompressed) into a fresh
temporary landing folder, loads it into a fresh DuckDB file in a subprocess (the settings'
DuckDB memory limit, as a build uses) and reports the subprocess's peak RSS and time. The
loader streams files in bounded blocks, so the peak should not grow with the file:
- `pixel`: JSON lines of page views, read in 32 MiB blocks a few blocks ahead;
- `orders`: a CSV export; over 256 MiB the Python reader streams it row by row;
- `long-line`: one JSON line of that size without a newline (over the record size limit):
  read past in blocks, quarantined by its length.
Prints one JSON object per size; results go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

MIB = 1024 * 1024

_LOAD = """
import json, resource, sys, time
import duckdb
from touchline import settings
from touchline.landing.load import load_landing
start = time.perf_counter()
con = duckdb.connect(sys.argv[2], config=settings.duckdb_config())
summary = load_landing(sys.argv[1], con)
con.close()
print(json.dumps({
    "seconds": round(time.perf_counter() - start, 1),
    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "records_read": summary.records_read,
    "records_loaded": summary.records_loaded,
    "records_quarantined": summary.records_quarantined,
}))
"""


def _pixel_line(n: int) -> bytes:
    return (
        '{"event_id":"ev-%010d","event_type":"page_view","ts":"2026-03-14T10:%02d:%02dZ",'
        '"received_at":"2026-03-14T10:%02d:%02dZ","visitor_id":"v-%07d",'
        '"url":"https://shop.example.com/products/item-%d?utm_source=google&utm_medium=cpc&gclid=Cj0K%08d",'
        '"referrer":"https://www.google.com/","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) '
        'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36"}\n'
        % (n, n // 60 % 60, n % 60, n // 60 % 60, n % 60, n % 500_000, n % 977, n)
    ).encode()


def _order_line(n: int) -> bytes:
    return (
        "%d,2026-03-%02dT10:%02d:%02dZ,2026-03-%02dT11:00:00Z,c-%d,USD,%d.%02d,paid,"
        "https://shop.example.com/?utm_source=meta&fbclid=IwAR%08d\n"
        % (n, 1 + n % 28, n // 60 % 60, n % 60, 1 + n % 28, n % 90_000, 10 + n % 400, n % 100, n)
    ).encode()


def write_file(landing: Path, kind: str, mib: int) -> Path:
    target = MIB * mib
    if kind == "pixel":
        path, header, line = landing / "pixel" / "big.jsonl", b"", _pixel_line
    elif kind == "orders":
        path = landing / "orders" / "big.csv"
        header = b"order_id,created_at,updated_at,customer_id,currency,total_price,financial_status,landing_site\n"
        line = _order_line
    else:
        path, header, line = landing / "pixel" / "long-line.jsonl", b"", None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(header)
        if line is None:
            out.write(b'{"event_id": "huge", "pad": "')
            chunk = b"x" * MIB
            for _ in range(mib):
                out.write(chunk)
            return path
        written, n = 0, 0
        while written < target:
            batch = b"".join(line(i) for i in range(n, n + 10_000))
            out.write(batch)
            written += len(batch)
            n += 10_000
    return path


def measure(kind: str, mib: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="touchline-loader-memory-") as tmp:
        landing = Path(tmp) / "landing"
        path = write_file(landing, kind, mib)
        size = path.stat().st_size
        done = subprocess.run(
            [sys.executable, "-c", _LOAD, str(landing), str(Path(tmp) / "warehouse.duckdb")],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"kind": kind, "file_mib": round(size / MIB), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=["pixel", "orders", "long-line"], required=True)
    parser.add_argument("--mib", type=int, nargs="+", required=True, help="file sizes in MiB")
    args = parser.parse_args()
    for mib in args.mib:
        print(json.dumps(measure(args.kind, mib)), flush=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bench_process_peak_rss_mib": round(own)}))


if __name__ == "__main__":
    main()
