"""The benchmark's own parts: the floor query and the pandas baseline give the hand-computed
figures of small readable fixtures, and ``make bench`` runs end to end on a tiny sample with its
row accounting intact and the hand-written reference equal to the marts (the timings themselves
are figures, not assertions)."""

import json
import os
import sys
from datetime import UTC, datetime, timedelta

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.settings import PROJECT_DIR
from tools.benchmark import baseline, capacity, cli, dbt_results, floor, growth, report
from tools.benchmark.collector_shapes import convert
from tools.benchmark.collector_sql import SNOWPLOW_TSV_FIELDS
from tools.benchmark.measure import resident_bytes, run_measured
from tools.sample_events import COLUMNS, GeneratorConfig, generate_landing

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SITE = "https://shop.example.com"
CAMPAIGN = "utm_source=google&utm_medium=cpc&utm_campaign=autumn+sale"


def _event(event_id, name, at, device="A", url="/", utm=(None, None, None), props=None, ua=UA):
    return {
        "event_id": event_id,
        "event_name": name,
        "event_at": f"2026-03-02 {at}.000000",
        "anonymous_id": device,
        "page_url": SITE + url,
        "utm_source": utm[0],
        "utm_medium": utm[1],
        "utm_campaign": utm[2],
        "user_agent": ua,
        "properties": props,
    }


def _fixture_events() -> pd.DataFrame:
    """Device A: three sessions; device B: a bot. Worked figures in the test below."""
    purchase = '{"value":49.00,"currency":"EUR","order_id":"ORD-1"}'
    rows = [
        # session 1: a product page, two add_to_cart, lasts 20 minutes
        _event("a1", "page_view", "10:00:00", url="/p/blue-mug"),
        _event("a2", "add_to_cart", "10:10:00", url="/p/blue-mug"),
        _event("a3", "add_to_cart", "10:20:00", url="/p/blue-mug"),
        # session 2: after 40 minutes without events
        _event("a4", "page_view", "11:00:00", url="/Pricing"),
        # session 3: campaign parameters in the URL (the columns are empty)
        _event("a5", "page_view", "11:05:00", url=f"/?{CAMPAIGN}"),
        _event("a6", "page_view", "11:06:00", url="/cart"),  # direct: no new session
        # the same campaign in the columns: no new session either
        _event("a7", "page_view", "11:07:00", utm=("google", "cpc", "autumn sale")),
        _event("a8", "purchase", "11:08:00", url="/thanks", props=purchase),
        _event("a9", "purchase", "11:09:00", url="/thanks", props=purchase),  # a refire
        _event("a9", "purchase", "11:09:00", url="/thanks", props=purchase),  # redelivered
        # a bot: a session, but no goal hits
        _event("b1", "add_to_cart", "10:00:00", device="B", url="/p/blue-mug", ua=BOT_UA),
    ]
    return pd.DataFrame(rows)


def test_pandas_baseline_gives_the_hand_computed_sessions_and_goal_hits():
    # Sessions: A has 3 (a gap of 40 minutes before a4; a campaign appears at a5; a6 is direct
    # and a7 carries the same triple), B has 1 -> 4.
    # Goal hits (bots excluded): view_product (a1), add_to_cart once per session (a2),
    # engaged_ten_minutes (a2, 600 s after the start), view_pricing (a4, case-insensitive),
    # purchase once for order ORD-1 (a8 and its refire a9) -> 5 in all.
    events = baseline.pandas_sessions(
        baseline.prepare_events(_fixture_events()), pd.Timedelta(baseline.SESSION_TIMEOUT)
    )
    assert events["session"].nunique() == 4
    assert events.groupby("anonymous_id")["session"].nunique().to_dict() == {"A": 3, "B": 1}
    hits = baseline.pandas_goal_hits(
        events,
        baseline._read_csv_seed("goals"),
        baseline._read_csv_seed("goal_property_conditions"),
        baseline._read_csv_seed("bot_user_agent_patterns")["pattern"].tolist(),
    )
    assert hits[hits > 0].to_dict() == {
        "view_product": 1,
        "add_to_cart": 1,
        "view_pricing": 1,
        "engaged_ten_minutes": 1,
        "purchase": 1,
    }


