"""Serving (issue 26): a real PostgreSQL server, published to by the command-line dbt build.

One module-scoped server on a free port of 127.0.0.1 (started with the project's own command,
`python -m serving serve`, as the `postgres` user when the tests run as root) and one copy of the
project. The tests run in file order: a first build is published; a reader holding a pooled
connection and another holding an open transaction stay connected across a second build; a
failed build publishes nothing.
"""

import json
import math
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg
import pytest

from serving.publish import marts_from_manifest
from serving.settings import free_loopback_port
from tests.conftest import copy_project, run_dbt
from tools.sample_events import GeneratorConfig, generate_landing

CONFIG = GeneratorConfig(
    start_date=date(2026, 5, 1), end_date=date(2026, 5, 3), seed=11, visitors_per_day=40
)
READER_PASSWORD = "reader-secret-for-tests"


class Served:
    """The project copy, its environment, and connections to its PostgreSQL server."""

    def __init__(self, root: Path):
        self.project = copy_project(root)
        self.port = free_loopback_port()
        self.warehouse = self.project / "warehouse" / "cw.duckdb"
        self.env = {
            "CW_DUCKDB_PATH": str(self.warehouse),
            "CW_LANDING_PATH": str(self.project / "landing"),
            "CW_DUCKDB_TEMP_DIRECTORY": str(self.project / "warehouse" / "tmp"),
            "CW_PG_PORT": str(self.port),
            "CW_PG_READER_PASSWORD": READER_PASSWORD,
            "CW_SERVING": "local",
            "CW_PUBLISH_ON_RUN_END": "true",
        }

    def command(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "serving", *args],
            cwd=self.project,
            env={**os.environ, **self.env, "PYTHONPATH": str(self.project)},
            capture_output=True,
            text=True,
            check=False,
        )

    def dbt(self, *args: str) -> subprocess.CompletedProcess:
        return run_dbt(self.project, list(args), self.env)

    def reader(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            dbname="conversion_warehouse",
            user="cw_reader",
            password=READER_PASSWORD,
            **kwargs,
        )

    def publication(self) -> dict:
        return json.loads((self.warehouse.parent / "publication.json").read_text())

    def marts(self) -> list:
        return marts_from_manifest(self.project / "target" / "manifest.json")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    served = Served(tmp_path_factory.mktemp("serving"))
    started = served.command("serve")
    assert started.returncode == 0, started.stderr
    assert f"127.0.0.1:{served.port}" in started.stdout
    generate_landing(served.project / "landing", CONFIG, received_dates=[date(2026, 5, 1)])
    built = served.dbt("build")
    assert built.returncode == 0, built.stdout[-3000:]
    assert "Marts published" in built.stdout
    yield served
    state = json.loads((served.warehouse.parent / "serving.json").read_text())
    served.command("stop")
    shutil.rmtree(state["data_dir"], ignore_errors=True)


def _normalized(value):
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else round(value, 9)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _rows(cursor, sql: str) -> list[tuple]:
    rows = [tuple(_normalized(value) for value in row) for row in cursor.execute(sql).fetchall()]
    return sorted(rows, key=repr)


def test_the_reader_sees_every_mart_as_built(served):
    marts = served.marts()
    assert len(marts) >= 20
    with (
        duckdb.connect(str(served.warehouse), read_only=True) as warehouse,
        served.reader() as reader,
    ):
        published = {
            name
            for (name,) in reader.execute(
                "select tablename from pg_tables where schemaname = 'marts'"
            ).fetchall()
        }
        assert published == {mart.name for mart in marts}
        for mart in marts:
            expected = _rows(warehouse, f"select * from main.{mart.name}")
            got = _rows(reader, f"select * from marts.{mart.name}")
            assert got == expected, mart.name
        assert expected, "the last mart is empty: the comparison proved nothing"
        sessions = reader.execute("select count(*) from marts.fct_sessions").fetchone()[0]
        assert sessions > 20
        # Every mart column carries its dbt description as a comment (BI tools show it).
        undocumented = reader.execute(
            "select c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid"
            " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'marts'"
            " and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped"
            " and col_description(c.oid, a.attnum) is null"
        ).fetchall()
        assert undocumented == []


