"""Touchline on Spark: the same dbt project through dbt-spark (docs/scaling.md)."""