def test_floor_query_counts_timeout_boundaries(tmp_path):
    # A: 10:00, 10:20 (same session), 10:51 (31 minutes later: a new one); B: one event -> 3.
    folder = tmp_path / "events" / "received_date=2026-03-02"
    folder.mkdir(parents=True)
    rows = [("A", "10:00:00"), ("A", "10:20:00"), ("A", "10:51:00"), ("B", "09:00:00")]
    table = pa.table(
        {
            "anonymous_id": [device for device, _ in rows],
            "event_at": [f"2026-03-02 {at}.000000" for _, at in rows],
        }
    )
    pq.write_table(table, folder / "part-0.parquet")
    figures = floor.run_floor(tmp_path, tmp_path / "floor.duckdb", "1GB", tmp_path / "tmp")
    assert (figures["events"], figures["sessions"]) == (4, 3)


def test_sizes_that_cannot_fit_stop_before_anything_runs():
    # 100 M events: 8.5 GB of landing files + 65 GB of warehouse x 1.4 for the spill = 99.5 GB
    assert capacity.disk_needed(100_000_000, reuse_landing=False) == 99_500_000_000
    assert capacity.disk_needed(100_000_000, reuse_landing=True) == 91_000_000_000
    capacity.check_disk(100_000_000, reuse_landing=False, free_bytes=99_500_000_000)
    with pytest.raises(SystemExit, match="need about 100 GB of free disk.*64 GB are free"):
        capacity.check_disk(100_000_000, reuse_landing=False, free_bytes=64_000_000_000)
    # the landing files on another file system (--landing-dir): 8.5 GB there, 91 GB here
    capacity.check_disk(100_000_000, False, free_bytes=91_000_000_000, landing_free_bytes=9e9)
    with pytest.raises(SystemExit, match="landing files .* need about 8 GB .* 5 GB are free"):
        capacity.check_disk(100_000_000, False, free_bytes=2e11, landing_free_bytes=5e9)
    with pytest.raises(SystemExit, match="need about 91 GB of free disk.*64 GB are free") as e:
        capacity.check_disk(100_000_000, False, free_bytes=64e9, landing_free_bytes=2e11)
    assert "(--build-buckets, ~1 per 12 million events) spills less and needs about 72 GB" in str(
        e.value
    )
    # built in hash buckets the spill margin is 1.1: 65 GB x 1.1 = 71.5 GB beside the landing
    assert capacity.disk_needed(100_000_000, True, build_buckets=8) == 71_500_000_000
    capacity.check_disk(100_000_000, False, 71.5e9, landing_free_bytes=9e9, build_buckets=8)
    with pytest.raises(SystemExit, match="need about 72 GB of free disk.*70 GB are free") as e:
        capacity.check_disk(100_000_000, False, 70e9, landing_free_bytes=9e9, build_buckets=8)
    assert "--build-buckets" not in str(e.value)
    # pandas at 1,300 bytes an event: 10 M (13 GB) fits 24 GiB (80% = 20.6 GB); 100 M does not
    assert capacity.baseline_fits(10_000_000, 24 * 2**30)
    assert not capacity.baseline_fits(100_000_000, 24 * 2**30)


