"""`make run` then `make ui`: the run, the lineage and a mart's page as a new user sees them.

A tiny `make run` (two received days, 40 visitors a day, no PostgreSQL) is recorded in the test's
DAGSTER_HOME; dagster dev then serves it. The pages are rendered by headless Chromium (Debian's
`chromium`); their screenshots are kept under warehouse/artefacts/dagster_ui/. The marketing report
the run built is rendered too (screenshots under warehouse/artefacts/report/make_run/).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from serving.settings import free_loopback_port
from tests.chromium import ARTEFACTS as ALL_ARTEFACTS
from tests.chromium import check_report, render

PROJECT_DIR = Path(__file__).resolve().parent.parent
QUERY = "{ assetNodes { assetKey { path } groupName dependencyKeys { path } } }"
ARTEFACTS = ALL_ARTEFACTS / "dagster_ui"
RUNS_QUERY = """{ runsOrError(filter: {pipelineName: "daily_warehouse_build", tags: [
  {key: ".dagster/repository", value: "__repository__@orchestration.definitions"}]}) {
  ... on Runs { results { runId status } } } }"""
MART_QUERY = """{ assetNodeOrError(assetKey: {path: ["rpt_funnel_overview"]}) { ... on AssetNode {
  description isPartitioned owners { ... on TeamAssetOwner { team } }
  assetMaterializations(limit: 1) { metadataEntries { label
    ... on IntMetadataEntry { intValue } } } } } }"""


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _asset_nodes(port: int, deadline: float) -> list[dict]:
    while time.monotonic() < deadline:
        try:
            nodes = _graphql(port, QUERY)["data"]["assetNodes"]
            if nodes:
                return nodes
        except OSError:
            pass
        time.sleep(1)
    return []


def _make_run(tmp_path: Path, env: dict) -> str:
    """`make run` on two received days; its output (step lines and summary)."""
    run_env = {
        **env,
        "CW_DUCKDB_PATH": str(tmp_path / "warehouse" / "cw.duckdb"),
        "CW_LANDING_PATH": str(tmp_path / "landing"),
        "CW_SERVING": "off",
        "CW_MARTS_DUCKDB_PATH": str(tmp_path / "warehouse" / "marts.duckdb"),
    }
    args = ["--start-date", "2026-11-01", "--end-date", "2026-11-02", "--visitors-per-day", "40"]
    result = subprocess.run(
        [sys.executable, "-m", "tools.demo", *args],
        cwd=PROJECT_DIR,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_make_run_then_dagster_dev_shows_run_lineage_and_mart(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_DIR / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    port = free_loopback_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(PROJECT_DIR),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        # Not on PATH: the code location must find dbt in its own environment.
        "PATH": "/usr/bin:/bin",
        # no scheduled run of the project's own warehouse if 00:15 UTC falls in the test
        "CW_DAILY_SCHEDULE": "0",
    }
    output = _make_run(tmp_path, env)
    # a line per phase, no dbt log above the summary (it is in warehouse/make_run.log)
    for line in ["ok parsing the dbt project", "ok generating the sample events"]:
        assert line in output
    assert "ok dbt: attribution models and reports" in output
    assert "ok publishing the marts for BI tools" in output
    assert "OK created" not in output and "Running with dbt" not in output
    assert (tmp_path / "warehouse" / "make_run.log").read_text().count("OK created") > 20
    # the daily job rebuilt the marketing report from the published marts: every chart has data
    assert "ok building the marketing report" in output
    index = tmp_path / "warehouse" / "report" / "index.html"
    assert f"Marketing report: {index}" in output
    check_report(index, ALL_ARTEFACTS / "report" / "make_run", without_data=set())
    dagster = str(Path(sys.prefix) / "bin" / "dagster")
    process = subprocess.Popen(
        ["env", "--default-signal=INT", dagster, "dev", "-m", "orchestration.definitions"]
        + ["-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        nodes = _asset_nodes(port, time.monotonic() + 120)
        by_key = {node["assetKey"]["path"][-1]: node for node in nodes}
        assert "landing_events" in by_key
        staged = by_key["stg_landing__landed_rows"]
        assert [key["path"][-1] for key in staged["dependencyKeys"]] == ["landing_events"]
        assert by_key["fct_sessions"]["groupName"] == "marts"
        assert "int_sessions_classified" in {
            key["path"][-1] for key in by_key["fct_sessions"]["dependencyKeys"]
        }
        assert "fct_funnel_steps" in by_key
        assert by_key["goals"]["groupName"] == "seeds"
        # make run's run is listed under the job (the UI filters by the repository tag)
        runs = _graphql(port, RUNS_QUERY)["data"]["runsOrError"]["results"]
        assert [run["status"] for run in runs] == ["SUCCESS"]
        run_id = runs[0]["runId"]
        mart = _graphql(port, MART_QUERY)["data"]["assetNodeOrError"]
        assert mart["description"].startswith("One row per")
        assert not mart["isPartitioned"]
        assert mart["owners"] == [{"team": "analytics-engineering"}]
        [materialization] = mart["assetMaterializations"]
        entries = {
            entry["label"]: entry.get("intValue") for entry in materialization["metadataEntries"]
        }
        assert entries["dagster/row_count"] > 0
        base = f"http://127.0.0.1:{port}"
        lineage = render(f"{base}/asset-groups", ARTEFACTS / "lineage.png")
        for group in ["landing", "seeds", "staging", "intermediate", "marts", "serving"]:
            assert group in lineage
        mart_page = render(f"{base}/assets/rpt_funnel_overview", ARTEFACTS / "mart.png")
        assert "One row per" in mart_page
        assert "Row count" in mart_page
        # the owner from dbt meta, and the freshness policy met by the run just made
        assert "analytics-engineering" in mart_page
        assert "Freshness policy" in mart_page and "Passing" in mart_page
        checks = render(f"{base}/assets/rpt_funnel_overview?view=checks", ARTEFACTS / "checks.png")
        assert "unique_combination_of_columns_rpt_funnel_overview" in checks
        job = render(
            f"{base}/locations/orchestration.definitions/jobs/daily_warehouse_build/runs",
            ARTEFACTS / "job_runs.png",
        )
        assert run_id[:8] in job
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError("dagster dev did not stop on SIGINT") from None
    # Nothing of the process group survives it (the code server and daemon exit shortly after).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("dagster dev left children running 30 s after it stopped")
