"""Run a command as a child process and measure it: wall-clock seconds and peak resident memory.

Shared by the benchmarks (``make bench``, ``make bench-incremental``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.dbt_resources import dbt_executable
from orchestration.settings import PROJECT_DIR


@dataclass(frozen=True)
class Measured:
    """What one child process took: wall-clock and CPU seconds, peak RSS (bytes), its output.

    ``rss_samples`` holds (Unix time, resident bytes) pairs read while it ran, when asked for.
    """

    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    stdout: str
    stderr: str
    rss_samples: tuple[tuple[float, int], ...] = ()


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process ``pid`` now (``VmRSS``), or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None


class _RssSampler(threading.Thread):
    """Reads a process's resident memory every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            rss = resident_bytes(self.pid)
            if rss is None:
                return
            self.samples.append((time.time(), rss))
            self.stopped.wait(self.interval)


def run_measured(
    args: list[str],
    env: dict[str, str],
    cwd: Path = PROJECT_DIR,
    rss_interval: float | None = None,
) -> Measured:
    """Run ``args``; raise with its output if it fails.

    The peak resident memory is the child's own (``wait4``), the largest process of its tree
    that it waited for: dbt, DuckDB and pandas all run inside the one child here. With
    ``rss_interval`` its resident memory is also sampled that often (seconds), to tell when
    during the run it peaked.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        sampler = _RssSampler(process.pid, rss_interval) if rss_interval else None
        if sampler is not None:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if sampler is not None:
            sampler.stopped.set()
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    samples = tuple(sampler.samples) if sampler is not None else ()
    return Measured(seconds, cpu, usage.ru_maxrss * 1024, stdout, stderr, samples)


def dbt_env(
    database: Path, landing: Path, window: dict[str, str] | None = None, **extra: str
) -> dict[str, str]:
    """Environment of a dbt run against ``database`` reading ``landing``.

    ``window`` is the received-day window as the daily job passes it (environment variables).
    DuckDB spills beside ``database`` (``duckdb_tmp``): the profile's default, the project's
    warehouse/ folder, need not exist when the work folder is elsewhere.
    """
    return {
        **os.environ,
        "CW_DUCKDB_PATH": str(database),
        "CW_DUCKDB_TEMP_DIRECTORY": str(database.parent / "duckdb_tmp"),
        "CW_LANDING_PATH": str(landing),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        # Publication is measured apart (tools/benchmark/publication.py), not in dbt's run.
        "CW_PUBLISH_ON_RUN_END": "false",
        **(window or {}),
        **extra,
    }


def run_dbt(args: list[str], env: dict[str, str], rss_interval: float | None = None) -> Measured:
    """Run a dbt command in the project (quietly) and measure it (``run_measured``)."""
    return run_measured([dbt_executable(), *args, "--quiet"], env, rss_interval=rss_interval)


def default_end_date() -> date:
    """A fixed end date, so benchmark runs generate the same events whenever they run."""
    return date(2026, 6, 30)
