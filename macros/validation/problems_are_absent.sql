{#-
    A condition that holds when the summary `summary` (from summarize_problems) counts no
    problem, and otherwise fails the query with `message_prefix` followed by every problem.
-#}
{% macro problems_are_absent(summary, message_prefix) %}
    case
        when {{ summary }}.problem_count > 0
            then {{ raise_error("concat('" ~ message_prefix ~ "', " ~ summary ~ ".problems)") }}
    end is null
{% endmacro %}
