"""`touchline ui`: paths checked before anything starts."""

from __future__ import annotations

from pathlib import Path

from touchline.cli import main


def test_a_missing_landing_folder_stops_it_before_anything_starts(tmp_path: Path, capsys) -> None:
    code = main(["ui", "--landing", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w" / "touchline.duckdb")])
    assert code == 2
    assert "--landing" in capsys.readouterr().err
    assert not (tmp_path / "w").exists()
