"""The dbt project and CLI resource, and how dbt nodes appear as Dagster assets."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject

from orchestration.settings import PROJECT_DIR, load_settings

dbt_project = DbtProject(
    project_dir=PROJECT_DIR,
    profiles_dir=PROJECT_DIR,
    target=load_settings().dbt_target,
)


def dbt_executable() -> str:
    """The dbt of this interpreter's environment, whether or not it is on PATH.

    sys.prefix is the virtual environment even when a subprocess runs the resolved base
    interpreter.
    """
    executable = Path(sys.prefix) / "bin" / "dbt"
    return str(executable) if executable.exists() else "dbt"


def ensure_manifest(project: DbtProject = dbt_project, force: bool = False) -> None:
    """Parse the dbt project: when asked, when there is no manifest yet, or under dagster dev.

    A fresh clone has no manifest; dagster dev reloads the code location after edits.
    """
    if not force and project.manifest_path.exists() and not os.environ.get("DAGSTER_IS_DEV_CLI"):
        return
    resource = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
    resource.cli(["parse", "--quiet"], target_path=project.target_path).wait()


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer (seeds, staging, intermediate, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The layer folder of a model, ``seeds`` for seeds, ``landing`` for sources."""
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "seed":
            return "seeds"
        if resource_type == "source":
            return "landing"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "warehouse"


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource pointed at this project."""
    return DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
