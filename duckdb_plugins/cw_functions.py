"""The project's SQL functions on DuckDB: a dbt-duckdb plugin registers them on each connection.

``cw_pseudonymize_user_id(varchar) -> varchar`` is the HMAC-SHA256 (lowercase hex) of a user id,
keyed with the environment variable CW_USER_ID_SALT read each time the function runs: the salt is
never part of any SQL text, so it never reaches dbt's compiled files, manifest or logs, nor the
warehouse's catalog (docs/decisions/0009-user-id-pseudonymization.md). Null stays null; an empty
or unset salt fails the query with a message naming the variable.

profiles.yml loads it (``module_paths`` and ``plugins``). To read a view that calls it outside
dbt, register it on your own connection: ``register_functions(connection)``, with the project's
root on ``sys.path`` (``from duckdb_plugins.cw_functions import register_functions``).
"""

from __future__ import annotations

import hashlib
import os

import duckdb
import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import VARCHAR

SALT_VARIABLE = "CW_USER_ID_SALT"
PSEUDONYMIZE_FUNCTION = "cw_pseudonymize_user_id"
_SHA256_BLOCK_BYTES = 64


def _salt() -> bytes:
    """The salt from the environment, as UTF-8; an error naming the variable when it is empty."""
    salt = os.environ.get(SALT_VARIABLE, "")
    if not salt:
        raise ValueError(
            f"the environment variable {SALT_VARIABLE} is empty or unset: it is required when"
            " var hash_user_id is true (user ids are replaced by their HMAC keyed with it)"
        )
    return salt.encode("utf-8")


def pseudonymize_user_ids(user_ids: pa.Array) -> pa.Array:
    """HMAC-SHA256 hex of each user id (RFC 2104) keyed with the salt; nulls stay null.

    The keyed inner and outer SHA-256 states are computed once per call (one vector of up to
    2,048 ids) and copied per id: about a quarter faster than ``hmac.new`` per id, the same values
    (``hmac.new(salt, user_id, 'sha256').hexdigest()``, checked by tests/test_privacy.py).
    """
    key = _salt()
    if len(key) > _SHA256_BLOCK_BYTES:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK_BYTES, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))
    hashed = []
    for user_id in user_ids.to_pylist():
        if user_id is None:
            hashed.append(None)
            continue
        inner_hash = inner.copy()
        inner_hash.update(user_id.encode("utf-8"))
        outer_hash = outer.copy()
        outer_hash.update(inner_hash.digest())
        hashed.append(outer_hash.hexdigest())
    return pa.array(hashed, type=pa.string())


def register_functions(connection: duckdb.DuckDBPyConnection) -> None:
    """Register the project's functions on a DuckDB connection (its cursors see them too)."""
    connection.create_function(
        PSEUDONYMIZE_FUNCTION, pseudonymize_user_ids, [VARCHAR], VARCHAR, type="arrow"
    )


class Plugin(BasePlugin):
    """dbt-duckdb calls ``configure_connection`` once on the connection it opens."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Register the project's functions on dbt's connection."""
        register_functions(conn)
