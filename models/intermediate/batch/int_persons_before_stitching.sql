{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}

{#-
    One row per person an affected device belonged to before this run stitched it: the persons
    int_devices_stitched holds now for the devices int_devices_affected names. A device that signs
    in moves from its anonymous person to the user's, and the former person's journeys must be
    rebuilt (without that device's events); int_persons_affected adds these persons to the batch.

    A journal, like int_devices_affected_for_goals (docs/decisions/0029): built before
    int_devices_stitched (which names it as a dependency), an incremental run appends its persons
    and keeps the rows of runs that did not finish. A run stopped after the stitching and before
    the models keyed by person leaves int_devices_stitched naming the new person only; the rerun
    still finds the former one here. The on-run-end hook clear_finished_batch empties the journal
    once a run built it and every incremental model downstream of it without a failure.

    `--full-refresh` does not empty it (full_refresh=false): a full refresh of a selection that
    rebuilds int_devices_stitched but not every model keyed by person must keep the former
    persons too; a complete build empties it through the hook. A warehouse built before this
    model existed gets it on its next run, which reads int_devices_stitched as it stands.
-#}

{#- int_devices_stitched as before this run: read by name, not ref (it depends on this model). -#}
{%- set stitched_before = existing_model_relation('int_devices_stitched') -%}

with affected_devices as (

    select anonymous_id
    from {{ ref('int_devices_affected') }}

),

persons_before as (

    {% if stitched_before -%}
        select distinct stitched.person_id
        from {{ stitched_before }} as stitched
        inner join affected_devices
            on stitched.anonymous_id = affected_devices.anonymous_id
    {%- else -%}
        select cast(null as {{ dbt.type_string() }}) as person_id
        from affected_devices
        where false
    {%- endif %}

),

final as (

    {{ journal_new_rows('persons_before', 'person_id') }}

)

select * from final
