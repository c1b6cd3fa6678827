"""The dbt project and CLI resource, and how dbt nodes appear as Dagster assets."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from dagster import AssetKey, AssetSpec, FreshnessPolicy
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject

from orchestration.settings import PROJECT_DIR, Settings, load_settings

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

    A fresh clone has no manifest; dagster dev reloads the code location after edits. dbt's
    partial parsing does not notice an edited selectors.yml (the dbt steps' selections): when it
    is newer than the manifest, the project is parsed whole.
    """
    manifest = project.manifest_path
    selectors = Path(project.project_dir) / "selectors.yml"
    stale = (
        manifest.exists()
        and selectors.exists()
        and selectors.stat().st_mtime > manifest.stat().st_mtime
    )
    if not (force or stale) and manifest.exists() and not os.environ.get("DAGSTER_IS_DEV_CLI"):
        return
    resource = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
    args = ["parse", "--quiet", *(["--no-partial-parse"] if stale else [])]
    resource.cli(args, target_path=project.target_path).wait()


def dagster_owner(owner: str) -> str:
    """A dbt ``meta: owner`` as a Dagster owner: an email as it is, else a team (``team:x``)."""
    return owner if "@" in owner or owner.startswith("team:") else f"team:{owner}"


def marts_freshness_policy(settings: Settings) -> FreshnessPolicy:
    """Marts are expected materialized between midnight and CW_MARTS_FRESH_BY_HOUR (UTC) daily.

    The daily schedule builds yesterday's received day at 00:15 UTC: a mart not materialized
    since midnight by that hour is late (the asset's freshness turns to failing in the UI).
    """
    hour = settings.marts_fresh_by_hour
    return FreshnessPolicy.cron(
        deadline_cron=f"0 {hour} * * *", lower_bound_delta=timedelta(hours=hour), timezone="UTC"
    )


# The landed events' asset (the dbt source landing.events maps to it: meta.dagster.asset_key).
LANDING_ASSET_KEY = "landing_events"


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer; owners from dbt ``meta: owner``; marts' freshness policy."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetSpec:
        """dagster-dbt's spec (the dbt description shows on the asset page), with freshness."""
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest.get("nodes", {}).get(unique_id, {})
        if (node.get("config", {}).get("meta") or {}).get("reads_landed_files"):
            # Read from the landing folder by a hook, not through a dbt source: without this
            # dependency a run's unpartitioned step would read before its landing step wrote.
            spec = spec.merge_attributes(deps=[AssetKey(LANDING_ASSET_KEY)])
        if spec.group_name != "marts":
            return spec
        return spec.replace_attributes(freshness_policy=marts_freshness_policy(load_settings()))

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        """The owner of dbt ``meta: owner`` (``team:analytics-engineering`` for the marts)."""
        owner = (dbt_resource_props.get("config", {}).get("meta") or {}).get("owner") or (
            dbt_resource_props.get("meta") or {}
        ).get("owner")
        if owner:
            return [dagster_owner(owner)]
        return super().get_owners(dbt_resource_props)

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
