"""The alerts sensor: posts new WARN asset-check results and failed daily builds to a webhook.

Every tick reads the run-status events (success and failure) that the instance recorded since
the cursor. A failed run of the daily job is an alert; every asset check of a finished run that
did not pass with WARN severity is an alert (dagster-dbt turns a dbt test of severity warn into
one). Each alert is logged and, when CW_ALERT_WEBHOOK_URL is set, posted as Slack-compatible JSON.
The cursor (one per event type) moves past each run once its alerts are out, so an alert is
posted once; when the webhook fails the cursor stays before that run and the next tick retries
it. The first tick starts from the latest run: history is not posted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from dagster import (
    AssetCheckSeverity,
    DagsterEventType,
    DagsterInstance,
    DefaultSensorStatus,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from orchestration.alerts import check_warning_text, post_to_webhook, run_failure_text
from orchestration.jobs import daily_warehouse_build
from orchestration.settings import load_settings

# event types whose runs are read, by their key in the cursor
RUN_END_EVENTS = {"failure": DagsterEventType.RUN_FAILURE, "success": DagsterEventType.RUN_SUCCESS}
MAX_RUNS_PER_TICK = 100


def latest_cursor(instance: DagsterInstance) -> dict[str, str]:
    """A cursor at the latest run-end event of each type (where the first tick starts)."""
    return {
        key: instance.fetch_run_status_changes(event_type, limit=1, ascending=False).cursor
        for key, event_type in RUN_END_EVENTS.items()
    }


def partition_label(tags: Mapping[str, str]) -> str | None:
    """The partition (``2026-09-10``) or range (``2026-09-01 .. 2026-09-10``) a run's tags name."""
    if "dagster/partition" in tags:
        return tags["dagster/partition"]
    start = tags.get("dagster/asset_partition_range_start")
    end = tags.get("dagster/asset_partition_range_end")
    return f"{start} .. {end}" if start and end else None


def run_alerts(instance: DagsterInstance, run_id: str, failed: bool) -> list[str]:
    """The alert texts of one finished run: its warned asset checks, then its failure.

    The failure is an alert only for a run of the daily job.
    """
    run = instance.get_run_by_id(run_id)
    job_name = run.job_name if run else "(unknown job)"
    texts = []
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.event_specific_data
        if evaluation.passed or evaluation.severity != AssetCheckSeverity.WARN:
            continue
        texts.append(
            check_warning_text(
                evaluation.asset_check_key.name,
                evaluation.asset_key.to_user_string(),
                job_name,
                run_id,
                evaluation.description,
            )
        )
    if failed and job_name == daily_warehouse_build.name:
        partition = partition_label(run.tags if run else {})
        failure = instance.all_logs(run_id, of_type=DagsterEventType.RUN_FAILURE)
        message = failure[-1].dagster_event.message if failure else "failed"
        texts.append(run_failure_text(job_name, run_id, partition, message or "failed"))
    return texts


@sensor(
    name="warehouse_alerts",
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Logs new WARN asset-check results and failed runs of daily_warehouse_build, and posts "
        "them to CW_ALERT_WEBHOOK_URL (Slack-compatible JSON) when it is set."
    ),
)
def warehouse_alerts(context: SensorEvaluationContext) -> SensorResult:
    """Post the alerts of the runs that ended since the cursor (see the module docstring)."""
    if context.cursor is None:
        return SensorResult(
            skip_reason=SkipReason("first tick: alerts start from the latest run"),
            cursor=json.dumps(latest_cursor(context.instance)),
        )
    cursor = json.loads(context.cursor)
    url = load_settings().alert_webhook_url
    posted, error = 0, None
    for key, event_type in RUN_END_EVENTS.items():
        for _ in range(MAX_RUNS_PER_TICK):
            page = context.instance.fetch_run_status_changes(
                event_type, limit=1, cursor=cursor.get(key), ascending=True
            )
            if not page.records:
                break
            try:
                for text in run_alerts(context.instance, page.records[0].run_id, key == "failure"):
                    context.log.warning(text)
                    if url:
                        post_to_webhook(url, text)
                        posted += 1
            except (OSError, ValueError) as exception:  # unreachable, non-2xx reply, bad URL
                error = f"the webhook failed ({exception}); this run is retried next tick"
                context.log.error(error)
                break
            cursor[key] = page.cursor
        if error:
            break
    reason = error or (
        f"posted {posted} alert(s)" if url else "CW_ALERT_WEBHOOK_URL is unset: alerts only logged"
    )
    return SensorResult(skip_reason=SkipReason(reason), cursor=json.dumps(cursor))
