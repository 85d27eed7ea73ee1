"""Touchline: an open-source revenue-attribution warehouse (dbt + DuckDB + Dagster)."""

__version__ = "0.1.0"
