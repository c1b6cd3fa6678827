"""Where the served marts go: read from the environment, with local defaults.

| variable | default | meaning |
|---|---|---|
| ``CW_SERVING`` | ``local`` | ``local``: the project's own PostgreSQL server; ``off``: none |
| ``CW_SERVING_DSN`` | unset | publish to this PostgreSQL instead (a publisher's libpq DSN) |
| ``CW_PG_DATA`` | ``<warehouse>/postgres`` | the local server's data directory |
| ``CW_PG_PORT`` | ``54320`` | its port |
| ``CW_PG_LISTEN`` | ``127.0.0.1`` | its ``listen_addresses`` (loopback only by default) |
| ``CW_PG_DATABASE`` | ``conversion_warehouse`` | the database BI tools open |
| ``CW_PG_READER_PASSWORD`` | generated | the password of the read-only role ``cw_reader`` |
| ``CW_MARTS_DUCKDB_PATH`` | ``<warehouse>/conversion_warehouse_marts.duckdb`` | marts-only file |

``<warehouse>`` is the folder of ``CW_DUCKDB_PATH`` (default ``warehouse/``).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
READER_ROLE = "cw_reader"
PUBLISHER_ROLE = "cw_publisher"
MARTS_SCHEMA = "marts"
PUBLICATION_SCHEMA = "cw_publication"


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


@dataclass(frozen=True)
class ServingSettings:
    """Where and how the marts are served."""

    enabled: bool
    dsn: str | None
    data_dir: Path
    state_file: Path
    port: int
    listen: str
    database: str
    reader_password: str | None
    warehouse_path: Path
    marts_duckdb_path: Path


def load_serving_settings() -> ServingSettings:
    """The serving settings of this environment."""
    warehouse_path = _project_path(
        os.environ.get("CW_DUCKDB_PATH", "warehouse/conversion_warehouse.duckdb")
    )
    folder = warehouse_path.parent
    mode = os.environ.get("CW_SERVING", "local").strip().lower() or "local"
    if mode not in {"local", "off"}:
        raise ValueError(f"CW_SERVING must be local or off, got {mode!r}")
    return ServingSettings(
        enabled=mode == "local",
        dsn=os.environ.get("CW_SERVING_DSN", "").strip() or None,
        data_dir=_project_path(os.environ.get("CW_PG_DATA", str(folder / "postgres"))),
        state_file=folder / "serving.json",
        port=int(os.environ.get("CW_PG_PORT", "54320")),
        listen=os.environ.get("CW_PG_LISTEN", "127.0.0.1").strip() or "127.0.0.1",
        database=os.environ.get("CW_PG_DATABASE", "conversion_warehouse"),
        reader_password=os.environ.get("CW_PG_READER_PASSWORD", "").strip() or None,
        warehouse_path=warehouse_path,
        marts_duckdb_path=_project_path(
            os.environ.get(
                "CW_MARTS_DUCKDB_PATH", str(folder / "conversion_warehouse_marts.duckdb")
            )
        ),
    )


def free_loopback_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server of a test or a benchmark)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
