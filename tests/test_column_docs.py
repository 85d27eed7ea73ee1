"""One description per concept (dbt_project/models/columns.md): a column description written
out in full in two places is a doc block waiting to be made. The YAML files are read as they
are, without dbt."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

MODELS = Path(__file__).resolve().parent.parent / "dbt_project" / "models"
DOC_CALL = re.compile(r"\{\{\s*doc\(\s*'(\w+)'\s*\)\s*\}\}")


def _columns() -> list[tuple[str, str, str]]:
    """(model or source table, column, description) of every described column."""
    found = []
    for path in sorted(MODELS.rglob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        tables = list(spec.get("models") or [])
        for source in spec.get("sources") or []:
            tables += source.get("tables") or []
        for table in tables:
            for column in table.get("columns") or []:
                if column.get("description") is not None:
                    found.append((table["name"], column["name"], " ".join(str(column["description"]).split())))
    return found


def test_no_description_is_written_out_twice():
    places = defaultdict(list)
    for table, column, description in _columns():
        if not DOC_CALL.search(description):
            places[description].append(f"{table}.{column}")
    repeated = {text: where for text, where in places.items() if len(where) > 1}
    assert not repeated, f"make these doc blocks in columns.md: {repeated}"


def test_every_doc_block_is_defined_and_used():
    defined = set(re.findall(r"\{% docs (\w+) %\}", (MODELS / "columns.md").read_text(encoding="utf-8")))
    used = {name for _, _, description in _columns() for name in DOC_CALL.findall(description)}
    assert used <= defined, used - defined
    assert defined <= used, f"blocks no column uses: {defined - used}"
