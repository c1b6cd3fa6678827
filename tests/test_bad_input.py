"""Bad input: one landing folder of bad files and rows next to a clean base, built once.

The base is a small generated sample (two event days). The bad cases are written here, by
hand, into the base's received-day folders (each case its own file and its own devices): the
build must succeed, each bad file or row must be in quarantine with its reason, reconciliation
must balance against the files, and every event, session and goal hit of the base must be the
same as in a build of the base alone.
"""

import json
import os
import shutil
from datetime import date, datetime, timedelta

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import copy_project, run_dbt
from tools.sample_events import GeneratorConfig, generate_landing

DAY2 = "received_date=2026-10-02"
FLOOD_EVENTS = 100_000
DAY3 = "received_date=2026-10-03"


def _row(event_id: str, device: str, **columns) -> dict:
    """A good page view of ``device`` on 2 October (received 5 s later), with overrides."""
    row = {
        "event_id": event_id,
        "event_name": "page_view",
        "event_at": "2026-10-02 10:00:00",
        "received_at": "2026-10-02 10:00:05",
        "anonymous_id": f"case-{device}",
        "page_url": f"https://shop.example/{device}",
    }
    row.update(columns)
    return row


def _parquet(path, rows: list[dict], schema: pa.Schema | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _text(path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data)


def _write_cases(events) -> None:
    """The bad files and rows (the expected outcomes are in the assertions below)."""
    day2, day3 = events / DAY2, events / DAY3
    good = day2 / "good-reference.parquet"
    _parquet(good, [_row(f"ref{i}", "reference") for i in range(50)])
    # Files that cannot be read: quarantined whole.
    _text(day2 / "random.parquet", os.urandom(4096))
    _text(day2 / "truncated.parquet", good.read_bytes()[: good.stat().st_size * 2 // 3])
    _text(day2 / "empty.parquet", b"")
    struct_properties = pa.schema(
        [
            *(pa.field(c, pa.string()) for c in _row("x", "x")),
            pa.field("properties", pa.struct([("value", pa.float64())])),
        ]
    )
    _parquet(
        day2 / "struct-properties.parquet",
        [{**_row("s1", "struct"), "properties": {"value": 12.5}}],
        struct_properties,
    )
    _text(day2 / "export.txt", "event_id,event_name\nt1,page_view\n")
    _text(day2 / "_SUCCESS", b"")
    _text(
        day2 / "latin1.jsonl",
        json.dumps(_row("l1", "latin1", page_title="Caf\u00e9"), ensure_ascii=False).encode(
            "latin-1"
        ),
    )
    _text(day2 / "array.json", json.dumps([_row("a1", "array"), _row("a2", "array")]) + "\n")
    _text(
        day2 / "unterminated.csv",
        "event_id,event_name,event_at,received_at,anonymous_id\n"
        'u1,page_view,2026-10-02 10:00:00,2026-10-02 10:00:05,"case-unterminated\n',
    )
    _parquet(events / "stray.parquet", [_row("o1", "stray")])
    _parquet(events / "received_date=2026-02-30" / "part-0.parquet", [_row("o2", "bad-folder")])
    # Files that are read, with their bad rows quarantined one by one.
    _parquet(day2 / "UPPER.PARQUET", [_row("up1", "upper"), _row("up2", "upper")])
    _text(day2 / "collector.json", "\n".join(json.dumps(_row(f"js{i}", "json")) for i in range(3)))
    _text(
        day2 / "mixed.jsonl",
        "\n".join(
            [
                json.dumps(_row("j1", "mixed")),
                '{"event_id": "j2", "event_name": "page_',
                "",
                json.dumps(_row("j3", "mixed")),
                "[1, 2]",
            ]
        )
        + "\n",
    )
    # Schema drift: an extra column, a missing required column, retyped columns.
    _parquet(day2 / "drift-extra.parquet", [{**_row("d1", "drift"), "colour": "blue"}])
    _parquet(
        day2 / "drift-missing.parquet",
        [{k: v for k, v in _row("d2", "drift").items() if k != "anonymous_id"}],
    )
    _parquet(day2 / "drift-retyped.parquet", [{**_row("d3", "drift"), "event_at": 1790848800}])
    _parquet(day2 / "drift-int-id.parquet", [{**_row("x", "drift-int"), "event_id": 101}])
    # Unicode, a NUL byte and CSV quoting.
    _parquet(
        day2 / "unicode.parquet", [_row("n1", "unicode", page_title="Caf\u00e9 \u2615 a\x00b")]
    )
    _text(
        day2 / "quoting.csv",
        "event_id,event_name,event_at,received_at,anonymous_id,page_title\n"
        'q1,page_view,2026-10-02 10:00:00,2026-10-02 10:00:05,case-quoting,"Shoes, ""red""\n'
        'and blue"\n',
    )
    # Timestamps that are not the contract's.
    _parquet(
        day2 / "timestamps.parquet",
        [
            _row("i1", "infinity", event_at="infinity"),
            _row("i2", "paris", event_at="2026-10-02 10:00:00 Europe/Paris"),
        ],
    )
    # A bot flood (100,000 events of one device in one minute) and a 24-hour session.
    flood_start = datetime(2026, 10, 2, 11, 0)
    _parquet(
        day2 / "flood.parquet",
        [
            _row(
                f"f{i}",
                "flood",
                event_at=(flood_start + timedelta(microseconds=500 * i)).isoformat(sep=" "),
                received_at="2026-10-02 11:01:00",
            )
            for i in range(FLOOD_EVENTS)
        ],
    )
    _parquet(
        day2 / "long-session.parquet",
        [
            _row(
                f"long{i}",
                "long",
                event_at=(datetime(2026, 10, 1) + timedelta(minutes=20 * i)).isoformat(sep=" "),
                received_at="2026-10-02 00:00:30",
            )
            for i in range(73)
        ],
    )
    # A duplicate across days, and a redelivery with different content.
    _parquet(day2 / "first-delivery.parquet", [_row("dup1", "dup"), _row("dup2", "dup")])
    _parquet(
        day3 / "redelivery.parquet",
        [
            _row("dup1", "dup", received_at="2026-10-03 08:00:00"),
            _row(
                "dup2",
                "dup",
                received_at="2026-10-03 08:00:00",
                page_url="https://shop.example/changed",
            ),
        ],
    )


FILE_REASONS = {
    f"{DAY2}/random.parquet": ("quarantined", "unreadable_parquet"),
    f"{DAY2}/truncated.parquet": ("quarantined", "unreadable_parquet"),
    f"{DAY2}/empty.parquet": ("quarantined", "empty_file"),
    f"{DAY2}/struct-properties.parquet": ("quarantined", "nested_column"),
    f"{DAY2}/export.txt": ("quarantined", "unknown_file_kind"),
    f"{DAY2}/_SUCCESS": ("skipped", "hidden_or_marker_file"),
    f"{DAY2}/latin1.jsonl": ("quarantined", "not_utf8_text"),
    f"{DAY2}/array.json": ("quarantined", "not_json_lines"),
    f"{DAY2}/unterminated.csv": ("quarantined", "unreadable_csv"),
    "stray.parquet": ("quarantined", "outside_received_date_folder"),
    "received_date=2026-02-30/part-0.parquet": ("quarantined", "outside_received_date_folder"),
}
ROW_REASONS = {
    "d2": "missing_anonymous_id",
    "d3": "unparseable_event_at",
    "i1": "unparseable_event_at",
    "i2": "unparseable_event_at",
}
CLEAN_CASE_EVENTS = {
    *(f"f{i}" for i in range(FLOOD_EVENTS)),
    *(f"long{i}" for i in range(73)),
    "up1",
    "up2",
    "js0",
    "js1",
    "js2",
    "j1",
    "j3",
    "d1",
    "101",
    "n1",
    "q1",
    "dup1",
    "dup2",
}
# Rows of the read case files, counted by hand: 50 reference + 2 upper + 3 json + 4 non-blank
# mixed lines + 4 drift + 1 unicode + 1 quoting (one record over two lines) + 2 timestamps
# + 2 first deliveries + the flood + 73 events of the long session on day 2; 2 redeliveries on
# day 3.
CASE_ROWS = {date(2026, 10, 2): 69 + FLOOD_EVENTS + 73, date(2026, 10, 3): 2}


def _build(project, landing, database) -> str:
    # DuckDB's memory limit at 1 GB (8 GB by default): the flood must build in bounded memory.
    env = {"CW_LANDING_PATH": str(landing), "CW_DUCKDB_PATH": str(database)}
    result = run_dbt(project, ["build"], {**env, "CW_DUCKDB_MEMORY_LIMIT": "1GB"})
    assert result.returncode == 0, result.stdout[-6000:]
    return result.stdout


def _rows(database, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The base built alone, and the base with every bad case beside it."""
    root = tmp_path_factory.mktemp("bad_input")
    project = copy_project(root)
    base = root / "base"
    generate_landing(
        base,
        GeneratorConfig(
            start_date=date(2026, 10, 1), end_date=date(2026, 10, 2), visitors_per_day=120, seed=11
        ),
    )
    with_cases = root / "with_cases"
    shutil.copytree(base, with_cases)
    _write_cases(with_cases / "events")
    _build(project, base, root / "base.duckdb")
    output = _build(project, with_cases, root / "with_cases.duckdb")
    # 8 files of 2 October and 2 outside a received-day folder (the _SUCCESS marker is skipped)
    assert "WARN 10 assert_no_landed_file_is_quarantined" in output, output[-6000:]
    return {
        "base": root / "base.duckdb",
        "cases": root / "with_cases.duckdb",
        "landing": with_cases,
    }


def test_each_unreadable_file_is_quarantined_whole_with_its_reason(built):
    prefix = f"{built['landing']}/events/"
    found = {
        file.removeprefix(prefix): (status, reason)
        for file, status, reason in _rows(
            built["cases"], "select landed_file, landed_status, reason from quarantined_files"
        )
    }
    assert found == FILE_REASONS


def test_bad_rows_are_quarantined_and_good_rows_of_the_same_files_are_clean(built):
    quarantined = dict(
        _rows(
            built["cases"],
            "select event_id, reason from quarantined_events"
            " where anonymous_id like 'case-%' or anonymous_id is null"
            " and event_id is not null",
        )
    )
    assert quarantined == ROW_REASONS
    broken = _rows(
        built["cases"],
        "select landed_line, landed_record, reason from quarantined_events"
        " where landed_file like '%mixed.jsonl' order by 1",
    )
    assert broken == [
        (2, '{"event_id": "j2", "event_name": "page_', "unparseable_json_line"),
        (5, "[1, 2]", "unparseable_json_line"),
    ]
    clean = _rows(
        built["cases"],
        "select event_id, page_url, page_title from stg_landing__events"
        " where anonymous_id like 'case-%' and anonymous_id != 'case-reference'",
    )
    assert {event_id for event_id, _, _ in clean} == CLEAN_CASE_EVENTS
    by_id = {event_id: (url, title) for event_id, url, title in clean}
    assert by_id["dup2"][0] == "https://shop.example/dup"  # the first delivery wins
    assert by_id["n1"][1] == "Caf\u00e9 \u2615 a\x00b"
    assert by_id["q1"][1] == 'Shoes, "red"\nand blue'
    duplicates = _rows(
        built["cases"],
        "select event_id, received_date from stg_landing__landed_events"
        " where landed_status = 'duplicate' and anonymous_id = 'case-dup'",
    )
    assert sorted(duplicates) == [("dup1", date(2026, 10, 3)), ("dup2", date(2026, 10, 3))]


def test_reconciliation_balances_against_the_files(built):
    sql = (
        "select received_date, rows_in_files, landed_rows, quarantined_files, skipped_files,"
        " is_balanced"
        " from rpt_landing_reconciliation_daily order by 1"
    )
    base = {day: rows for day, rows, *_ in _rows(built["base"], sql)}
    cases = _rows(built["cases"], sql)
    assert all(balanced for *_, balanced in cases)
    for day, rows_in_files, landed_rows, quarantined, skipped, _ in cases:
        assert rows_in_files == landed_rows == base.get(day, 0) + CASE_ROWS.get(day, 0), day
        assert (quarantined, skipped) == ((8, 1) if day == date(2026, 10, 2) else (0, 0)), day


@pytest.mark.parametrize(
    ("mart", "key"),
    [
        ("stg_landing__events", "event_id"),
        ("fct_sessions", "session_id"),
        ("fct_goal_hits", "goal_hit_id"),
    ],
)
def test_no_good_event_session_or_goal_hit_of_the_base_changes(built, mart, key):
    sql = f"select * from {mart} where anonymous_id not like 'case-%' order by {key}"
    base, cases = _rows(built["base"], sql), _rows(built["cases"], sql)
    assert len(base) > 100
    assert cases == base


def test_a_flood_and_a_24_hour_session_are_one_bot_session_each(built):
    sessions = _rows(
        built["cases"],
        "select anonymous_id, events, duration_seconds, is_bot, max_events_per_minute"
        " from fct_sessions where anonymous_id in ('case-flood', 'case-long') order by 1",
    )
    assert sessions == [
        ("case-flood", FLOOD_EVENTS, 49.9995, True, FLOOD_EVENTS),
        ("case-long", 73, 86400.0, True, 1),
    ]
