{#-
    One row summarising the validation problems in `problems_relation` (columns
    `<subject>_id` and `problem`): problem_count, and problems as one text naming each
    (`<subject> <id>: <problem>; ...`).
-#}
{% macro summarize_problems(problems_relation, subject) %}
    select
        count(*) as problem_count,
        {{ dbt.listagg(
            "concat('" ~ subject ~ " ', coalesce(" ~ subject ~ "_id, '(no id)'), ': ', problem)",
            "'; '",
            "order by " ~ subject ~ "_id, problem"
        ) }} as problems
    from {{ problems_relation }}
{% endmacro %}
