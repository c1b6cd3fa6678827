"""The alerts sensor posts each new warning and failed daily build once, to a local webhook.

Real Dagster runs in an ephemeral instance: an asset whose check warns (and one whose check
passes), a failed run of a job named like the daily job and a failed run of another job. A
local HTTP server on 127.0.0.1 stands in for Slack.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    DagsterInstance,
    asset,
    asset_check,
    build_sensor_context,
    job,
    materialize,
    op,
)

from orchestration.alerts import check_warning_text, post_to_webhook, run_failure_text
from orchestration.jobs import daily_warehouse_build
from orchestration.sensors import partition_label, warehouse_alerts


@asset
def traffic() -> int:
    return 1


@asset_check(asset=traffic)
def suspect_traffic_with_spend() -> AssetCheckResult:
    return AssetCheckResult(
        passed=False, severity=AssetCheckSeverity.WARN, description="2 suspect rows with spend"
    )


@asset_check(asset=traffic)
def sessions_are_unique() -> AssetCheckResult:
    return AssetCheckResult(passed=True)


@op
def explode() -> None:
    raise RuntimeError("the landing folder is gone")


@job(name=daily_warehouse_build.name)
def failing_daily_build() -> None:
    explode()


@job(name="some_other_job")
def failing_other_job() -> None:
    explode()


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    """A local HTTP server that records the JSON bodies posted to it; yields (url, bodies)."""
    bodies: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            if self.path == "/broken":
                self.send_response(500)
                self.end_headers()
                return
            bodies.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", bodies
    server.shutdown()
    server.server_close()


def _tick(instance: DagsterInstance, cursor: str | None):
    return warehouse_alerts(build_sensor_context(instance=instance, cursor=cursor))


def _finish_runs(instance: DagsterInstance) -> None:
    materialize([traffic, suspect_traffic_with_spend, sessions_are_unique], instance=instance)
    for failing in (failing_daily_build, failing_other_job):
        result = failing.execute_in_process(
            instance=instance, raise_on_error=False, tags={"dagster/partition": "2026-09-10"}
        )
        assert not result.success


def test_each_warning_and_daily_failure_is_posted_once(webhook, monkeypatch):
    url, bodies = webhook
    monkeypatch.setenv("CW_ALERT_WEBHOOK_URL", url)
    with DagsterInstance.ephemeral() as instance:
        # a run before the sensor's first tick is history: not posted
        failing_daily_build.execute_in_process(instance=instance, raise_on_error=False)
        first = _tick(instance, None)
        _finish_runs(instance)
        second = _tick(instance, first.cursor)
        third = _tick(instance, second.cursor)
    # the failed runs are read first, then the successful ones (the warning's run)
    failure, warning = [body["text"] for body in bodies]
    assert failure.startswith(":red_circle: Conversion Warehouse: run ")
    assert "of daily_warehouse_build for 2026-09-10 failed: Execution of run" in failure
    assert warning.startswith(":warning: Conversion Warehouse: check `suspect_traffic_with_spend`")
    assert "on `traffic` warned (job __ephemeral_asset_job__, run " in warning
    assert warning.endswith("): 2 suspect rows with spend")
    assert "posted 2 alert(s)" in second.skip_reason.skip_message
    assert third.skip_reason.skip_message == "posted 0 alert(s)"
    assert third.cursor == second.cursor


def test_nothing_is_sent_without_a_webhook_url(webhook, monkeypatch):
    _, bodies = webhook
    monkeypatch.delenv("CW_ALERT_WEBHOOK_URL", raising=False)
    with DagsterInstance.ephemeral() as instance:
        first = _tick(instance, None)
        _finish_runs(instance)
        second = _tick(instance, first.cursor)
    assert bodies == []
    assert "unset" in second.skip_reason.skip_message
    assert second.cursor != first.cursor


def test_a_failing_webhook_keeps_the_run_for_the_next_tick(webhook, monkeypatch):
    url, bodies = webhook
    monkeypatch.setenv("CW_ALERT_WEBHOOK_URL", url.replace("/hook", "/broken"))
    with DagsterInstance.ephemeral() as instance:
        first = _tick(instance, None)
        _finish_runs(instance)
        broken = _tick(instance, first.cursor)
        assert "the webhook failed" in broken.skip_reason.skip_message
        monkeypatch.setenv("CW_ALERT_WEBHOOK_URL", url)
        retried = _tick(instance, broken.cursor)
    assert len(bodies) == 2
    assert "posted 2 alert(s)" in retried.skip_reason.skip_message


def test_alert_texts_and_post(webhook):
    url, bodies = webhook
    text = check_warning_text("assert_x", "rpt_y", "daily_warehouse_build", "abcdef123456", None)
    assert text == (
        ":warning: Conversion Warehouse: check `assert_x` on `rpt_y` warned "
        "(job daily_warehouse_build, run abcdef12)"
    )
    failure = run_failure_text("daily_warehouse_build", "abcdef123456", None, "boom")
    assert failure == (
        ":red_circle: Conversion Warehouse: run abcdef12 of daily_warehouse_build failed: boom"
    )
    post_to_webhook(url, text)
    assert bodies == [{"text": text}]


def test_partition_label():
    assert partition_label({"dagster/partition": "2026-09-10"}) == "2026-09-10"
    assert (
        partition_label(
            {
                "dagster/asset_partition_range_start": "2026-09-01",
                "dagster/asset_partition_range_end": "2026-09-10",
            }
        )
        == "2026-09-01 .. 2026-09-10"
    )
    assert partition_label({}) is None
