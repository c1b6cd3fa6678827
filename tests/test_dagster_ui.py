"""`make ui`: dagster dev serves the code location and shows the lineage; it stops cleanly."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
QUERY = "{ assetNodes { assetKey { path } groupName dependencyKeys { path } } }"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def test_dagster_dev_shows_lineage_and_stops(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_DIR / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(PROJECT_DIR),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        # Not on PATH: the code location must find dbt in its own environment.
        "PATH": "/usr/bin:/bin",
    }
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
