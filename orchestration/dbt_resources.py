"""The dbt project and CLI resource, and how dbt nodes appear as Dagster assets."""

from __future__ import annotations

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


def ensure_manifest(project: DbtProject = dbt_project) -> None:
    """Parse the dbt project when no manifest exists yet (a fresh clone), or under dagster dev."""
    if project.manifest_path.exists():
        project.prepare_if_dev()
    else:
        project.preparer.prepare(project)


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
    # The dbt of this interpreter's environment, whether or not its bin folder is on PATH.
    executable = Path(sys.executable).with_name("dbt")
    return DbtCliResource(
        project_dir=dbt_project,
        dbt_executable=str(executable) if executable.exists() else "dbt",
    )
