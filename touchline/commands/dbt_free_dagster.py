"""dagster-dbt in the build process without dbt-core's import.

`touchline build` never runs dbt in its own process: dagster-dbt starts `touchline-dbt` and
reads its output. Yet `import dagster_dbt` imports dbt-core when it can (its version, adapter
base classes, result enums: ~1.2 s of a nightly's start on one core, before the loader can
begin; docs/benchmarks.md, issue 20 thirteenth round), and then selects the nodes of the
default `fqn:*` selection with dbt's own graph selector. Without dbt-core, dagster-dbt uses its
own code, written for dbt Fusion: its own status enums, and every node of the manifest for the
default selection. The assets, their dependencies, groups and checks are the same either way
(tests/test_orchestration.py compares them).

So the build imports dagster-dbt with `dbt.version` hidden, which is what dagster-dbt checks,
and unhides it at once: dbt stays importable for anything that asks later.
"""

from __future__ import annotations

import sys

_PROBE = "dbt.version"  # dagster_dbt.compat: `from dbt.version import __version__`


def import_dagster_dbt_without_dbt_core() -> None:
    """Import dagster_dbt as it runs when dbt-core is not installed; no effect in a process
    that already imported either (a test, `dagster dev` after a dbt import)."""
    if "dagster_dbt" in sys.modules or _PROBE in sys.modules:
        return
    sys.modules[_PROBE] = None  # type: ignore[assignment]  # makes the import raise ImportError
    try:
        import dagster_dbt  # noqa: F401
    finally:
        if sys.modules.get(_PROBE, ...) is None:
            del sys.modules[_PROBE]
