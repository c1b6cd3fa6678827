"""A read-only copy of the warehouse for BI tools.

DuckDB lets one process write a database file, and a reader holding the file open blocks the
next build. BI tools therefore read a snapshot: after every successful build the warehouse file is
copied beside it and swapped in atomically, so a reader sees either the previous or the new
snapshot, never a half-written one, and never blocks the build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def publish_snapshot(database_path: Path, snapshot_path: Path) -> Path:
    """Copy ``database_path`` to ``snapshot_path`` atomically (copy, then rename into place)."""
    if not database_path.exists():
        raise FileNotFoundError(f"no warehouse to publish at {database_path}")
    # Fold any write-ahead log into the file so that the copy is complete on its own.
    with duckdb.connect(str(database_path)) as connection:
        connection.execute("checkpoint")
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = snapshot_path.with_name(snapshot_path.name + ".tmp")
    shutil.copyfile(database_path, temporary)
    os.replace(temporary, snapshot_path)
    return snapshot_path
