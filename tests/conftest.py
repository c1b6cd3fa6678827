import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT = str(Path(sys.executable).with_name("dbt"))
PROJECT_FILES = [
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "data_tests",
    "duckdb_plugins",
    "serving",
]


def run_dbt(
    project_dir: Path, args: list[str], env: dict[str, str], timeout: float | None = None
) -> subprocess.CompletedProcess:
    """Run the real dbt CLI of this environment in ``project_dir`` (at most ``timeout`` seconds).

    The marts are not published (tests/test_serving.py turns publication on for itself), and a
    DuckDB `dbt build` leaves the unit tests out (``_without_unit_tests``).
    """
    args = _without_unit_tests(args, env)
    return subprocess.run(
        [DBT, *args, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir)],
        cwd=project_dir,
        env={**os.environ, "CW_PUBLISH_ON_RUN_END": "false", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _without_unit_tests(args: list[str], env: dict[str, str]) -> list[str]:
    """``args`` of a DuckDB `dbt build` with the unit tests excluded, unless they name them.

    The unit tests read hand-written rows, not the test's data: they run whole, under every
    business var, in tests/test_unit_tests_pin_vars.py, in the Dagster job of
    tests/test_warehouse_e2e.py and `make run`, and on Spark (tests/test_spark.py). Run again in
    every other test's build they cost 10 to 20 seconds each and prove nothing new.
    """
    if (
        not args
        or args[0] != "build"
        or env.get("CW_DBT_TARGET", "duckdb") != "duckdb"
        or any("unit" in arg for arg in args)
    ):
        return args
    if "--exclude" in args:
        after = args.index("--exclude") + 1
        return [*args[:after], "test_type:unit", *args[after:]]
    return [*args, "--exclude", "test_type:unit"]


def copy_project(tmp_path: Path) -> Path:
    """Copy the dbt project (without build artefacts) under ``tmp_path``; return the copy."""
    target = tmp_path / "project"
    target.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    (target / "landing" / "events").mkdir(parents=True)
    (target / "warehouse").mkdir()
    return target


def pytest_configure(config: pytest.Config) -> None:
    """Parse the dbt project once, in the main process, before pytest-xdist starts its workers.

    Importing the Dagster definitions parses the project when it has no manifest yet (a fresh
    clone); two workers collecting at once would both run `dbt parse` into the same target
    directory, and one of them failed to collect `tests/test_definitions.py`.
    """
    if not hasattr(config, "workerinput"):  # not in a pytest-xdist worker
        from orchestration.dbt_resources import ensure_manifest

        ensure_manifest()


# The tests that run Dagster or dbt in the project folder itself (its target/ and warehouse/):
# one pytest-xdist group, so they run one after another in one worker.
IN_PLACE_MODULES = {
    "test_alerts",
    "test_asset_metadata",
    "test_dagster_ui",
    "test_definitions",
    "test_orchestration_helpers",
    "test_warehouse_e2e",
}
# The groups in the order the two workers take them, longest first (seconds of a CI run, two
# workers on two cores); a group not listed comes after them, in file order. The small
# test_sample_events comes third: a worker queues one more group as it starts the Spark test,
# and that one waits for Spark.
GROUP_ORDER = [
    "test_spark",  # ~800 s
    "test_incremental",  # ~700 s
    "test_sample_events",  # ~10 s, queued behind Spark
    "in_place",  # ~480 s
    "test_collectors",  # ~300 s
    "test_semantic_layer",  # ~200 s
    "test_bad_input",  # ~150 s
    "test_goal_configuration",  # ~110 s
    "test_benchmark",  # ~100 s
    "test_incremental_sign_in",  # ~90 s
    "test_serving",  # ~80 s
    "test_unit_tests_pin_vars",  # ~70 s
]


def _group(item: pytest.Item) -> str:
    module = item.path.stem
    if module in IN_PLACE_MODULES:
        return "in_place"
    if item.name.startswith("test_sign_in_and_late_events"):
        return "test_incremental_sign_in"  # its own project copy: apart from the module's
    return module


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests for the two pytest-xdist workers, longest group first.

    `make test` runs two workers with `--dist loadgroup --no-loadscope-reorder`
    (pyproject.toml): a group runs whole on one worker (a module's fixtures are built once),
    and a worker takes the next group when it is nearly done with its own, in the order of
    GROUP_ORDER. The Spark test (nearly all of it dbt-spark and JVM time) starts at once on one
    worker while the other takes the incremental tests, then both share the rest. A third
    worker was slower: the two cores are busy.
    """
    rank = {group: number for number, group in enumerate(GROUP_ORDER)}
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))
    items.sort(key=lambda item: rank.get(_group(item), len(rank)))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the dbt project (without build artefacts) that a test may edit."""
    return copy_project(tmp_path)
