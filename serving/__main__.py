"""``python -m serving serve|stop|status|publish``: the local PostgreSQL server and publication.

- ``serve``: set the local server up (first time) and start it; print how BI tools connect.
- ``stop``: stop it.
- ``status``: whether it runs, and the last publication.
- ``publish``: publish the marts of the warehouse as it is (``make publish``); dbt publishes by
  itself after every successful ``dbt build`` / ``dbt run`` (on-run-end), Dagster in its
  ``published_marts`` asset.
"""

from __future__ import annotations

import argparse
import json
import sys

from serving.settings import load_serving_settings


def _connection_lines(state: dict) -> list[str]:
    from serving.server import reader_url

    return [
        f"PostgreSQL for BI tools: {reader_url(state)} (schema marts, read-only role cw_reader)",
        f"  password: CW_PG_READER_PASSWORD, else in {state['reader_password_from']}",
    ]


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["serve", "stop", "status", "publish"])
    args = parser.parse_args(argv)
    settings = load_serving_settings()
    from serving import server

    if args.command == "serve":
        if not settings.enabled:
            print("CW_SERVING is off: no local PostgreSQL server.")
            return 0
        state = server.serve(settings)
        print(f"PostgreSQL {state['data_dir']} is running on 127.0.0.1:{state['port']}.")
        for line in _connection_lines(state):
            print(line)
        return 0
    if args.command == "stop":
        print("stopped" if server.stop(settings) else "not running")
        return 0
    if args.command == "status":
        running = settings.enabled and server.is_running(settings)
        print(f"local PostgreSQL: {'running' if running else 'not running'}")
        record = settings.warehouse_path.parent / "publication.json"
        if record.exists():
            report = json.loads(record.read_text())
            print(f"last publication: build {report['build_id']} ({report['origin']})")
        return 0
    import duckdb

    from orchestration.dbt_resources import dbt_project, ensure_manifest
    from serving.publish import marts_from_manifest, publish, summary

    ensure_manifest()
    marts = marts_from_manifest(dbt_project.manifest_path)
    with duckdb.connect(str(settings.warehouse_path)) as connection:
        report = publish(connection, marts, origin="command line", settings=settings)
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
