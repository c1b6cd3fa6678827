"""Tests of the synthetic landing-data generator (tools/sample_events/)."""

from __future__ import annotations

import csv
import gc
import json
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tools import sample_events as se
from tools.sample_events.audience import COUNTRIES
from tools.sample_events.formatting import ipv4_array, uuid_array

START = date(2026, 10, 1)
SMALL = se.GeneratorConfig(
    start_date=START, end_date=START + timedelta(days=3), visitors_per_day=200
)
# big enough for every imperfection to show up, still well under a second to generate
MEDIUM = se.GeneratorConfig(
    start_date=START, end_date=START + timedelta(days=7), visitors_per_day=1000, seed=7
)
BOT_MARKERS = ("Googlebot", "bingbot", "AhrefsBot", "HeadlessChrome", "python-requests", "crawler")


def _ts(text: str) -> datetime:
    if len(text) != 26:
        raise ValueError(text)
    return datetime.fromisoformat(text)


def _day_dirs(out: Path) -> list[Path]:
    return sorted((out / "events").iterdir())


def _read_day(folder: Path) -> dict[str, list[dict]]:
    """Rows of one received day, by file kind."""
    parquet_rows: list[dict] = []
    for path in sorted(folder.glob("*.parquet")):
        parquet_rows.extend(pq.read_table(path).to_pylist())
    with open(folder / se.LEGACY_FILE, newline="", encoding="utf-8") as fh:
        csv_rows = [
            {k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)
        ]
    malformed = folder / se.MALFORMED_FILE  # written only on a day with malformed rows
    jsonl_rows = []
    if malformed.exists():
        with open(malformed, encoding="utf-8") as fh:
            jsonl_rows = [json.loads(line) for line in fh if line.strip()]
    return {"parquet": parquet_rows, "csv": csv_rows, "jsonl": jsonl_rows}


def _good_rows(out: Path) -> list[dict]:
    """All parquet and csv rows of a landing folder (received_date added)."""
    rows = []
    for folder in _day_dirs(out):
        day = _read_day(folder)
        for row in day["parquet"] + day["csv"]:
            rows.append({**row, "received_date": folder.name.split("=")[1]})
    return rows


def _file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, se.GenerationSummary]:
    out = tmp_path_factory.mktemp("small")
    return out, se.generate_landing(out, SMALL)


@pytest.fixture(scope="module")
def medium_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, se.GenerationSummary]:
    out = tmp_path_factory.mktemp("medium")
    return out, se.generate_landing(out, MEDIUM)


@pytest.fixture(scope="module")
def medium_rows(medium_run: tuple[Path, se.GenerationSummary]) -> list[dict]:
    return _good_rows(medium_run[0])


# ------------------------------------------------------------------------------ determinism


def test_same_seed_gives_identical_files(small_run, tmp_path: Path) -> None:
    out, _ = small_run
    se.generate_landing(tmp_path, SMALL)
    first, second = _day_dirs(out), _day_dirs(tmp_path)
    assert [d.name for d in first] == [d.name for d in second]
    for a, b in zip(first, second, strict=True):
        assert _file_bytes(a) == _file_bytes(b)


def test_different_seed_gives_different_rows(small_run, tmp_path: Path) -> None:
    out, _ = small_run
    other = se.GeneratorConfig(
        start_date=SMALL.start_date, end_date=SMALL.end_date, visitors_per_day=200, seed=43
    )
    se.generate_landing(tmp_path, other)
    ids_a = {r["event_id"] for r in _good_rows(out)}
    ids_b = {r["event_id"] for r in _good_rows(tmp_path)}
    assert ids_a and ids_b and not ids_a & ids_b


def test_received_day_alone_equals_full_run(small_run, tmp_path: Path) -> None:
    out, full = small_run
    day = SMALL.start_date + timedelta(days=2)
    summary = se.generate_landing(tmp_path, SMALL, received_dates=[day])
    assert [d.name for d in _day_dirs(tmp_path)] == [f"received_date={day.isoformat()}"]
    assert _file_bytes(se.received_day_dir(tmp_path, day)) == _file_bytes(
        se.received_day_dir(out, day)
    )
    assert summary.days[day].to_dict() == full.days[day].to_dict()