def test_make_bench_runs_on_a_tiny_sample(tmp_path):
    work_dir = tmp_path / "bench"
    # sessionization in two build buckets (the flag reaches dbt; sessions still match pandas)
    args = ["--events", "20000", "--days", "2", "--build-buckets", "2", "--work-dir", str(work_dir)]
    # a received day left in the landing folder by another window is removed, not read
    stale = work_dir / "landing-20000" / "events" / "received_date=2000-01-01"
    stale.mkdir(parents=True)
    pq.write_table(pa.table({c: ["stale"] for c in COLUMNS}), stale / "part-0.parquet")
    assert cli.main(args) == 0
    assert not stale.exists()
    results = json.loads((work_dir / "results.json").read_text())
    figures = results["20000"]
    assert figures["build_buckets"] == 2
    landed = figures["generator"]["events"]
    assert 15_000 < landed < 25_000
    pipeline = figures["pipeline"]
    # every landed row reaches staging; only staging reads the landing files
    assert pipeline["landed_rows"] == landed
    assert pipeline["models_reading_landing"] == [
        "stg_landing__landed_files",
        "stg_landing__landed_rows",
        "stg_landing__marketing_spend",
    ]
    # the floor and the baseline read the same Parquet rows
    assert figures["floor"]["events"] == figures["baseline"]["rows_read"] <= landed
    # two implementations of the same rules agree but for what only the pipeline handles (rows
    # in JSON lines and CSV, quarantined and late rows, bots by event rate)
    baseline = figures["baseline"]
    assert abs(baseline["sessions"] - pipeline["sessions"]) <= 0.02 * pipeline["sessions"]
    assert abs(baseline["goal_hits"] - pipeline["goal_hits"]) <= 0.02 * pipeline["goal_hits"]
    assert figures["pipeline_to_floor"] > 0 and figures["baseline_to_pipeline"] > 0
    assert len(pipeline["slowest_models"]) == 8
    # dbt's resident memory, sampled while the models ran, names a model that ran; no sample
    # exceeds the peak the kernel recorded for the process
    peaks = pipeline["model_peak_rss_bytes"]
    assert pipeline["run_peak_rss_model"] in peaks and set(peaks) <= set(pipeline["model_seconds"])
    assert 0 < max(peaks.values()) <= pipeline["run_peak_rss_bytes"] <= pipeline["peak_rss_bytes"]
    # the hand-written reference reads the same files: its tables equal the marts on row counts
    # and on the sampled rows of every table, and its cost is quoted beside dbt run's
    reference = figures["reference"]
    check = reference["check"]
    assert check["equal"], json.dumps(check["tables"], indent=1)
    assert reference["rows"]["sessions"] == pipeline["sessions"]
    assert reference["rows"]["goal_hits"] == pipeline["goal_hits"]
    assert all(t["sampled_rows"] == min(200, t["mart_rows"]) for t in check["tables"].values())
    assert check["tables"]["credits"]["mart_rows"] > 0
    assert check["tables"]["funnel_steps"]["mart_rows"] > 0
    assert 0 < reference["cpu_seconds"] and 0 < reference["seconds"]
    assert figures["pipeline_to_reference_cpu"] > 0 and figures["pipeline_to_reference_wall"] > 0
    table = (work_dir / "results.md").read_text().splitlines()
    assert table[0].startswith("| events |") and table[2].startswith(f"| {landed:,} |")
    reference_rows = table[table.index("Hand-written reference:") + 4]
    assert reference_rows.startswith(f"| {landed:,} |") and reference_rows.endswith("| yes |")


