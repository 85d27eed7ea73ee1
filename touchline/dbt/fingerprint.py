"""A hash of the dbt project's code, which incremental tables are built with.

An incremental table keeps rows computed by earlier builds; if the models, macros or seeds
changed since, those rows may no longer be what the code computes. dbt sees the hash (and
hashes the settings itself, macros/incremental/incremental_batch.sql): when it differs from
the one a table was built with, every incremental table is rebuilt whole.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from touchline.settings import DBT_PROJECT_DIR, SEEDS_DIR

FINGERPRINT_ENV = "TOUCHLINE_PROJECT_FINGERPRINT"


@lru_cache(maxsize=1)
def project_fingerprint() -> str:
    digest = hashlib.sha256()
    roots = [DBT_PROJECT_DIR / "models", DBT_PROJECT_DIR / "macros", SEEDS_DIR]
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for root in roots:
        files += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(DBT_PROJECT_DIR.parent).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def export_project_fingerprint() -> None:
    """Put the hash where dbt (a subprocess) reads it; parse and build must agree on it."""
    os.environ[FINGERPRINT_ENV] = project_fingerprint()
