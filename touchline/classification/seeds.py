"""Write the classifier's dbt seeds from the Python definition.

`python -m touchline.classification.seeds [DIR]` rewrites them (default: the repository's
seeds/ folder); tests/test_classification_seeds.py fails when the committed CSVs drift.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from touchline.classification.channels import CHANNEL_RULES
from touchline.classification.click_ids import (
    CLICK_CHANNEL_REFERRER_CATEGORIES,
    CLICK_IDS,
    FBCLID_REFERRER_PLATFORMS,
)
from touchline.classification.hosts import host_entries
from touchline.classification.registry import CATEGORY_MEDIA, JUNK_VALUES, UNWANTED_REFERRERS
from touchline.classification.shapes import host_shape_rows
from touchline.classification.sources import source_aliases

LICENSE_NAME = "LICENSE-matomo-referrer-lists.txt"
Row = Sequence[object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tables() -> dict[str, tuple[Sequence[str], Iterable[Row]]]:
    return {
        "classification_host_entries": (
            ("match_rank", "pattern", "path_prefix", "source", "platform", "ad_platform", "category", "medium", "tier"),
            (
                (
                    e.match_rank,
                    e.pattern,
                    e.path_prefix,
                    e.source,
                    e.platform,
                    e.ad_platform,
                    e.category,
                    e.medium,
                    e.tier,
                )
                for e in host_entries()
            ),
        ),
        "classification_search_params": (
            ("match_rank", "param_rank", "param"),
            (
                (e.match_rank, i, param)
                for e in host_entries()
                if e.category == "search"
                for i, param in enumerate((e.search_params or "").split(), 1)
            ),
        ),
        "classification_host_shapes": (("shape", "value"), host_shape_rows()),
        "classification_source_aliases": (
            ("alias", "source", "platform", "ad_platform", "category"),
            ((a.alias, a.source, a.platform, a.ad_platform, a.category) for a in source_aliases()),
        ),
        "classification_click_ids": (
            ("click_id_rank", "parameter", "platform", "ad_platform", "is_paid", "medium"),
            ((i, c.parameter, c.platform, c.ad_platform, c.is_paid, c.medium) for i, c in enumerate(CLICK_IDS, 1)),
        ),
        "classification_click_id_referrer_platforms": (
            ("parameter", "referrer_platform"),
            (("fbclid", p) for p in FBCLID_REFERRER_PLATFORMS),
        ),
        "classification_category_media": (
            ("category", "medium", "shapes_paid_click_channel"),
            ((c, m, c in CLICK_CHANNEL_REFERRER_CATEGORIES) for c, m in CATEGORY_MEDIA.items()),
        ),
        "classification_channel_rules": (
            (
                "rule_id",
                "rule_order",
                "channel",
                "source_pattern",
                "medium_pattern",
                "campaign_pattern",
                "source_category",
            ),
            (
                (i, r.rule_order, r.channel, r.source_pattern, r.medium_pattern, r.campaign_pattern, r.source_category)
                for i, r in enumerate(CHANNEL_RULES, 1)
            ),
        ),
        "classification_unwanted_referrers": (("host",), ((h,) for h in UNWANTED_REFERRERS)),
        "classification_junk_values": (("junk_value",), ((v,) for v in JUNK_VALUES)),
    }


def render_seeds() -> dict[str, str]:
    """File name -> exact file content, for writing and for the drift test."""
    out: dict[str, str] = {}
    for name, (header, rows) in _tables().items():
        lines = [",".join(header)]
        for row in rows:
            cells = [_cell(v) for v in row]
            lines.append(",".join(_quote(c) for c in cells))
        out[f"{name}.csv"] = "\n".join(lines) + "\n"
    license_text = (resources.files("touchline.classification") / "data" / LICENSE_NAME).read_text(encoding="utf-8")
    out[LICENSE_NAME] = (
        "classification_host_entries.csv and classification_source_aliases.csv contain data from the\n"
        "Matomo referrer lists (search engines, social networks, AI assistants),\n"
        "https://github.com/matomo-org/searchengine-and-social-list, dedicated to the public domain:\n\n" + license_text
    )
    return out


def _quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r') or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_seeds(seeds_dir: Path) -> list[Path]:
    seeds_dir = Path(seeds_dir)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_seeds().items():
        path = seeds_dir / name
        path.write_text(content, encoding="utf-8", newline="")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    from touchline.settings import SEEDS_DIR

    args = list(sys.argv[1:] if argv is None else argv)
    for path in write_seeds(Path(args[0]) if args else SEEDS_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
