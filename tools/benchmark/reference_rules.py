"""The project's defaults (dbt_project.yml vars) that the hand-written reference's rules use."""

RULES = {
    "session_timeout_seconds": 30 * 60,
    "max_clock_skew_seconds": 24 * 3600,
    "late_arrival_seconds": 3 * 86400,
    "bot_max_events_per_minute": 60,
    "bot_max_session_seconds": 12 * 3600,
    "attribution_lookback_days": 30,
    "reporting_currency": "EUR",
}
