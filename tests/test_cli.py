"""The command line's first-hour details: --version, defaults in --help, classify's input,
and a new warehouse folder that is announced."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchline import __version__, settings
from touchline.cli import build_parser, main


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"touchline {__version__}"


@pytest.mark.parametrize("command", ["generate", "demo", "docs", "ui", "report"])
def test_every_option_with_a_default_shows_it_in_help(command: str) -> None:
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    for action in sub._actions:
        if action.default not in (None, False, [], "==SUPPRESS==") and action.help and action.dest != "help":
            text = action.help % {"default": action.default} if "%(default)" in action.help else action.help
            assert "default" in text, f"{command} {action.option_strings}: {text}"


@pytest.mark.parametrize("url", ["not a url", "shop.example.com/?utm_source=x", "ftp://shop.example.com/", "https://"])
def test_classify_rejects_what_is_not_a_url(url: str, capsys) -> None:
    assert main(["classify", url]) == 2
    assert "full URL" in capsys.readouterr().err


def test_classify_answers_for_a_url(capsys) -> None:
    assert main(["classify", "https://shop.example.com/?utm_source=google&utm_medium=cpc"]) == 0
    assert "google" in capsys.readouterr().out


def test_a_new_warehouse_folder_is_created_with_a_message(tmp_path: Path) -> None:
    lines: list[str] = []
    settings.ensure_warehouse_folder(tmp_path / "typo" / "touchline.duckdb", lines.append)
    assert (tmp_path / "typo").is_dir()
    assert len(lines) == 1 and str(tmp_path / "typo") in lines[0]
    settings.ensure_warehouse_folder(tmp_path / "typo" / "touchline.duckdb", lines.append)
    assert len(lines) == 1  # an existing folder says nothing