def test_parallel_workers_write_identical_files(tmp_path: Path) -> None:
    config = se.GeneratorConfig(
        start_date=START, end_date=START + timedelta(days=5), visitors_per_day=150, chunk_rows=400
    )
    one = se.generate_landing(tmp_path / "one", config, workers=1)
    two = se.generate_landing(tmp_path / "two", config, workers=2)
    assert one.to_dict()["days"] == two.to_dict()["days"]
    for a, b in zip(_day_dirs(tmp_path / "one"), _day_dirs(tmp_path / "two"), strict=True):
        assert _file_bytes(a) == _file_bytes(b)


def test_rewrite_is_idempotent_and_removes_stale_files(small_run, tmp_path: Path) -> None:
    day = SMALL.start_date + timedelta(days=1)
    se.generate_landing(tmp_path, SMALL, received_dates=[day])
    folder = se.received_day_dir(tmp_path, day)
    before = _file_bytes(folder)
    (folder / "stale.parquet").write_bytes(b"junk")
    se.generate_landing(tmp_path, SMALL, received_dates=[day])
    assert _file_bytes(folder) == before


def test_chunk_rows_bounds_parquet_files(tmp_path: Path) -> None:
    config = se.GeneratorConfig(
        start_date=START, end_date=START + timedelta(days=1), visitors_per_day=300, chunk_rows=500
    )
    summary = se.generate_landing(tmp_path, config)
    for folder in _day_dirs(tmp_path):
        files = sorted(folder.glob("*.parquet"))
        assert all(pq.read_metadata(p).num_rows <= 500 for p in files)
    assert summary.total.parquet_files > 4


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError):
        se.GeneratorConfig(start_date=START, end_date=START - timedelta(days=1))
    with pytest.raises(ValueError):
        se.generate_landing(Path("/nonexistent"), SMALL, received_dates=[START - timedelta(days=1)])


# ------------------------------------------------------------------------------ file format


