"""Run the daily Dagster job in process over a range of received days, recorded in DAGSTER_HOME."""

from __future__ import annotations

import contextlib
import sys
import time
import uuid
from datetime import date
from pathlib import Path

from tools.demo.progress import RunProgress, elapsed

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# The tag the Dagster UI lists a job's runs by (the code location of `make ui`: the module
# orchestration.definitions); a run launched from the UI gets it from its origin.
REPOSITORY_LABEL_TAG = ".dagster/repository"
REPOSITORY_LABEL = "__repository__@orchestration.definitions"


def run_daily_job(start: date, end: date, log_path: Path | None = None) -> bool:
    """Run ``daily_warehouse_build`` for the received days ``start``..``end`` (one run).

    A line per phase goes to stdout; dbt's and Dagster's log go to ``log_path`` when it is given
    (else to stdout, as ``make run -v`` wants).
    """
    out = sys.stdout
    since = time.monotonic()
    print("  .. parsing the dbt project", file=out, flush=True)
    from dagster import DagsterInstance

    from orchestration.dbt_resources import ensure_manifest

    ensure_manifest(force=True)  # the project may have changed since the last parse
    print(f"  ok parsing the dbt project ({elapsed(since)})", file=out, flush=True)
    since = time.monotonic()
    print("  .. loading the Dagster definitions", file=out, flush=True)
    from orchestration.definitions import defs
    from orchestration.instance import prepare_dagster_home

    prepare_dagster_home()
    job = defs.get_job_def("daily_warehouse_build")
    print(f"  ok loading the Dagster definitions ({elapsed(since)})", file=out, flush=True)
    run_id = str(uuid.uuid4())
    tags = {
        RANGE_START_TAG: start.isoformat(),
        RANGE_END_TAG: end.isoformat(),
        REPOSITORY_LABEL_TAG: REPOSITORY_LABEL,
    }
    with contextlib.ExitStack() as stack:
        if log_path:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            log = stack.enter_context(log_path.open("w"))
            stack.enter_context(contextlib.redirect_stdout(log))
            stack.enter_context(contextlib.redirect_stderr(log))
        instance = stack.enter_context(DagsterInstance.get())
        stack.enter_context(RunProgress(instance, run_id, out))
        result = job.execute_in_process(
            # Dagster's own console log at warning level: the summary is what a reader wants.
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            instance=instance,
            run_id=run_id,
            tags=tags,
            raise_on_error=False,
        )
    return result.success
