"""The baseline an analyst would otherwise write: sessions and goal hits in pandas.

Fed the same landed Parquet files as the pipeline, it follows the same rules (session timeout
and campaign change; the goals seed, bots excluded) all in memory; the benchmark quotes its time
beside the pipeline's.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from orchestration.settings import PROJECT_DIR
from tools.benchmark.floor import SESSION_TIMEOUT
from tools.sample_events import EVENTS_DIR

_SEEDS = PROJECT_DIR / "seeds"


def _read_csv_seed(name: str) -> Any:
    import pandas as pd

    return pd.read_csv(_SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


def pandas_sessions(events: Any, timeout: Any) -> Any:
    """Number the sessions of ``events`` (sorted by device and time) in a ``session`` column.

    A session starts on a device's first event, after more than ``timeout`` without events, and
    on an event whose utm triple differs from the session's current one (a direct event never
    replaces a campaign).
    """
    device = events["anonymous_id"]
    new_device = device.ne(device.shift())
    timeout_start = new_device | events["event_at"].diff().gt(timeout)
    block = timeout_start.cumsum()
    triple = events["utm_triple"]
    current = triple.groupby(block).ffill().groupby(block).shift()
    campaign_start = triple.notna() & ~timeout_start & triple.ne(current)
    events["session"] = (timeout_start | campaign_start).cumsum()
    return events


def pandas_goal_hits(events: Any, goals: Any, conditions: Any, bot_patterns: list[str]) -> Any:
    """Goal hits per goal: event, destination, duration and pages-per-session goals.

    Counting as the seed says: the first hit in a session, or every event (deduplicated by
    order id). Sessions of a bot user agent fire none.
    """
    import pandas as pd

    bot_regex = "|".join(bot_patterns)
    is_bot = events["user_agent"].str.contains(bot_regex, case=False, regex=True, na=False)
    human = events[~is_bot.groupby(events["session"]).transform("any")]
    page_views = human["event_name"].eq("page_view")
    path = human["page_url"].str.extract(r"^(?:[a-zA-Z]+://[^/]+)?([^?#]*)", expand=False)
    session_start = human.groupby("session")["event_at"].transform("min")
    elapsed = (human["event_at"] - session_start).dt.total_seconds()
    page_number = page_views.astype("int64").groupby(human["session"]).cumsum()
    hits = {}
    # seed patterns may hold groups; pandas warns that contains() ignores them, as wanted here
    warnings.filterwarnings("ignore", "This pattern is interpreted", UserWarning)
    for goal in goals.itertuples():
        if goal.match_type == "event":
            mask = human["event_name"].eq(goal.event_name)
            for condition in conditions[conditions["goal_id"] == goal.goal_id].itertuples():
                value = human["properties"].str.extract(
                    rf'"{condition.property_key}"\s*:\s*"?([^",}}]*)', expand=False
                )
                if condition.operator == "matches":
                    mask &= value.str.contains(condition.property_value, regex=True, na=False)
                else:
                    mask &= value.eq(condition.property_value)
        elif goal.match_type == "destination":
            case = goal.case_sensitive == "true"
            target = path if case else path.str.lower()
            pattern = goal.url_pattern if case else goal.url_pattern.lower()
            if goal.url_match == "exact":
                matched = target.eq(pattern)
            elif goal.url_match == "begins_with":
                matched = target.str.startswith(pattern, na=False)
            else:
                matched = target.str.contains(pattern, regex=True, na=False)
            mask = page_views & matched
        elif goal.match_type == "duration":
            mask = elapsed.ge(float(goal.threshold_seconds))
        else:
            mask = page_views & page_number.eq(int(goal.threshold_pages))
        matched_rows = human.loc[mask, ["session", "event_at", "properties"]]
        if goal.counting == "every_event":
            order = matched_rows["properties"].str.extract(r'"order_id"\s*:\s*"([^"]*)"')[0]
            keyed = order.notna()
            count = order[keyed].nunique() + int((~keyed).sum())
        else:
            count = matched_rows["session"].nunique()
        hits[goal.goal_id] = int(count)
    return pd.Series(hits, dtype="int64")


def prepare_events(events: Any) -> Any:
    """Clean the raw rows as an analyst would: parse times, drop duplicates, find campaigns."""
    import pandas as pd

    events = events.drop_duplicates("event_id")
    events["event_at"] = pd.to_datetime(events["event_at"], errors="coerce", format="mixed")
    events = events[events["event_at"].notna()].copy()
    parts = []
    for key in ("source", "medium", "campaign"):
        column = events[f"utm_{key}"]
        missing = column.isna()
        parsed = events.loc[missing, "page_url"].str.extract(
            rf"[?&]utm_{key}=([^&#]*)", expand=False
        )
        decoded = parsed.dropna().map(unquote_plus)
        parts.append(column.fillna(decoded))
    present = parts[0].notna() | parts[1].notna() | parts[2].notna()
    triple = parts[0].fillna("") + "\x1f" + parts[1].fillna("") + "\x1f" + parts[2].fillna("")
    events["utm_triple"] = triple.where(present)
    return events.sort_values(["anonymous_id", "event_at", "event_id"], ignore_index=True)


_BASELINE_COLUMNS = [
    "event_id",
    "event_name",
    "event_at",
    "anonymous_id",
    "page_url",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "user_agent",
    "properties",
]


def run_baseline(landing: Path) -> dict:
    """Sessions and goal hits in pandas from the landed Parquet files; figures and seconds."""
    import pandas as pd

    started = time.perf_counter()
    files = sorted((Path(landing) / EVENTS_DIR).glob("*/*.parquet"))
    events = pd.concat(
        [pd.read_parquet(path, columns=_BASELINE_COLUMNS) for path in files], ignore_index=True
    )
    rows = len(events)
    events = pandas_sessions(prepare_events(events), pd.Timedelta(SESSION_TIMEOUT))
    goals = _read_csv_seed("goals")
    conditions = _read_csv_seed("goal_property_conditions")
    patterns = _read_csv_seed("bot_user_agent_patterns")["pattern"].tolist()
    hits = pandas_goal_hits(events, goals, conditions, patterns)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows_read": rows,
        "sessions": int(events["session"].nunique()),
        "goal_hits": int(hits.sum()),
    }
