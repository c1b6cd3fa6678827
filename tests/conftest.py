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


def run_dbt(project_dir: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the real dbt CLI of this environment in ``project_dir``.

    The marts are not published (tests/test_serving.py turns publication on for itself).
    """
    return subprocess.run(
        [DBT, *args, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir)],
        cwd=project_dir,
        env={**os.environ, "CW_PUBLISH_ON_RUN_END": "false", **env},
        capture_output=True,
        text=True,
        check=False,
    )


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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the Spark test beside all the others, and the others one after another.

    `make test` runs two pytest-xdist workers with `--dist loadgroup` (pyproject.toml): the
    Spark test (six to nine minutes, nearly all of it dbt-spark and JVM time on its own copy of
    the project), the goal configuration tests, the bad-input matrix and the sign-in story of
    the incremental tests (their own copies, moved there to even the two workers out) are group
    "second"; every other
    test joins group "main", so they keep running in one process, in file order (some start
    dagster or parse the project in place). A third worker was slower: the two cores are busy.
    """
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group("main"))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the dbt project (without build artefacts) that a test may edit."""
    return copy_project(tmp_path)