def test_files_have_the_20_string_columns(small_run) -> None:
    out, _ = small_run
    dirs = _day_dirs(out)
    assert len(dirs) == 4
    for folder in dirs:
        parquet_files = sorted(folder.glob("*.parquet"))
        assert parquet_files
        for path in parquet_files:
            schema = pq.read_schema(path)
            assert schema.names == list(se.COLUMNS)
            assert all(field.type == pa.string() for field in schema)
        with open(folder / se.LEGACY_FILE, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            assert next(reader) == list(se.COLUMNS)
            assert all(len(row) == 20 for row in reader)
        if not (folder / se.MALFORMED_FILE).exists():
            continue  # no malformed rows that day
        with open(folder / se.MALFORMED_FILE, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                assert isinstance(row, dict)
                keys = list(row)
                assert keys == [c for c in se.COLUMNS if c in row]


def test_value_formats(small_run) -> None:
    rows = _good_rows(small_run[0])
    for row in rows:
        assert _ts(row["event_at"]) <= _ts(row["received_at"])
        assert row["received_at"][:10] == row["received_date"]
        assert row["page_url"].startswith("https://www.example-shop.com/")
        assert row["device_category"] in ("desktop", "mobile", "tablet")
        assert len(row["country"]) == 2
        assert len(row["event_id"]) == 32
        if row["properties"] is not None:
            assert isinstance(json.loads(row["properties"]), dict)
        assert row["event_name"] in se.EVENT_NAMES
    assert any(":" in r["ip_address"] for r in rows)
    assert any(r["ip_address"].count(".") == 3 for r in rows)


def test_anonymous_ids_are_version_4_uuids() -> None:
    # digit 12 becomes the version 4, digit 16 the variant "89ab"[bits & 3]; dashes 8-4-4-4-12
    bits = [0, 2**128 - 1, 0x0123456789ABCDEF_FEDCBA9876543210 + 1]
    assert uuid_array(bits).to_pylist() == [
        "00000000-0000-4000-8000-000000000000",
        "ffffffff-ffff-4fff-bfff-ffffffffffff",
        "01234567-89ab-4def-9edc-ba9876543211",
    ]


def test_ipv4_addresses_by_hand() -> None:
    # first octet: entry (bits >> 16) % k of the country's k; then bits 24-31, 32-39 and
    # 1 + (bits >> 40) % 254
    bits = (1 << 16) | (10 << 24) | (20 << 32) | (5 << 40)  # bits >> 16 = 85,199,361
    wrap = (300 << 40) | (7 << 24)  # bits >> 16 = 5,033,166,592 = 4 * 1,258,291,648
    countries = [COUNTRIES.index(c) for c in ("DE", "SE", "FR", "DE")]
    # DE (84, 91, 178, 93): 85,199,361 % 4 = 1; SE (78, 94): % 2 = 1; FR (82, 90, 86): % 3 = 0
    assert ipv4_array([bits, bits, bits, wrap], countries).to_pylist() == [
        "91.10.20.6",
        "94.10.20.6",
        "82.10.20.6",
        "84.7.0.47",
    ]


def test_an_in_process_run_restores_the_garbage_collector(tmp_path: Path) -> None:
    # the simulation pauses the cyclic collector; the caller's process gets it back
    assert gc.isenabled()
    se.generate_landing(tmp_path, SMALL, workers=1)
    assert gc.isenabled()
    gc.disable()
    try:
        se.generate_landing(tmp_path, SMALL, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ------------------------------------------------------------------------------ accounting


def test_accounting_identity_matches_files(medium_run) -> None:
    out, summary = medium_run
    total = summary.total
    assert total.rows_written == sum(d.rows_written for d in summary.days.values())
    first_seen: dict[str, datetime] = {}
    per_day = {}
    for folder in _day_dirs(out):
        rows = _read_day(folder)
        per_day[date.fromisoformat(folder.name.split("=")[1])] = rows
        for row in rows["parquet"] + rows["csv"]:
            recv = _ts(row["received_at"])
            if row["event_id"] not in first_seen or recv < first_seen[row["event_id"]]:
                first_seen[row["event_id"]] = recv
    for day, rows in per_day.items():
        s = summary.days[day]
        assert s.accounting_ok()
        assert s.parquet_rows == len(rows["parquet"])
        assert s.csv_rows == len(rows["csv"])
        assert s.jsonl_rows == len(rows["jsonl"])
        assert s.rows_written == s.parquet_rows + s.csv_rows + s.jsonl_rows
        reasons = Counter()
        dups = late = too_late = 0
        for row in rows["parquet"] + rows["csv"]:
            if _ts(row["received_at"]) > first_seen[row["event_id"]]:
                dups += 1
                continue
            lag = _ts(row["received_at"]) - _ts(row["event_at"])
            calendar_days = (_ts(row["received_at"]).date() - _ts(row["event_at"]).date()).days
            if timedelta(days=1) <= lag <= timedelta(days=3):
                late += 1
                assert 1 <= calendar_days <= 3
            elif timedelta(days=4) <= lag <= timedelta(days=6):
                too_late += 1
                assert 4 <= calendar_days <= 6
            else:
                assert lag <= timedelta(seconds=5)
        for row in rows["jsonl"]:
            reasons[_malformed_reason(row)] += 1
        assert dups == s.duplicate_rows
        assert late == s.late_events
        assert too_late == s.too_late_events
        assert dict(reasons) == {k: v for k, v in s.malformed_rows.items() if v}
        assert s.good_events == s.parquet_rows + s.csv_rows - dups - too_late


def _malformed_reason(row: dict) -> str:
    if row.get("event_id") is None:
        return "missing_event_id"
    if row.get("anonymous_id") is None:
        return "missing_anonymous_id"
    if row.get("event_name") is None:
        return "missing_event_name"
    try:
        event_at = _ts(row["event_at"])
    except ValueError:
        return "unparseable_event_at"
    if event_at > _ts(row["received_at"]) + timedelta(hours=24):
        return "clock_skew"
    try:
        props = json.loads(row["properties"])
    except (TypeError, ValueError):
        return "properties_not_object"
    assert not isinstance(props, dict), row
    return "properties_not_object"


def test_summary_to_dict_is_json(small_run) -> None:
    data = json.loads(json.dumps(small_run[1].to_dict()))
    assert data["total"]["rows_written"] == small_run[1].total.rows_written
    assert set(data["total"]["malformed_rows"]) == set(se.MALFORMED_REASONS)
    assert len(data["days"]) == 4


# ------------------------------------------------------------------------------ imperfections


def test_duplicates_are_exact_copies(medium_run, medium_rows) -> None:
    summary = medium_run[1]
    by_id = defaultdict(list)
    for row in medium_rows:
        by_id[row["event_id"]].append(row)
    copies = [rows for rows in by_id.values() if len(rows) > 1]
    assert len(copies) == summary.total.duplicate_rows > 0
    for rows in copies:
        strip = [
            {k: v for k, v in r.items() if k not in ("received_at", "received_date")} for r in rows
        ]
        assert all(s == strip[0] for s in strip)
        assert len({r["received_at"] for r in rows}) == len(rows)
    share = summary.total.duplicate_rows / summary.total.rows_written
    assert 0.002 < share < 0.01
    assert any(len({r["received_date"] for r in rows}) > 1 for rows in copies)


def test_late_and_too_late_events(medium_run) -> None:
    total = medium_run[1].total
    assert 0.004 < total.late_events / total.rows_written < 0.02
    assert total.too_late_events > 0
    assert total.too_late_events < total.late_events / 5


def test_malformed_rows_of_every_reason(medium_run) -> None:
    total = medium_run[1].total
    assert all(count > 0 for count in total.malformed_rows.values()), total.malformed_rows
    assert 0.0004 < total.malformed_total / total.rows_written < 0.003


def test_bots_and_scrapers(medium_run, medium_rows) -> None:
    uas = {r["user_agent"] for r in medium_rows}
    for marker in BOT_MARKERS:
        assert any(marker in ua for ua in uas), marker
    total = medium_run[1].total
    assert 0.01 < total.bot_visits / total.visits < 0.04
    # scrapers: a browser user agent firing > 60 page views within one minute
    times = defaultdict(list)
    for row in medium_rows:
        if row["event_name"] == "page_view":
            times[row["anonymous_id"]].append(_ts(row["event_at"]))
    fast = []
    for anon, stamps in times.items():
        stamps.sort()
        if len(stamps) > 60 and stamps[60] - stamps[0] <= timedelta(minutes=1):
            fast.append(anon)
    assert fast
    scraper_uas = {r["user_agent"] for r in medium_rows if r["anonymous_id"] in fast}
    assert not any(m in ua for ua in scraper_uas for m in BOT_MARKERS)


def test_order_refires_share_order_id(medium_run, medium_rows) -> None:
    purchases = [r for r in medium_rows if r["event_name"] == "purchase"]
    assert purchases
    by_order = defaultdict(set)
    for row in purchases:
        props = json.loads(row["properties"])
        assert props["currency"] == "EUR"
        assert isinstance(props["value"], float) and props["value"] > 0
        assert round(props["value"], 2) == props["value"]
        assert props["order_id"] and props["product_id"]
        by_order[props["order_id"]].add(row["event_id"])
    refired = [ids for ids in by_order.values() if len(ids) > 1]
    assert len(refired) == medium_run[1].total.order_refires > 0


def test_capture_gap_removes_mobile_add_to_cart(tmp_path: Path) -> None:
    config = se.GeneratorConfig(
        start_date=START, end_date=START + timedelta(days=24), visitors_per_day=500
    )
    gap = config.capture_gap_days
    assert gap == [START + timedelta(days=k) for k in (20, 21, 22)]
    received = [START + timedelta(days=k) for k in range(17, 25)]
    summary = se.generate_landing(tmp_path, config, received_dates=received)
    assert summary.capture_gap_days == gap
    counts = Counter()
    for row in _good_rows(tmp_path):
        if row["event_name"] == "add_to_cart":
            event_day = date.fromisoformat(row["event_at"][:10])
            counts[(row["device_category"], event_day in gap)] += 1
    assert counts[("mobile", True)] == 0
    assert counts[("mobile", False)] > 0
    assert counts[("desktop", True)] > 0
    # without the gap, mobile add_to_cart happens on those days
    no_gap = se.GeneratorConfig(
        start_date=config.start_date,
        end_date=config.end_date,
        visitors_per_day=500,
        inject_capture_gap=False,
    )
    se.generate_landing(tmp_path / "nogap", no_gap, received_dates=gap)
    assert any(
        r["event_name"] == "add_to_cart" and r["device_category"] == "mobile"
        for r in _good_rows(tmp_path / "nogap")
    )


def test_no_capture_gap_in_short_windows(small_run) -> None:
    assert SMALL.capture_gap_days == []
    assert small_run[1].capture_gap_days == []


# ------------------------------------------------------------------------------ behaviour


def test_traffic_sources_are_diverse(medium_rows) -> None:
    kinds = set()
    for row in medium_rows:
        if row["referrer_url"] and row["referrer_url"].startswith("https://www.example-shop.com"):
            continue  # not a landing event
        query = parse_qs(urlsplit(row["page_url"]).query)
        source = query.get("utm_source", [None])[0]
        medium = query.get("utm_medium", [None])[0]
        referrer_host = urlsplit(row["referrer_url"]).hostname if row["referrer_url"] else None
        kinds.add((source, medium) if source else ("referrer", referrer_host))
    assert len(kinds) >= 10, kinds
    assert ("newsletter", "email") in kinds
    assert ("google", "cpc") in kinds
    assert ("referrer", None) in kinds  # direct


def test_utms_only_on_landing_events_half_in_columns(medium_rows) -> None:
    in_url = in_columns = 0
    for row in medium_rows:
        query = parse_qs(urlsplit(row["page_url"]).query)
        if row["utm_source"] is not None:
            assert query["utm_source"] == [row["utm_source"]]
            assert query["utm_medium"] == [row["utm_medium"]]
        if "utm_source" in query:
            in_url += 1
            in_columns += row["utm_source"] is not None
            assert row["event_name"] == "page_view"
        else:
            assert row["utm_source"] is None
        click_params = {"gclid", "fbclid", "msclkid"} & set(query)
        assert (row["click_id"] is not None) == bool(click_params)
        if click_params:
            kind = click_params.pop()
            landed = query[kind][0] if kind == "gclid" else f"{kind}={query[kind][0]}"
            assert row["click_id"] == landed
    assert in_url > 100
    assert 0.35 < in_columns / in_url < 0.65


def test_user_id_after_sign_in_and_cross_device(medium_rows) -> None:
    by_anon = defaultdict(list)
    for row in medium_rows:
        by_anon[row["anonymous_id"]].append(row)
    anons_per_user = defaultdict(set)
    for anon, rows in by_anon.items():
        rows.sort(key=lambda r: (r["event_at"], r["event_id"]))
        signed = False
        user_ids = {r["user_id"] for r in rows if r["user_id"]}
        assert len(user_ids) <= 1
        for row in rows:
            if row["user_id"]:
                if not signed:  # signs in now, or the device was signed in before
                    assert row["event_name"] in ("account_created", "login", "page_view")
                signed = True
                anons_per_user[row["user_id"]].add(anon)
            else:
                assert not signed, anon
    multi = [u for u, anons in anons_per_user.items() if len(anons) > 1]
    assert multi
    devices = {
        frozenset(r["device_category"] for a in anons_per_user[u] for r in by_anon[a])
        for u in multi
    }
    assert any({"mobile", "desktop"} <= d for d in devices)


def test_purchases_follow_the_funnel_and_conversion_differs(medium_rows) -> None:
    by_anon = defaultdict(list)
    for row in medium_rows:
        by_anon[row["anonymous_id"]].append(row)
    ok = total = 0
    for rows in by_anon.values():
        rows.sort(key=lambda r: r["event_at"])
        seen: set[str] = set()
        for row in rows:
            if row["event_name"] == "purchase":
                total += 1
                ok += {"add_to_cart", "begin_checkout"} <= seen
                assert row["page_url"].endswith("/checkout/thank-you")
            seen.add(row["event_name"])
    assert total > 20 and ok / total > 0.95
    # desktop converts better than mobile
    buyers = defaultdict(set)
    visitors = defaultdict(set)
    for row in medium_rows:
        visitors[row["device_category"]].add(row["anonymous_id"])
        if row["event_name"] == "purchase":
            buyers[row["device_category"]].add(row["anonymous_id"])
    rate = {d: len(buyers[d]) / len(visitors[d]) for d in ("desktop", "mobile")}
    assert rate["desktop"] > 1.5 * rate["mobile"]


def test_event_mix(medium_rows) -> None:
    names = Counter(r["event_name"] for r in medium_rows)
    assert set(names) == set(se.EVENT_NAMES)
    assert names["page_view"] > 0.6 * sum(names.values())
    devices = Counter(r["device_category"] for r in medium_rows if r["event_name"] == "page_view")
    assert devices["desktop"] > devices["mobile"] > devices["tablet"] > 0


def test_visits_gap_and_referrers(medium_rows) -> None:
    internal = [r for r in medium_rows if (r["referrer_url"] or "").startswith(se.BASE_URL)]
    assert internal
    assert all("?" not in r["referrer_url"] for r in internal)
    by_anon = defaultdict(list)
    for row in medium_rows:
        if row["event_name"] == "page_view" and "bot" not in row["user_agent"].lower():
            by_anon[row["anonymous_id"]].append(_ts(row["event_at"]))
    pauses = 0
    for stamps in by_anon.values():
        stamps.sort()
        for a, b in zip(stamps, stamps[1:], strict=False):
            if timedelta(minutes=31) <= b - a <= timedelta(minutes=61):
                pauses += 1
    assert pauses > 0


# ------------------------------------------------------------------------------ CLI


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--out",
        str(tmp_path),
        "--start-date",
        "2026-10-01",
        "--end-date",
        "2026-10-03",
        "--visitors-per-day",
        "100",
        "--received-date",
        "2026-10-02",
    ]
    assert se.main(args) == 0
    output = capsys.readouterr().out
    assert "rows written" in output and "events/s" in output
    assert [d.name for d in _day_dirs(tmp_path)] == ["received_date=2026-10-02"]
    assert se.main([*args, "--quiet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["days"]) == ["2026-10-02"]
    assert se.main([*args[:4], "--end-date", "2026-09-01"]) == 2


def test_rows_do_not_depend_on_the_window(tmp_path: Path) -> None:
    """A daily job with a moving window rewrites a received day with the same rows."""
    day = START + timedelta(days=9)
    wide = se.GeneratorConfig(
        start_date=START, end_date=day + timedelta(days=2), visitors_per_day=150
    )
    narrow = se.GeneratorConfig(
        start_date=day - timedelta(days=6), end_date=day, visitors_per_day=150
    )
    se.generate_landing(tmp_path / "wide", wide, received_dates=[day])
    se.generate_landing(tmp_path / "narrow", narrow, received_dates=[day])
    assert _file_bytes(se.received_day_dir(tmp_path / "wide", day)) == _file_bytes(
        se.received_day_dir(tmp_path / "narrow", day)
    )
