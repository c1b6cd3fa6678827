-- Fails the build: every experiment of the seed experiment_variants has exactly one control
-- variant and every intended share is positive (rpt_experiments compares each variant with the
-- control and tests the split against the shares). One row per experiment with its problem.
select
    experiment_id,
    sum(case when is_control then 1 else 0 end) as control_variants,
    min(intended_share) as smallest_intended_share
from {{ ref('experiment_variants') }}
group by 1
having
    sum(case when is_control then 1 else 0 end) <> 1
    or min(intended_share) <= 0
