{#-
    One row per spend date x channel x campaign: the spend of the seed marketing_spend and of
    landed spend files, summed. A spend row that does not parse, or names a channel the channel
    grouping does not know, fails the build with a message naming the row and its problem.
-#}

with spend_rows as (

    select
        spend_row_id,
        spend_date,
        channel,
        campaign,
        spend,
        problem
    from {{ ref('stg_landing__marketing_spend') }}

),

problems as (

    select
        spend_row_id,
        problem
    from spend_rows
    where problem is not null

),

problem_summary as (

    {{ summarize_problems('problems', 'spend_row') }}

),

final as (

    select
        spend_rows.spend_date,
        spend_rows.channel,
        spend_rows.campaign,
        cast(sum(spend_rows.spend) as double) as spend
    from spend_rows
    cross join problem_summary
    where {{ problems_are_absent('problem_summary', 'Marketing spend is invalid: ') }}
    group by spend_rows.spend_date, spend_rows.channel, spend_rows.campaign

)

select * from final