def test_resident_memory_is_attributed_to_the_model_that_ran():
    # dbt's run results: a from 0 to 10 s (compile then execute), b from 10 to 20 s, c 0.1 s
    # long (no sample falls in it), d without timing (skipped by dbt)
    def at(seconds):
        return (datetime(2026, 3, 2, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat()

    def result(model, *spans):
        timing = [{"started_at": at(s), "completed_at": at(e)} for s, e in spans]
        return {"unique_id": f"model.conversion_warehouse.{model}", "timing": timing}

    run_results = {
        "results": [
            result("b", (10, 10.5), (10.5, 20)),
            result("a", (0, 1), (1, 10)),
            result("c", (20.1, 20.2)),
            result("d"),
        ]
    }
    start = datetime(2026, 3, 2, tzinfo=UTC).timestamp()
    # MiB read at 0.5, 5, 9.5 s (a), 12, 15 s (b), 21 s (after every model: dbt closing)
    samples = tuple(
        (start + s, mib * 2**20)
        for s, mib in [(0.5, 100), (5, 300), (9.5, 250), (12, 300), (15, 200), (21, 400)]
    )
    peaks = dbt_results.rss_by_model(samples, run_results)
    assert peaks == [
        {"model": "a", "peak_rss_bytes": 300 * 2**20},
        {"model": "b", "peak_rss_bytes": 300 * 2**20},
    ]
    # b reached 300 MiB too, but a got there first: the memory was taken while a ran
    assert dbt_results.rss_peak_model(peaks) == "a"
    assert dbt_results.rss_peak_model([]) is None


def test_resident_memory_of_a_child_is_sampled_while_it_runs():
    # a child that holds 200 MiB for a second: the samples see it, and wait4's peak is at least it
    script = (
        "import time; block = bytearray(200 * 2**20); block[::4096] = b'x' * 51200; time.sleep(1)"
    )
    measured = run_measured([sys.executable, "-c", script], dict(os.environ), rss_interval=0.1)
    assert len(measured.rss_samples) >= 5
    largest = max(rss for _, rss in measured.rss_samples)
    assert largest >= 200 * 2**20
    assert measured.peak_rss_bytes >= largest
    assert resident_bytes(os.getpid()) > 0


def test_table_rows_are_sorted_by_size_and_written_with_thousands_separators():
    def figures(events, generator, run, test, peak, floor, baseline):
        return {
            "events": events,
            "generator": {"events_per_second": generator},
            "pipeline": {
                "run_seconds": run,
                "events_per_second": round(events / run),
                "test_seconds": test,
                "peak_rss_bytes": peak,
            },
            "floor": {"seconds": floor},
            "pipeline_to_floor": run / floor,
            **(
                {"baseline": {"seconds": baseline}, "baseline_to_pipeline": baseline / run}
                if baseline
                else {}
            ),
        }

    results = {
        "100000000": figures(99_779_914, 248_374, 3409.27, 191.08, 3 * 2**30, 31.04, None),
        "1000000": figures(1_003_579, 275_708, 37.42, 11.59, 3 * 2**29, 0.3, 7.99),
    }
    lines = report.table(results)
    assert lines[2:] == [
        # 1,003,579 / 37.42 = 26,819.3; 37.42 / 0.3 = 124.7; 7.99 / 37.42 = 0.2135
        "| 1,003,579 | 275,708 ev/s | 37.4 s | 26,819 ev/s | 11.6 s | 1.5 GiB | 0.3 s | 124.7x"
        " | 8.0 s | 0.21x |",
        # 99,779,914 / 3,409.27 = 29,267.3; 3,409.27 / 31.04 = 109.83
        "| 99,779,914 | 248,374 ev/s | 3,409.3 s | 29,267 ev/s | 191.1 s | 3.0 GiB | 31.0 s"
        " | 109.8x | - | - |",
    ]


def test_growth_links_the_same_last_day_behind_each_history(tmp_path):
    # Landing of 2026-06-01..05; a 2-day history before 06-05 is 06-03 and 06-04.
    source = tmp_path / "landing"
    for day in range(1, 6):
        folder = source / "events" / f"received_date=2026-06-0{day}"
        folder.mkdir(parents=True)
        (folder / "part-0.parquet").write_text(f"events of day {day}")
        (folder / "malformed.jsonl").write_text("{")
        (source / "spend").mkdir(exist_ok=True)
        (source / "spend" / f"2026-06-0{day}.csv").write_text(f"spend of day {day}")
    (source / "generated.json").write_text("{}")
    wanted = growth.received_days(datetime(2026, 6, 5).date(), 2)
    assert [day.isoformat() for day in wanted] == ["2026-06-03", "2026-06-04", "2026-06-05"]
    target = tmp_path / "landing-2d"
    assert growth.link_landing(source, target, wanted) == 9  # 3 days x (2 event files + spend)
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == [
        "events/received_date=2026-06-03/malformed.jsonl",
        "events/received_date=2026-06-03/part-0.parquet",
        "events/received_date=2026-06-04/malformed.jsonl",
        "events/received_date=2026-06-04/part-0.parquet",
        "events/received_date=2026-06-05/malformed.jsonl",
        "events/received_date=2026-06-05/part-0.parquet",
        "spend/2026-06-03.csv",
        "spend/2026-06-04.csv",
        "spend/2026-06-05.csv",
    ]
    # the same file, not a copy: the measured day is byte for byte the one of every history
    last = "events/received_date=2026-06-05/part-0.parquet"
    assert (target / last).stat().st_ino == (source / last).stat().st_ino


def test_growth_report_gives_medians_the_cpu_ratio_and_the_models_that_grew():
    def build(days, rows, runs):
        return growth._summarised(
            {
                "history_days": days,
                "history_landed_rows": rows,
                "history_build_seconds": 1.0,
                "runs": [
                    {"seconds": wall, "cpu_seconds": cpu, "model_seconds": models}
                    for wall, cpu, models in runs
                ],
            }
        )

    short = build(
        10,
        4_500_000,
        [
            (50.0, 80.0, {"a": 1.0, "b": 2.0}),
            (60.0, 90.0, {"a": 3.0, "b": 2.0}),
            (55.0, 100.0, {"a": 2.0, "b": 2.0}),
        ],
    )
    long = build(
        40,
        18_000_000,
        [
            (70.0, 99.0, {"a": 9.0, "b": 2.5}),
            (66.0, 110.0, {"a": 8.0, "b": 1.5}),
            (75.0, 121.0, {"a": 7.0, "b": 2.0}),
        ],
    )
    lines = growth.growth_lines(
        {
            "measured_day": "2026-06-30",
            "measured_day_landed_rows": 450_000,
            "visitors_per_day": 100_000,
            "repeats": 3,
            "histories": [short, long],
        },
        top=2,
    )
    # medians: 10 days wall 55, CPU 90, model a 2.0; 40 days wall 70, CPU 110, model a 8.0;
    # 110 / 90 = 1.2222 -> +22.2%; a grew by 6.0 s, b not at all
    assert lines[4:] == [
        "| 10 days | 4,500,000 | 55.0 s | 90.0 s | 80.0, 90.0, 100.0 |",
        "| 40 days | 18,000,000 | 70.0 s | 110.0 s | 99.0, 110.0, 121.0 |",
        "",
        "CPU, 40 days against 10: 1.222x (+22.2%)",
        "",
        "Models that grew most (10 -> 40 days, median seconds):",
        "  a                                               2.00 ->   8.00",
        "  b                                               2.00 ->   2.00",
    ]


def test_collector_shapes_hold_each_collectors_own_columns(tmp_path, monkeypatch):
    # a tiny generated landing, rewritten as GA4, Snowplow and Segment files (the input of
    # `make bench-collectors`); the adapters' own probe tells each file's collector by its columns
    monkeypatch.syspath_prepend(str(PROJECT_DIR / "duckdb_plugins"))  # as dbt-duckdb loads it
    from landed_files import collectors_of, probe

    start = datetime(2026, 3, 1).date()
    config = GeneratorConfig(
        start_date=start, end_date=start + timedelta(days=1), visitors_per_day=40
    )
    generate_landing(tmp_path / "landing", config)
    figures = convert(tmp_path / "landing", tmp_path / "shapes")
    rows = figures["prepare"]["rows"]
    assert rows > 100 and all(
        figures[shape]["rows"] == rows for shape in ("ga4", "snowplow", "segment")
    )

    ga4 = sorted((tmp_path / "shapes" / "ga4").glob("events_202603*/*.parquet"))
    snowplow = sorted((tmp_path / "shapes" / "snowplow").glob("received_date=*/*.tsv"))
    segment = sorted((tmp_path / "shapes" / "segment").glob("received_date=*/*.jsonl"))
    assert len(ga4) == len(snowplow) == len(segment) == 2
    table = pq.read_table(ga4[0])
    assert table.schema.field("event_timestamp").type == pa.int64()
    params = table.column("event_params").combine_chunks().flatten()
    assert {"page_location", "ga_session_id"} <= set(params.flatten()[0].to_pylist())
    assert collectors_of(set(table.column_names)) == ["ga4"]
    line = snowplow[0].read_text().splitlines()[0].split("\t")
    assert len(line) == len(SNOWPLOW_TSV_FIELDS) == 131
    message = json.loads(segment[0].read_text().splitlines()[0])
    assert message["type"] in ("page", "track") and "url" in message["context"]["page"]
    assert collectors_of(set(message)) == ["segment"]
    for path, collector in ((ga4[0], "ga4"), (snowplow[0], "snowplow"), (segment[0], "segment")):
        answer = probe(str(path), collector, set())
        assert answer["landed_status"] == "read", answer
