"""dbt runs by hand the way a dbt user expects (from dbt_project/, with the repository's
profiles.yml), and `touchline docs` keeps its own target folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from touchline.commands import docs as docs_command
from touchline.settings import DBT_PROJECT_DIR


def test_dbt_debug_from_dbt_project_finds_the_profile(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "TOUCHLINE_"))}
    env["TOUCHLINE_WAREHOUSE"] = str(tmp_path / "touchline.duckdb")
    env["DBT_LOG_PATH"] = str(tmp_path / "logs")
    dbt = Path(sys.executable).with_name("dbt")
    result = subprocess.run(
        [str(dbt), "debug", "--no-use-colors"],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert f"Using profiles.yml file at {DBT_PROJECT_DIR / 'profiles.yml'}" in result.stdout
    assert "All checks passed" in result.stdout, result.stdout[-2000:]


def test_docs_use_their_own_target_folder(tmp_path: Path, monkeypatch) -> None:
    seen: list[Path | None] = []
    monkeypatch.setattr(docs_command, "run_dbt", lambda _args, _warehouse, target_path=None: seen.append(target_path))
    index = docs_command.run_docs(tmp_path / "touchline.duckdb", serve=False, port=0, echo=lambda _line: None)
    assert seen == [DBT_PROJECT_DIR / "target_docs"]
    assert index == DBT_PROJECT_DIR / "target_docs" / "index.html"


def test_builds_keep_their_dbt_files_apart_from_dbt_by_hand() -> None:
    # As a user's `touchline build` / `touchline ui` starts: no test settings in the way.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "TOUCHLINE_"))}
    probe = (
        "from orchestration.project import dbt_project; p = dbt_project(); "
        "print(p.manifest_path); print(p.project_dir / p.target_path)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    manifest, build_target = (Path(line) for line in result.stdout.split())
    assert build_target.resolve() == DBT_PROJECT_DIR / "target_build"
    assert manifest.resolve() == DBT_PROJECT_DIR / "target_build" / "manifest.json"
    # dbt by hand (target/), the docs (target_docs/) and this test session (target_tests/)
    # each have their own folder.
    assert os.environ["TOUCHLINE_DBT_PROJECT_TARGET"] == str(DBT_PROJECT_DIR / "target_tests")
    assert (
        len(
            {
                DBT_PROJECT_DIR / "target",
                build_target.resolve(),
                docs_command.DOCS_TARGET_DIR,
                DBT_PROJECT_DIR / "target_tests",
            }
        )
        == 4
    )
