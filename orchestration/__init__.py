"""Dagster code for Touchline: `orchestration.definitions` is the one entry point."""
