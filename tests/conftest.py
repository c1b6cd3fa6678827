import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT = str(Path(sys.executable).with_name("dbt"))
PROJECT_FILES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "data_tests"]


def run_dbt(project_dir: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the real dbt CLI of this environment in ``project_dir``."""
    return subprocess.run(
        [DBT, *args, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir)],
        cwd=project_dir,
        env={**os.environ, **env},
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


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the dbt project (without build artefacts) that a test may edit."""
    return copy_project(tmp_path)
