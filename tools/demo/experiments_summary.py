"""The experiments lines of ``make run``'s summary, read from rpt_experiments."""

from __future__ import annotations

import duckdb

# Person scope, macro goals: each tested variant against its control, with the split check.
_EXPERIMENTS_SQL = """
select experiment_id, variant_id, goal_id, exposed_persons, conversion_rate,
    control_conversion_rate, relative_lift, p_value, has_sample_ratio_mismatch, srm_p_value,
    persons_in_several_variants
from rpt_experiments
where scope = 'person' and tier = 'macro' and not is_control
    and control_conversion_rate is not null
order by experiment_id, variant_id, goal_id
"""


def experiment_lines(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per experiment x tested variant x macro goal (persons), or one saying none."""
    rows = connection.execute(_EXPERIMENTS_SQL).fetchall()
    if not rows:
        return ["Experiments (rpt_experiments): none with exposures and a control"]
    lines = ["Experiments (persons after first exposure, against control; rpt_experiments):"]
    for (
        experiment,
        variant,
        goal,
        persons,
        rate,
        control_rate,
        lift,
        p_value,
        mismatch,
        srm_p_value,
        several,
    ) in rows:
        verdict = (
            f"SAMPLE RATIO MISMATCH (p = {srm_p_value:.1e}): do not read"
            if mismatch
            else f"p = {_format(p_value, '.3f')}"
        )
        lines.append(
            f"{experiment} {variant}: {goal} {rate:.2%} vs {control_rate:.2%} "
            f"({_format(lift, '+.1%')}; {persons:,} persons, {several:,} in several variants), "
            f"{verdict}"
        )
    return lines


def _format(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else "n/a"
