"""The floor, the baseline and the reference, each run in a child process of its own.

The benchmark re-invokes itself (``python -m tools.benchmark --phase NAME``) so that each step's
peak resident memory is its own; the child prints its figures as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from orchestration.settings import PROJECT_DIR
from tools.benchmark.baseline import run_baseline
from tools.benchmark.floor import run_floor
from tools.benchmark.measure import Measured, run_measured
from tools.benchmark.reference import run_reference

# The reference's own DuckDB file, in the work directory (compared with the warehouse after).
REFERENCE_FILE = "reference.duckdb"
PHASES = ("floor", "baseline", "reference")


def run_phase(name: str, landing: Path, work_dir: Path, memory_limit: str) -> dict:
    """In the child: compute phase ``name`` on ``landing``; return its figures."""
    temp = work_dir / "duckdb_tmp"
    if name == "floor":
        return run_floor(landing, work_dir / "floor.duckdb", memory_limit, temp)
    if name == "reference":
        return run_reference(landing, work_dir / REFERENCE_FILE, memory_limit, temp)
    return run_baseline(landing)


def measure_phase(
    name: str, landing: Path, work_dir: Path, memory_limit: str
) -> tuple[dict, Measured]:
    """Run ``--phase name`` in a child process; return its figures and its measurement."""
    args = [sys.executable, "-m", "tools.benchmark", "--phase", name]
    args += ["--landing", str(landing), "--work-dir", str(work_dir)]
    args += ["--memory-limit", memory_limit]
    measured = run_measured(args, {**os.environ, "PYTHONPATH": str(PROJECT_DIR)})
    return json.loads(measured.stdout.strip().splitlines()[-1]), measured
