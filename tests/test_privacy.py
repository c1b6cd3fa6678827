"""Var hash_user_id: user_id becomes the HMAC-SHA256 of the id keyed with CW_USER_ID_SALT.

The build works, the column keeps its name, the value is the textbook HMAC (Python's hmac), and
the salt, full of quotes, a backslash and a semicolon, breaks no SQL and is found nowhere dbt or
DuckDB writes: target/, logs/, the database files, the catalog's SQL text. An empty salt fails
the build naming the variable.
"""

import hashlib
import hmac

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from duckdb_plugins.cw_functions import register_functions
from tests.conftest import copy_project, run_dbt

# The marker is searched for alone too: a leaked salt may be written escaped (JSON, SQL).
MARKER = "cw-test-salt-7f3a"
SALT = MARKER + "s3cr'et\"; drop table x; --\\"
USER_IDS = {"e1": "usr_42", "e2": "usr_42", "e3": "usr_é", "e4": None}
HASH_VARS = ["--vars", "{hash_user_id: true}"]
# The landing views, the events view and the first table that reads user_id, with their tests
BUILD = ["build", "--select", "+int_devices_stitched", "--indirect-selection", "cautious"]


def _hmac(user_id: str) -> str:
    return hmac.new(SALT.encode(), user_id.encode(), hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def hashed_build(tmp_path_factory):
    """A project copy built with hash_user_id and SALT: (project, database, env, dbt result)."""
    project = copy_project(tmp_path_factory.mktemp("privacy"))
    folder = project / "landing" / "events" / "received_date=2026-10-02"
    folder.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "event_id": list(USER_IDS),
                "event_name": ["page_view"] * len(USER_IDS),
                "event_at": [f"2026-10-02T10:0{row}:00Z" for row in range(len(USER_IDS))],
                "received_at": [f"2026-10-02T10:0{row}:05Z" for row in range(len(USER_IDS))],
                "anonymous_id": ["d1", "d1", "d2", "d3"],
                "user_id": list(USER_IDS.values()),
            }
        ),
        folder / "part-0.parquet",
    )
    database = project / "warehouse" / "cw.duckdb"
    env = {"CW_DUCKDB_PATH": str(database), "CW_USER_ID_SALT": SALT}
    return project, database, env, run_dbt(project, [*BUILD, *HASH_VARS], env)


def test_hashed_user_id_builds_under_its_name(hashed_build, monkeypatch):
    _, database, _, result = hashed_build
    assert result.returncode == 0, result.stdout[-4000:]
    monkeypatch.setenv("CW_USER_ID_SALT", SALT)
    with duckdb.connect(str(database), read_only=True) as connection:
        # the view calls the project's function: registered here as the dbt plugin does
        register_functions(connection)
        events = dict(
            connection.execute("select event_id, user_id from stg_landing__events").fetchall()
        )
        people = dict(
            connection.execute(
                "select anonymous_id, person_id from int_devices_stitched"
            ).fetchall()
        )
    assert events == {
        event_id: user_id and _hmac(user_id) for event_id, user_id in USER_IDS.items()
    }
    assert people == {"d1": _hmac("usr_42"), "d2": _hmac("usr_é"), "d3": "d3"}


def test_the_salt_is_written_nowhere(hashed_build):
    project, database, _, result = hashed_build
    assert result.returncode == 0, result.stdout[-4000:]
    written = [
        path
        for folder in (project / "target", project / "logs", database.parent)
        for path in folder.rglob("*")
        if path.is_file()
    ]
    assert database in written and project / "logs" / "dbt.log" in written
    assert any(path.name == "manifest.json" for path in written)
    leaks = [
        str(path.relative_to(project))
        for path in written
        if any(text.encode() in path.read_bytes() for text in (SALT, MARKER, "s3cr'et"))
    ]
    assert leaks == []
    with duckdb.connect(str(database), read_only=True) as connection:
        catalog = connection.execute(
            "select string_agg(sql, ' ') from ("
            " select sql from duckdb_views() union all select sql from duckdb_tables()"
            " union all select view_definition from information_schema.views)"
        ).fetchone()[0]
    assert "cw_pseudonymize_user_id(user_id)" in catalog
    assert MARKER not in catalog and "s3cr'et" not in catalog


def test_an_empty_salt_fails_naming_the_variable(hashed_build):
    project, _, env, _ = hashed_build
    result = run_dbt(
        project,
        ["run", "--select", "int_devices_stitched", *HASH_VARS],
        {**env, "CW_USER_ID_SALT": ""},
    )
    assert result.returncode != 0
    assert "CW_USER_ID_SALT is empty or unset" in result.stdout
