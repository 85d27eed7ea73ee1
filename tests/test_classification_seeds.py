"""The committed seeds are exactly what the Python definition generates (no drift)."""

from __future__ import annotations

import re
from pathlib import Path

from touchline.classification.click_ids import CLICK_ID_PARAMETERS
from touchline.classification.seeds import render_seeds, write_seeds
from touchline.settings import DBT_PROJECT_DIR, SEEDS_DIR


def test_committed_seeds_match_the_python_definition() -> None:
    expected = render_seeds()
    for name, content in expected.items():
        path = SEEDS_DIR / name
        assert path.exists(), f"{path} missing: run python -m touchline.classification.seeds"
        assert path.read_text(encoding="utf-8") == content, (
            f"{path} differs from touchline.classification: run python -m touchline.classification.seeds"
        )
    stale = {p.name for p in SEEDS_DIR.glob("classification_*.csv")} - set(expected)
    assert not stale, f"seeds no longer generated: {sorted(stale)}"


def test_write_seeds_writes_every_file(tmp_path: Path) -> None:
    written = write_seeds(tmp_path / "seeds")
    assert {p.name for p in written} == set(render_seeds())
    for path in written:
        assert path.read_text(encoding="utf-8") == render_seeds()[path.name]


def test_sql_click_id_columns_follow_the_registry_order() -> None:
    # The macro names the 12 output columns; their order must be the registry's precedence.
    macro = (DBT_PROJECT_DIR / "macros" / "classification" / "classification_helpers.sql").read_text(encoding="utf-8")
    listed = re.search(r"classification_click_id_parameters\(\) %\}\s*\{\{ return\(\[(.*?)\]\)", macro, re.S)
    assert listed is not None
    assert tuple(re.findall(r"'([a-z_]+)'", listed.group(1))) == CLICK_ID_PARAMETERS


def test_every_spec_platform_is_registered_with_its_hosts() -> None:
    rows = render_seeds()["classification_host_entries.csv"].splitlines()
    patterns = {tuple(r.split(",")[1:4]) for r in rows[1:]}
    for pattern, path, source in [
        ("google.{}", "", "google"),
        ("x.com", "/i/grok", "grok"),
        ("android-app://com.google.android.gm", "", "gmail"),
        ("syndicatedsearch.goog", "", "google"),
        ("deref-gmx.net", "", "gmx"),
    ]:
        assert (pattern, path, source) in patterns


def test_module_entry_rewrites_seeds_into_a_folder(tmp_path: Path, capsys) -> None:
    from touchline.classification.seeds import main

    assert main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(render_seeds())
