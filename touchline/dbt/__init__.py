"""Driving dbt: the dbt command outside Dagster (cli), the user's dbt vars (vars) and their
checks (var_rules), the hash of the project's code that incremental tables are built with
(fingerprint), and `touchline-dbt`, dbt in a process that dies with its build (child)."""
