"""The Dagster instance folder (DAGSTER_HOME) with the project's instance settings."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from orchestration.settings import PROJECT_DIR

INSTANCE_TEMPLATE = Path(__file__).with_name("dagster.yaml")


def prepare_dagster_home() -> Path:
    """Create DAGSTER_HOME (default ``.dagster_home`` in the project) with our dagster.yaml."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster.yaml")
    return home
