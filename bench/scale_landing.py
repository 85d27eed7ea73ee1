"""Scale a generated landing folder up: N copies of its pixel, order and refund files, each
copy with its own visitors, emails, customers, orders and events (ids prefixed), over the
same days; spend and fx are kept once.

    python bench/scale_landing.py --source bench/out/landing --copies 5 --out /data/landing-50m

The generator keeps its whole simulated world in memory (about 11 GiB for 10 million
events), so a 50-million-event benchmark is made from a 10-million-event folder this way.
Copy 1 is the source as it is; copy k prefixes event, visitor, order, customer and refund ids
with `k~`. Emails and email hashes are kept (a hash cannot be rewritten consistently with the
plain emails of the order exports), so a person's copies share their emails and are stitched
into one person: identity components are up to N times larger than in the source.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_ID_FIELDS = (b"event_id", b"visitor_id", b"order_id", b"customer_id")


def _pixel_copy(data: bytes, copy: int) -> bytes:
    tag = f"{copy}~".encode()
    for field in _ID_FIELDS:
        data = data.replace(b'"' + field + b'":"', b'"' + field + b'":"' + tag)
    return data


def _csv_copy(text: str, copy: int, columns: dict[str, str]) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return text
    header = rows[0]
    index = {name: header.index(name) for name in columns if name in header}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows[1:]:
        for name, i in index.items():
            if i < len(row) and row[i]:
                row[i] = columns[name].format(copy=copy, value=row[i])
        writer.writerow(row)
    return out.getvalue()


_CSV_COLUMNS = {
    "orders": {"order_id": "{copy}~{value}", "customer_id": "{copy}~{value}"},
    "refunds": {"refund_id": "{copy}~{value}", "order_id": "{copy}~{value}"},
}


def _copy_file(args: tuple[Path, Path, str, int]) -> None:
    source, target, kind, copy = args
    raw = source.read_bytes()
    gz = source.name.endswith(".gz")
    data = gzip.decompress(raw) if gz else raw
    if kind == "pixel":
        data = _pixel_copy(data, copy)
    else:
        data = _csv_copy(data.decode("utf-8"), copy, _CSV_COLUMNS[kind]).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(data, compresslevel=1) if gz else data)


def _copy_name(path: Path, copy: int) -> Path:
    name = path.name
    stem, dot, rest = name.partition(".")
    return path.with_name(f"{stem}-copy{copy}{dot}{rest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    source, out = args.source.resolve(), args.out.resolve()
    shutil.copytree(source, out)  # copy 1, spend and fx
    jobs = [
        (path, out / _copy_name(path.relative_to(source), copy), path.relative_to(source).parts[0], copy)
        for copy in range(2, args.copies + 1)
        for path in sorted(source.rglob("*"))
        if path.is_file() and path.relative_to(source).parts[0] in ("pixel", "orders", "refunds")
    ]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(_copy_file, jobs, chunksize=8))
    print(f"wrote {len(jobs)} copied files into {out}")


if __name__ == "__main__":
    main()
