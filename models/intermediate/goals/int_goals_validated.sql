{#-
    One row per goal of the seed `goals`, checked: a goal that could silently match nothing (an
    unknown match type, a missing parameter, a regular expression that does not compile, a
    duplicate id, a micro goal without a micro type, ...) fails the build with a message naming
    every such goal and its problem. An event goal whose event has never landed is only flagged
    (has_unseen_event; the data test assert_configured_events_are_seen warns): it may come.
-#}

{#- a property name that can be a JSON path: plain names (letters, digits, _) joined by dots -#}
{%- set json_key_pattern = "'^[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*)*$'" -%}

{%- set checks = [
    ("goal_id is null", "'goal_id is empty'"),
    ("goal_id_count > 1", "'goal_id is not unique'"),
    ("goal_name is null", "'goal_name is empty'"),
    ("tier is null or tier not in ('micro', 'macro')",
        "concat('unknown tier ', coalesce(tier, '(empty)'), ' (micro or macro)')"),
    ("tier = 'micro' and (micro_type is null"
        ~ " or micro_type not in ('process_milestone', 'secondary_action'))",
        "concat('micro goal needs micro_type process_milestone or secondary_action, got ',"
        ~ " coalesce(micro_type, '(empty)'))"),
    ("tier = 'macro' and micro_type is not null", "'macro goal must not have a micro_type'"),
    ("match_type is null or match_type not in"
        ~ " ('event', 'destination', 'duration', 'pages_per_session')",
        "concat('unknown match_type ', coalesce(match_type, '(empty)'),"
        ~ " ' (event, destination, duration or pages_per_session)')"),
    ("match_type = 'event' and event_name is null", "'event goal needs event_name'"),
    ("match_type = 'destination' and (url_match is null"
        ~ " or url_match not in ('exact', 'begins_with', 'regex'))",
        "concat('destination goal needs url_match exact, begins_with or regex, got ',"
        ~ " coalesce(url_match, '(empty)'))"),
    ("match_type = 'destination' and url_pattern is null", "'destination goal needs url_pattern'"),
    ("match_type = 'destination' and url_match = 'regex' and url_pattern is not null"
        ~ " and not " ~ regex_compiles('url_pattern'),
        "concat('url_pattern ', url_pattern, ' is not a valid regular expression')"),
    ("match_type = 'duration' and coalesce(threshold_seconds, 0) <= 0",
        "'duration goal needs threshold_seconds > 0'"),
    ("match_type = 'pages_per_session' and coalesce(threshold_pages, 0) < 1",
        "'pages_per_session goal needs threshold_pages >= 1'"),
    ("value_rule is null or value_rule not in ('fixed', 'event_property')",
        "concat('unknown value_rule ', coalesce(value_rule, '(empty)'),"
        ~ " ' (fixed or event_property)')"),
    ("value_rule = 'fixed' and value is null", "'fixed value_rule needs value'"),
    ("value_rule = 'fixed' and not coalesce(value >= 0 and value <= 1.7976931348623157e308, true)",
        "concat('fixed value must be a finite number >= 0, got ', cast(value as "
        ~ dbt.type_string() ~ "))"),
    ("value_rule = 'event_property' and value_property is null",
        "'event_property value_rule needs value_property'"),
    ("value_rule = 'event_property' and value_property is not null and not "
        ~ regex_matches('value_property', json_key_pattern, case_insensitive=false),
        "concat('value_property ', value_property,"
        ~ " ' is not a property name (letters, digits, _ and dots)')"),
    ("value_rule = 'event_property' and match_type in ('duration', 'pages_per_session')",
        "'event_property value_rule needs an event or destination goal'"),
    ("counting is null or counting not in ('once_per_session', 'every_event')",
        "concat('unknown counting ', coalesce(counting, '(empty)'),"
        ~ " ' (once_per_session or every_event)')"),
] -%}

with goals as (

    select
        goal_id,
        goal_name,
        tier,
        micro_type,
        match_type,
        event_name,
        url_match,
        url_pattern,
        coalesce(case_sensitive, false) as case_sensitive,
        threshold_seconds,
        threshold_pages,
        value_rule,
        value,
        value_property,
        counting,
        description,
        count(*) over (partition by goal_id) as goal_id_count
    from {{ ref('goals') }}

),

landed_events as (

    select event_name from {{ ref('int_event_names_landed') }}

),

conditions as (

    select
        goal_id,
        property_key,
        operator,
        property_value
    from {{ ref('goal_property_conditions') }}

),

goal_problems as (

    {% for condition, message in checks %}
        select
            goal_id,
            {{ message }} as problem
        from goals
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

    union all

    select
        conditions.goal_id,
        concat(
            'property condition on ', coalesce(conditions.property_key, '(empty key)'), ': ',
            case
                when goals.goal_id is null then 'no goal has this goal_id'
                when goals.match_type != 'event' then 'only event goals take property conditions'
                when conditions.property_key is null then 'property_key is empty'
                when not {{ regex_matches(
                        'conditions.property_key', json_key_pattern, case_insensitive=false
                    ) }}
                    then 'property_key is not a property name (letters, digits, _ and dots)'
                when conditions.operator is null or conditions.operator not in ('equals', 'matches')
                    then concat(
                            'unknown operator ', coalesce(conditions.operator, '(empty)'),
                            ' (equals or matches)'
                        )
                when conditions.property_value is null then 'property_value is empty'
                else concat(
                        'property_value ', conditions.property_value,
                        ' is not a valid regular expression'
                    )
            end
        ) as problem
    from conditions
    left join goals
        on conditions.goal_id = goals.goal_id
    where
        goals.goal_id is null
        or goals.match_type != 'event'
        or conditions.property_key is null
        or not {{ regex_matches(
            'conditions.property_key', json_key_pattern, case_insensitive=false
        ) }}
        or conditions.operator is null
        or conditions.operator not in ('equals', 'matches')
        or conditions.property_value is null
        or (
            conditions.operator = 'matches'
            and not {{ regex_compiles('conditions.property_value') }}
        )

),

problem_summary as (

    {{ summarize_problems('goal_problems', 'goal') }}

),

final as (

    select
        goals.goal_id,
        goals.goal_name,
        goals.tier,
        goals.micro_type,
        goals.match_type,
        goals.event_name,
        goals.url_match,
        goals.url_pattern,
        goals.case_sensitive,
        goals.threshold_seconds,
        goals.threshold_pages,
        goals.value_rule,
        goals.value,
        goals.value_property,
        goals.counting,
        goals.description,
        goals.match_type = 'event' and landed_events.event_name is null as has_unseen_event
    from goals
    left join landed_events
        on goals.event_name = landed_events.event_name
    cross join problem_summary
    where {{ problems_are_absent('problem_summary', 'The goals seed is invalid: ') }}

)

select * from final
