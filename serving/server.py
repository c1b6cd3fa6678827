"""The project's own PostgreSQL server: set up, start, stop (``make serve``, ``make serve-stop``).

One cluster under ``CW_PG_DATA`` (default ``warehouse/postgres``), listening on 127.0.0.1 only
unless ``CW_PG_LISTEN`` says otherwise, with one database and two roles:

- ``cw_publisher`` owns the schemas ``marts`` and ``cw_publication`` and writes them after each
  successful build; its password is generated once and kept in ``warehouse/serving.json`` (mode
  0600), beside the warehouse;
- ``cw_reader``, the BI tools' role: it can read both schemas and nothing else, and every one of
  its transactions is read-only; its password is ``CW_PG_READER_PASSWORD`` (or generated once
  and kept in the same file when the variable is unset).

The superuser connects only through the server's Unix socket, inside the data directory (mode
0700); every network connection needs a password (scram-sha-256). ``initdb`` refuses to run as
root: as root, every server command runs as the ``postgres`` user.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from serving.settings import (
    MARTS_SCHEMA,
    PUBLICATION_SCHEMA,
    PUBLISHER_ROLE,
    READER_ROLE,
    ServingSettings,
    load_serving_settings,
)

SUPERUSER = "postgres"
SERVER_USER = "postgres"  # the OS user that runs the server when we are root


class ServingError(RuntimeError):
    """The local PostgreSQL server cannot be set up or reached."""


def postgres_bin_dir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: the newest /usr/lib/postgresql/*/bin, or PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise ServingError(
        "no PostgreSQL server binaries (pg_ctl, initdb): `make serve` installs Debian's"
        " postgresql package, or put its bin folder on PATH"
    )


def _is_root() -> bool:
    return os.geteuid() == 0


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if _is_root() else command


def _server_user_can_enter(folder: Path) -> bool:
    probe = _as_server_user(["test", "-x", str(folder)])
    return subprocess.run(probe, check=False, capture_output=True).returncode == 0


def data_dir(settings: ServingSettings) -> Path:
    """The cluster's folder; as root, one the ``postgres`` user can reach.

    When the project lives where ``postgres`` cannot enter (e.g. under /root), the cluster goes to
    a folder of the system's temporary directory named after the project's data directory.
    """
    wanted = settings.data_dir
    if not _is_root():
        return wanted
    wanted.parent.mkdir(parents=True, exist_ok=True)
    if (wanted / "PG_VERSION").exists() or _server_user_can_enter(wanted.parent):
        return wanted
    digest = hashlib.sha256(str(wanted).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"conversion-warehouse-postgres-{digest}"


def _run(command: list[str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        output = result.stderr or result.stdout
        raise ServingError(f"{what} failed ({' '.join(command)}):\n{output}")
    return result


def _initialise(bin_dir: Path, folder: Path, settings: ServingSettings) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if _is_root():
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    folder.chmod(0o700)
    _run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(folder),
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-instructions",
            ]
        ),
        "initdb",
    )


def _configure(folder: Path, settings: ServingSettings) -> None:
    """Write the server's settings (rewritten at every start, so a changed variable applies)."""
    lines = [
        f"listen_addresses = '{settings.listen}'",
        f"port = {settings.port}",
        f"unix_socket_directories = '{folder}'",
        "password_encryption = 'scram-sha-256'",
        "max_connections = 50",
        "shared_buffers = '128MB'",
        "log_min_messages = warning",
    ]
    conf = folder / "conversion_warehouse.conf"
    _write_as_server_user(conf, "\n".join(lines) + "\n")
    main_conf = folder / "postgresql.conf"
    include = "include_if_exists = 'conversion_warehouse.conf'"
    if include not in main_conf.read_text():
        _write_as_server_user(main_conf, main_conf.read_text() + "\n" + include + "\n")
    hba = [
        "# Written by serving/server.py: the superuser through the socket (data directory, 0700);",
        "# every network connection with a password.",
        "local all all trust",
        "host all all 127.0.0.1/32 scram-sha-256",
        "host all all ::1/128 scram-sha-256",
    ]
    if settings.listen not in {"127.0.0.1", "localhost", "::1"}:
        hba += [
            f"host {settings.database} {READER_ROLE} 0.0.0.0/0 scram-sha-256",
            f"host {settings.database} {READER_ROLE} ::/0 scram-sha-256",
        ]
    _write_as_server_user(folder / "pg_hba.conf", "\n".join(hba) + "\n")


def _write_as_server_user(path: Path, text: str) -> None:
    path.write_text(text)
    if _is_root():
        shutil.chown(path, SERVER_USER, SERVER_USER)


def is_running(settings: ServingSettings | None = None) -> bool:
    """Whether the local server of these settings is up."""
    settings = settings or load_serving_settings()
    folder = data_dir(settings)
    if not (folder / "PG_VERSION").exists():
        return False
    command = _as_server_user([str(postgres_bin_dir() / "pg_ctl"), "-D", str(folder), "status"])
    return subprocess.run(command, check=False, capture_output=True).returncode == 0


def _superuser_connection(folder: Path, settings: ServingSettings, dbname: str) -> Any:
    return psycopg.connect(
        host=str(folder), port=settings.port, user=SUPERUSER, dbname=dbname, autocommit=True
    )


