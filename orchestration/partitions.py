"""The daily partitions shared by the landing asset and the dbt assets."""

from __future__ import annotations

from dagster import DailyPartitionsDefinition

from orchestration.settings import load_settings

daily_partitions = DailyPartitionsDefinition(
    start_date=load_settings().partitions_start_date.isoformat(),
    timezone="UTC",
    end_offset=0,
)
