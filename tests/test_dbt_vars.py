"""TOUCHLINE_DBT_VARS is checked (names, types, ranges) before a build writes anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchline.cli import main
from touchline.dbt.var_rules import RULES, known_vars
from touchline.dbt.vars import dbt_vars_from_env
from touchline.settings import ConfigError


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{session_timeout_minutes: -5}", "session_timeout_minutes=-5: must be from 1 to 1440"),
        ("{session_timeout_minutes: '30'}", "must be a whole number"),
        ("{sesion_timeout_minutes: 45}", "did you mean session_timeout_minutes?"),
        ("{reporting_currency: usd}", "ISO-4217"),
        ("{reporting_timezone: Mars/Base}", "IANA time zone"),
        ("{ltv_windows: [7, 0]}", "ltv_windows"),
        ("{first_touch_window_days: true}", "first_touch_window_days"),
        ("{campaign_match_min_similarity: 1.5}", "campaign_match_min_similarity"),
        ("{as_of_date: 2026-13-01}", "month must be in 1..12"),
        ("{as_of_date: 'last tuesday'}", "as_of_date"),
        ("{internal_hosts: shop.example.com}", "list of non-empty strings"),
    ],
)
def test_a_bad_var_is_refused_naming_it(monkeypatch, value: str, message: str) -> None:
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", value)
    with pytest.raises(ConfigError, match="TOUCHLINE_DBT_VARS") as error:
        dbt_vars_from_env()
    assert message in str(error.value)


def test_good_vars_pass(monkeypatch) -> None:
    monkeypatch.setenv(
        "TOUCHLINE_DBT_VARS",
        "{reporting_currency: EUR, reporting_timezone: Europe/Berlin, "
        "session_timeout_minutes: 45, ltv_windows: [7, 30, 90, 365], internal_hosts: [shop.example.com], "
        "as_of_date: '2026-10-31', campaign_match_min_similarity: 0.9}",
    )
    assert dbt_vars_from_env()["session_timeout_minutes"] == 45


def test_every_rule_is_a_var_the_project_reads() -> None:
    assert set(RULES) <= known_vars()


def test_the_build_stops_before_writing_anything(monkeypatch, tmp_path: Path, capsys) -> None:
    (tmp_path / "landing" / "orders").mkdir(parents=True)
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{session_timeout_minutes: -5}")
    code = main(
        ["build", "--landing", str(tmp_path / "landing"), "--warehouse", str(tmp_path / "w" / "touchline.duckdb")]
    )
    assert code == 2
    assert "session_timeout_minutes" in capsys.readouterr().err
    assert not (tmp_path / "w").exists()