def _read_state(settings: ServingSettings) -> dict[str, Any]:
    if settings.state_file.exists():
        return json.loads(settings.state_file.read_text())
    return {}


def _write_state(settings: ServingSettings, state: dict[str, Any]) -> None:
    settings.state_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = settings.state_file.with_name(settings.state_file.name + ".tmp")
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        json.dump(state, file, indent=2)
    os.replace(temporary, settings.state_file)


def _ensure_roles(folder: Path, settings: ServingSettings, state: dict[str, Any]) -> None:
    database = settings.database
    with _superuser_connection(folder, settings, "postgres") as connection:
        for role, password in [
            (PUBLISHER_ROLE, state["publisher_password"]),
            (READER_ROLE, state["reader_password"]),
        ]:
            exists = connection.execute(
                "select 1 from pg_roles where rolname = %s", [role]
            ).fetchone()
            verb = "alter" if exists else "create"
            connection.execute(
                sql.SQL("{} role {} login password {}").format(
                    sql.SQL(verb), sql.Identifier(role), sql.Literal(password)
                )
            )
        connection.execute(
            sql.SQL("alter role {} set default_transaction_read_only = on").format(
                sql.Identifier(READER_ROLE)
            )
        )
        if not connection.execute(
            "select 1 from pg_database where datname = %s", [database]
        ).fetchone():
            connection.execute(
                sql.SQL("create database {} owner {}").format(
                    sql.Identifier(database), sql.Identifier(PUBLISHER_ROLE)
                )
            )
        connection.execute(
            sql.SQL("revoke all on database {} from public").format(sql.Identifier(database))
        )
        connection.execute(
            sql.SQL("grant connect on database {} to {}").format(
                sql.Identifier(database), sql.Identifier(READER_ROLE)
            )
        )
    with _superuser_connection(folder, settings, database) as connection:
        connection.execute("revoke all on schema public from public")
        for schema in (MARTS_SCHEMA, PUBLICATION_SCHEMA):
            connection.execute(
                sql.SQL("create schema if not exists {} authorization {}").format(
                    sql.Identifier(schema), sql.Identifier(PUBLISHER_ROLE)
                )
            )
            for statement in (
                "grant usage on schema {schema} to {reader}",
                "grant select on all tables in schema {schema} to {reader}",
                "alter default privileges for role {publisher} in schema {schema}"
                " grant select on tables to {reader}",
            ):
                connection.execute(
                    sql.SQL(statement).format(
                        schema=sql.Identifier(schema),
                        reader=sql.Identifier(READER_ROLE),
                        publisher=sql.Identifier(PUBLISHER_ROLE),
                    )
                )


def serve(settings: ServingSettings | None = None) -> dict[str, Any]:
    """Set the local server up when it is not, start it when it is down; return its state."""
    settings = settings or load_serving_settings()
    bin_dir = postgres_bin_dir()
    folder = data_dir(settings)
    if not (folder / "PG_VERSION").exists():
        _initialise(bin_dir, folder, settings)
    _configure(folder, settings)
    if not is_running(settings):
        _run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(folder),
                    "-l",
                    str(folder / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            f"starting PostgreSQL (log: {folder / 'server.log'})",
        )
    else:
        _run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(folder), "reload"]), "reload")
    state = _read_state(settings)
    state.setdefault("publisher_password", secrets.token_urlsafe(24))
    if settings.reader_password:
        state["reader_password"] = settings.reader_password
        state["reader_password_from"] = "CW_PG_READER_PASSWORD"
    else:
        state.setdefault("reader_password", secrets.token_urlsafe(18))
        state["reader_password_from"] = str(settings.state_file)
    state.update(
        host="127.0.0.1",
        port=settings.port,
        database=settings.database,
        data_dir=str(folder),
        publisher_role=PUBLISHER_ROLE,
        reader_role=READER_ROLE,
    )
    _ensure_roles(folder, settings, state)
    _write_state(settings, state)
    return state


def stop(settings: ServingSettings | None = None) -> bool:
    """Stop the local server (fast shutdown); False when it was not running."""
    settings = settings or load_serving_settings()
    if not is_running(settings):
        return False
    command = [str(postgres_bin_dir() / "pg_ctl"), "-D", str(data_dir(settings)), "-m", "fast"]
    _run(_as_server_user([*command, "-w", "stop"]), "stopping PostgreSQL")
    return True


def publisher_dsn(settings: ServingSettings | None = None) -> str | None:
    """The publisher's connection: ``CW_SERVING_DSN``, else the local server's (started if down).

    None when serving is off, or when no local server was ever set up (``make serve``).
    """
    settings = settings or load_serving_settings()
    if settings.dsn:
        return settings.dsn
    if not settings.enabled or not settings.state_file.exists():
        return None
    state = serve(settings) if not is_running(settings) else _read_state(settings)
    return psycopg.conninfo.make_conninfo(
        host=state["host"],
        port=state["port"],
        dbname=state["database"],
        user=PUBLISHER_ROLE,
        password=state["publisher_password"],
    )


def reader_url(state: dict[str, Any], with_password: bool = False) -> str:
    """The read-only role's connection URL (the password shown only when asked)."""
    password = state["reader_password"] if with_password else "<password>"
    return (
        f"postgresql://{READER_ROLE}:{password}@{state['host']}:{state['port']}/{state['database']}"
    )
