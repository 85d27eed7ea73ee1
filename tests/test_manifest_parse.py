"""The parsed manifest is replaced whole: a process reading manifest.json while another parses
(pytest-xdist workers, `dagster dev` beside a build with another warehouse) reads either the old
file or the new one, never half of one (orchestration/project.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dagster_dbt import DbtProject

from orchestration import project as project_module
from touchline.settings import DBT_PROJECT_DIR, PROFILES_DIR


def test_a_reader_sees_the_old_manifest_whole_until_the_new_one_replaces_it(tmp_path: Path, monkeypatch):
    target = tmp_path / "target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"parse": "old"}))
    (target / "partial_parse.msgpack").write_bytes(b"cache")
    seen_during_parse: list[str] = []

    def fake_parse(_project: DbtProject, target_path: Path | None = None) -> None:
        assert target_path is not None
        # dbt reads its partial-parse cache from the folder it parses into
        assert (Path(target_path) / "partial_parse.msgpack").read_bytes() == b"cache"
        written = Path(target_path) / "manifest.json"
        written.write_text('{"parse": "ne')  # dbt stops half-way through its write here
        seen_during_parse.append((target / "manifest.json").read_text())
        written.write_text(json.dumps({"parse": "new"}))
        (Path(target_path) / "partial_parse.msgpack").write_bytes(b"new cache")

    monkeypatch.setattr(project_module, "parse_project", fake_parse)
    dbt = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR, target_path=target)
    project_module._parse_beside(dbt, target)

    assert [json.loads(text) for text in seen_during_parse] == [{"parse": "old"}]
    assert json.loads((target / "manifest.json").read_text()) == {"parse": "new"}
    assert (target / "partial_parse.msgpack").read_bytes() == b"new cache"
    assert sorted(path.name for path in target.iterdir()) == ["manifest.json", "partial_parse.msgpack"]


def test_a_failed_parse_leaves_the_old_manifest_and_no_scratch_folder(tmp_path: Path, monkeypatch):
    target = tmp_path / "target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"parse": "old"}))

    def failing_parse(_project: DbtProject, target_path: Path | None = None) -> None:
        (Path(target_path or ".") / "manifest.json").write_text("{")
        raise RuntimeError("dbt parse failed")

    monkeypatch.setattr(project_module, "parse_project", failing_parse)
    dbt = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR, target_path=target)
    with pytest.raises(RuntimeError, match="dbt parse failed"):
        project_module._parse_beside(dbt, target)
    assert json.loads((target / "manifest.json").read_text()) == {"parse": "old"}
    assert [path.name for path in target.iterdir()] == ["manifest.json"]
