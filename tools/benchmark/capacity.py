"""Whether a size fits the machine, checked before a run starts, and what the machine is.

A size that cannot fit stops at once with the figures (disk for the landing files, the
warehouse and DuckDB's spill) instead of hours later; the pandas baseline, all in memory, is
skipped when it would not fit the machine's memory.
"""

from __future__ import annotations

import os
import platform

# Footprints measured (2026-11-24): landing files 82 bytes a row; the DuckDB warehouse file
# ~650 bytes a row at 10 million events (6.5 GB). DuckDB's spill is what grows fastest: 1.3 GB
# at 10 million with 8 GB of memory, but at 100 million with 6 GB sessionization had spilled
# 54 GB beside 20 GB of staged tables when the disk ran out - at least 74 GB in use, 1.14x the
# final warehouse - so the margin is 1.4x (a lower bound, rounded up). Built in hash buckets
# (--build-buckets) the windows stop spilling: one `make bench` of 100 million in 8 buckets
# (2026-11-25) spilled at most 5.4 GB (in one-statement models) and had at most ~67 GB of disk
# in use, the warehouse file 64.6 GB at the end; so a bucketed build takes a margin of 1.1x
# (71.5 GB asked for that run). The pandas baseline peaks at ~1,270 bytes a row (11.8 GiB).
LANDING_BYTES_PER_EVENT = 85
WAREHOUSE_BYTES_PER_EVENT = 650
SPILL_MARGIN = 1.4
BUCKETED_SPILL_MARGIN = 1.1
BASELINE_BYTES_PER_EVENT = 1_300


def _landing_bytes(events: int, reuse_landing: bool) -> int:
    """Bytes the landing files of ``events`` still need (none when an earlier folder is reused)."""
    return 0 if reuse_landing else events * LANDING_BYTES_PER_EVENT


def disk_needed(events: int, reuse_landing: bool, build_buckets: int = 1) -> int:
    """Bytes of free disk a run of ``events`` needs in its work directory (an estimate)."""
    landing = _landing_bytes(events, reuse_landing)
    margin = SPILL_MARGIN if build_buckets <= 1 else BUCKETED_SPILL_MARGIN
    return round(landing + events * WAREHOUSE_BYTES_PER_EVENT * margin)


def check_disk(
    events: int,
    reuse_landing: bool,
    free_bytes: int,
    landing_free_bytes: int | None = None,
    build_buckets: int = 1,
) -> None:
    """Stop before generating anything when the run cannot fit on the disk.

    ``free_bytes`` is free in the work directory; ``landing_free_bytes`` where the landing files
    go, when that is another file system (``--landing-dir``), else None; ``build_buckets`` as
    passed to the build (more than one spills far less).
    """
    landing_apart = landing_free_bytes is not None
    if landing_apart:
        landing = _landing_bytes(events, reuse_landing)
        if landing > landing_free_bytes:
            raise SystemExit(
                f"benchmark: the landing files of {events:,} events need about"
                f" {landing / 1e9:.0f} GB in --landing-dir; {landing_free_bytes / 1e9:.0f} GB"
                " are free."
            )
    # landing files written apart take nothing from the work directory
    no_landing = reuse_landing or landing_apart
    needed = disk_needed(events, no_landing, build_buckets)
    if needed > free_bytes:
        buckets_hint = (
            " A build in hash buckets (--build-buckets, ~1 per 12 million events) spills less"
            f" and needs about {disk_needed(events, no_landing, 2) / 1e9:.0f} GB."
            if build_buckets <= 1
            else ""
        )
        raise SystemExit(
            f"benchmark: {events:,} events need about {needed / 1e9:.0f} GB of free disk in the"
            " work directory (landing files, the warehouse, DuckDB's spill);"
            f" {free_bytes / 1e9:.0f} GB are free. Free some space, pass --work-dir on a"
            " larger disk or --landing-dir on another one (tmpfs: /dev/shm)." + buckets_hint
        )


def baseline_fits(events: int, memory_bytes: int) -> bool:
    """Whether the pandas baseline (all in memory) fits in 80% of the machine's memory."""
    return events * BASELINE_BYTES_PER_EVENT <= 0.8 * memory_bytes


def machine_memory_bytes() -> int:
    """The physical memory of the machine, in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def machine() -> str:
    """The machine the figures were taken on: cores, memory, Python version."""
    memory = machine_memory_bytes() / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"
