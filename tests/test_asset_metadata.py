"""Row counts and column schemas read after a dbt step, and make run's step lines."""

import duckdb
from dagster import Output

from orchestration.asset_metadata import annotated, relation_metadata
from tools.demo.progress import step_line


def _warehouse(path):
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.rpt_x (day date, sessions integer)")
        # three rows, so the row count is 3
        connection.execute("insert into marts.rpt_x values ('2026-11-01', 5), ('2026-11-02', 7)")
        connection.execute("insert into marts.rpt_x values ('2026-11-03', 0)")
        connection.execute("create view marts.stg_y as select 1 as a")


def test_relation_metadata_counts_tables_and_describes_views(tmp_path):
    database = tmp_path / "w.duckdb"
    _warehouse(database)
    metadata = relation_metadata(
        database,
        {
            "model.p.rpt_x": ("marts", "rpt_x", True),
            "model.p.stg_y": ("marts", "stg_y", False),
            "model.p.failed": ("marts", "never_built", True),
        },
    )
    assert metadata["model.p.rpt_x"]["dagster/row_count"].value == 3
    columns = metadata["model.p.rpt_x"]["dagster/column_schema"].value.columns
    assert [(column.name, column.type) for column in columns] == [
        ("day", "date"),
        ("sessions", "integer"),
    ]
    # a view: its columns, no count; a relation that was not built: nothing
    assert "dagster/row_count" not in metadata["model.p.stg_y"]
    assert "model.p.failed" not in metadata


def test_annotated_adds_metadata_to_the_outputs_of_built_models(tmp_path):
    database = tmp_path / "w.duckdb"
    _warehouse(database)
    manifest = {
        "nodes": {
            "model.p.rpt_x": {
                "unique_id": "model.p.rpt_x",
                "schema": "marts",
                "alias": "rpt_x",
                "config": {"materialized": "table"},
            }
        }
    }
    events = [Output(None, "rpt_x", metadata={"unique_id": "model.p.rpt_x"}), "other event"]
    output, other = annotated(events, manifest, database)
    assert output.metadata["dagster/row_count"].value == 3
    assert output.metadata["unique_id"].value == "model.p.rpt_x"
    assert other == "other event"


def test_step_lines():
    assert step_line("STEP_START", "dbt_received_days", 0, 0) == (
        "  .. dbt: sessions, goal hits, funnel steps of the received days"
    )
    assert step_line("STEP_SUCCESS", "published_marts", 2.4, 0) == (
        "  ok publishing the marts for BI tools (2 s)"
    )
    assert step_line("STEP_SUCCESS", "dbt_configuration", 40.2, 18) == (
        "  ok dbt: goals, funnels, channel rules, spend (40 s, 18 tables and views)"
    )
    # the landing step writes files of many partitions: no table count
    assert step_line("STEP_SUCCESS", "landing_events", 3.1, 1) == (
        "  ok generating the sample events (3 s)"
    )
    assert "FAILED" in step_line("STEP_FAILURE", "dbt_all_time_reports", 61, 3)
    assert step_line("ASSET_MATERIALIZATION", "dbt_configuration", 1, 1) is None
