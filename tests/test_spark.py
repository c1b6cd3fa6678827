"""The same project on Apache Spark (dbt-spark, `session` method: local PySpark) as on DuckDB.

One small generated landing folder; DuckDB builds it in one full run (`dbt build`, every test),
Spark day by day: a first `dbt build` of two days, then the third day as an incremental `dbt
run`, both with the bucketed models split into hash buckets (`build_buckets`). Every mart must
be equal: exact for keys, counts and text, floats within 1e-9, and none empty. This proves the
Spark SQL of every model, dispatched macro and test of ours, and the Spark incremental strategy.
Both engines hash user ids (var hash_user_id) with one salt full of quotes: the hashed person ids
in the marts must be equal too (tests/test_privacy.py checks DuckDB's against Python's HMAC).

On Spark the build runs every unit test, the singular data tests (data_tests/) and `sums_to_one`,
but not the generic tests of plain SQL: dbt's built-in `not_null`, `unique`, `relationships`,
`accepted_values` and our `unique_combination_of_columns` (a group by with having), 120 of 126
data tests and over half of the build's time. What they check holds for the DuckDB build, whose
marts Spark's must equal, and their SQL is a plain filter or group by.
"""

import time
from datetime import date

import duckdb

from orchestration.dbt_args import partition_env
from tests.conftest import copy_project, run_dbt
from tools.benchmark.compare import mart_differences, read_marts, read_spark_marts
from tools.sample_events import GeneratorConfig, generate_landing

FIRST, LAST = date(2026, 3, 2), date(2026, 3, 4)
SALT = "s3cr'et\"; drop table x; --\\"
SPARK_VARS = '{"build_buckets": 2, "hash_user_id": true}'
PLAIN_GENERIC_TESTS = [
    f"test_name:{name}"
    for name in (
        "not_null",
        "unique",
        "relationships",
        "accepted_values",
        "unique_combination_of_columns",
    )
]


def _check(result, what):
    assert result.returncode == 0, (
        f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )


def test_spark_marts_equal_duckdb_day_by_day(tmp_path):
    project = copy_project(tmp_path)
    landing = tmp_path / "landing"
    config = GeneratorConfig(start_date=FIRST, end_date=LAST, seed=5, visitors_per_day=150)
    summary = generate_landing(landing, config, workers=1)
    assert summary.total.rows_written > 1500
    common = {"CW_LANDING_PATH": str(landing), "CW_USER_ID_SALT": SALT}

    duckdb_env = {**common, "CW_DUCKDB_PATH": str(tmp_path / "duck.duckdb")}
    started = time.perf_counter()
    duckdb_build = ["build", "--vars", '{"hash_user_id": true}']
    _check(run_dbt(project, duckdb_build, duckdb_env), "DuckDB dbt build")
    duckdb_seconds = time.perf_counter() - started

    spark_env = {
        **common,
        "CW_DBT_TARGET": "spark",
        "CW_SPARK_WAREHOUSE": str(tmp_path / "spark"),
        "SPARK_LOCAL_IP": "127.0.0.1",
        # Spark spends most of a small build planning statements: more dbt threads overlap it,
        # and code generation per query does not pay off on a few thousand rows
        "CW_DBT_THREADS": "4",
        "CW_SPARK_CODEGEN": "false",
        "CW_SPARK_ADAPTIVE": "false",
    }
    started = time.perf_counter()
    first_two_days = {**spark_env, **partition_env(FIRST, date(2026, 3, 4))}
    # The bucketed models built in two hash buckets (Spark's pmod(hash(...))) on the build and
    # on the incremental day; the marts must still equal DuckDB's one-statement build.
    build = run_dbt(
        project,
        ["build", "--vars", SPARK_VARS, "--exclude", *PLAIN_GENERIC_TESTS],
        first_two_days,
    )
    _check(build, "Spark dbt build (two days, with every unit test and the singular data tests)")
    last_day = {**spark_env, **partition_env(LAST, date(2026, 3, 5))}
    _check(
        run_dbt(project, ["run", "--vars", SPARK_VARS], last_day),
        "Spark dbt run (the third day, incremental)",
    )
    spark_seconds = time.perf_counter() - started
    print(f"\nDuckDB dbt build {duckdb_seconds:.1f} s; Spark build + run {spark_seconds:.1f} s")

    duckdb_marts = read_marts(tmp_path / "duck.duckdb")
    spark_marts = read_spark_marts(tmp_path / "spark")
    assert len(duckdb_marts) >= 16
    # The generator writes no experiment exposures: rpt_experiments is empty on both engines
    # (its numbers are tested by hand in tests/test_experiments.py).
    assert [name for name, rows in duckdb_marts.items() if not rows] == ["rpt_experiments"]
    assert sum(len(rows) for rows in duckdb_marts.values()) > 500
    assert mart_differences(spark_marts, duckdb_marts) == []
    with duckdb.connect(str(tmp_path / "duck.duckdb"), read_only=True) as connection:
        hashed = connection.execute(
            "select count(*) from fct_sessions where regexp_full_match(person_id, '[0-9a-f]{64}')"
        ).fetchone()[0]
    assert hashed > 0