def test_the_marts_duckdb_file_holds_the_marts_only(served):
    path = served.warehouse.parent / "conversion_warehouse_marts.duckdb"
    with duckdb.connect(str(path), read_only=True) as marts_file:
        tables = dict(
            marts_file.execute(
                "select table_name, table_type from information_schema.tables"
            ).fetchall()
        )
        assert set(tables) == {mart.name for mart in served.marts()} | {"cw_publication"}
        assert set(tables.values()) == {"BASE TABLE"}  # no view, so none can be broken
        count = marts_file.execute("select count(*) from fct_sessions").fetchone()[0]
    with duckdb.connect(str(served.warehouse), read_only=True) as warehouse:
        assert warehouse.execute("select count(*) from fct_sessions").fetchone()[0] == count


def test_the_reader_role_cannot_write(served):
    with served.reader(autocommit=True) as reader:
        for statement in (
            "insert into marts.rpt_path_length select * from marts.rpt_path_length",
            "create table public.mine (x int)",
            "create table marts.mine (x int)",
        ):
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                reader.execute(statement)
        # Even with a read-write transaction asked for, the role has no right to write.
        reader.execute("set session characteristics as transaction read write")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("delete from marts.rpt_path_length")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("create table marts.mine (x int)")


def test_a_held_connection_sees_the_next_build_and_blocks_nothing(served):
    pooled = served.reader(autocommit=True)  # a BI server's pooled connection
    in_transaction = served.reader()  # a reader in the middle of a long transaction
    in_transaction.execute("set transaction isolation level repeatable read")
    before = pooled.execute("select count(*) from marts.fct_sessions").fetchone()[0]
    assert in_transaction.execute("select count(*) from marts.fct_sessions").fetchone()[0] == before
    builds_before = pooled.execute("select count(*) from cw_publication.builds").fetchone()[0]

    generate_landing(served.project / "landing", CONFIG, received_dates=[date(2026, 5, 2)])
    # with a timeout: a blocked publication fails instead of hanging
    built = run_dbt(served.project, ["run"], served.env, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:]

    with duckdb.connect(str(served.warehouse), read_only=True) as warehouse:
        after = warehouse.execute("select count(*) from fct_sessions").fetchone()[0]
        days = warehouse.execute("select count(distinct session_date) from fct_sessions")
        session_days = days.fetchone()[0]
    assert after > before
    # The pooled connection's next query sees the new build; the open transaction its snapshot.
    assert pooled.execute("select count(*) from marts.fct_sessions").fetchone()[0] == after
    assert in_transaction.execute("select count(*) from marts.fct_sessions").fetchone()[0] == before
    in_transaction.rollback()
    assert pooled.execute("select count(*) from cw_publication.builds").fetchone()[0] == (
        builds_before + 1
    )
    # Only what changed was copied: the sessions of the new received day's dates, not all.
    tables = {table["name"]: table for table in served.publication()["tables"]}
    assert tables["fct_sessions"]["action"] == "partitions"
    assert 1 <= tables["fct_sessions"]["partitions_copied"] < session_days
    assert tables["fct_sessions"]["rows_copied"] < after
    assert tables["rpt_funnel_overview"]["action"] in {"rewritten", "unchanged"}
    pooled.close()
    in_transaction.close()


def test_a_failed_build_publishes_nothing(served):
    with served.reader(autocommit=True) as reader:
        published = reader.execute(
            "select count(*), (select count(*) from cw_publication.builds) from marts.fct_sessions"
        ).fetchone()
    generate_landing(served.project / "landing", CONFIG, received_dates=[date(2026, 5, 3)])
    broken = served.project / "models" / "staging" / "broken_for_the_test.sql"
    broken.write_text("select * from a_relation_that_does_not_exist\n")
    try:
        built = served.dbt("run")
    finally:
        broken.unlink()
    assert built.returncode != 0
    assert "Marts not published: 1 node(s) failed" in built.stdout
    with duckdb.connect(str(served.warehouse), read_only=True) as warehouse:
        rebuilt = warehouse.execute("select count(*) from fct_sessions").fetchone()[0]
    assert rebuilt > published[0]  # the other models did build the new day
    with served.reader(autocommit=True) as reader:
        assert (
            reader.execute(
                "select count(*), (select count(*) from cw_publication.builds)"
                " from marts.fct_sessions"
            ).fetchone()
            == published
        )
