"""Where things live and which mode the code location runs in, read from the environment.

Every setting has a local default so that a fresh clone works without configuration; relative
paths are taken relative to the dbt project (the repository root), exactly as dbt resolves them
in ``profiles.yml`` (dbt runs with the project as its working directory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def _env_date(name: str, default: date) -> date:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from error


def _env_hour(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= 23:
        raise ValueError(f"{name} must be an hour of the day from 1 to 23 (UTC), got {value!r}")
    return int(value)


@dataclass(frozen=True)
class Settings:
    """The code location's settings (see the README's "Configuration" table)."""

    landing_path: Path
    duckdb_path: Path
    dbt_target: str
    partitions_start_date: date
    demo_mode: bool
    demo_start_date: date
    demo_end_date: date
    demo_seed: int
    demo_visitors_per_day: int
    alert_webhook_url: str | None
    marts_fresh_by_hour: int
    daily_schedule_running: bool


def load_settings(today: date | None = None) -> Settings:
    """Read the settings from the environment, applying the local defaults."""
    today = today or date.today()
    demo_end = _env_date("CW_DEMO_END_DATE", today - timedelta(days=1))
    demo_start = _env_date("CW_DEMO_START_DATE", demo_end - timedelta(days=29))
    if demo_start > demo_end:
        raise ValueError(f"CW_DEMO_START_DATE {demo_start} is after CW_DEMO_END_DATE {demo_end}")
    duckdb_path = _project_path(
        os.environ.get("CW_DUCKDB_PATH", "warehouse/conversion_warehouse.duckdb")
    )
    return Settings(
        landing_path=_project_path(os.environ.get("CW_LANDING_PATH", "landing")),
        duckdb_path=duckdb_path,
        dbt_target=os.environ.get("CW_DBT_TARGET", "duckdb"),
        partitions_start_date=_env_date("CW_PARTITIONS_START_DATE", date(2026, 1, 1)),
        demo_mode=_env_flag("CW_DEMO_MODE", True),
        demo_start_date=demo_start,
        demo_end_date=demo_end,
        demo_seed=int(os.environ.get("CW_DEMO_SEED", "42")),
        demo_visitors_per_day=int(os.environ.get("CW_DEMO_VISITORS_PER_DAY", "3000")),
        alert_webhook_url=os.environ.get("CW_ALERT_WEBHOOK_URL", "").strip() or None,
        marts_fresh_by_hour=_env_hour("CW_MARTS_FRESH_BY_HOUR", 6),
        daily_schedule_running=_env_flag("CW_DAILY_SCHEDULE", True),
    )
