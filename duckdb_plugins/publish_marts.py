"""``cw_publish_marts(marts_json) -> varchar``: publish the marts from inside a dbt run.

The on-run-end hook (macros/serving/publish_marts.sql) calls it after a ``dbt build`` or
``dbt run`` in which nothing failed, with the marts of the project (schema, name, partition
column, descriptions) as JSON; it publishes them (serving/publish.py) through a cursor of dbt's
own connection, which sees every committed model, and returns a one-line summary (the hook logs
it). A failure fails
the hook, so dbt reports it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import VARCHAR

PROJECT_DIR = Path(__file__).resolve().parent.parent
PUBLISH_FUNCTION = "cw_publish_marts"


def _publish(connection: duckdb.DuckDBPyConnection, marts_json: str) -> str:
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from serving.publish import MartSpec, publish, summary

    marts = [MartSpec(**mart) for mart in json.loads(marts_json)]
    return summary(publish(connection.cursor(), marts, origin="dbt"))


class Plugin(BasePlugin):
    """dbt-duckdb calls ``configure_connection`` once on the connection it opens."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Register cw_publish_marts on dbt's connection."""
        conn.create_function(
            PUBLISH_FUNCTION,
            lambda marts_json: _publish(conn, marts_json),
            [VARCHAR],
            VARCHAR,
            side_effects=True,
        )
