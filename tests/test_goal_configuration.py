"""A wrong goal definition fails the build with a message naming the goal and the problem."""

import duckdb

from tests.conftest import run_dbt

BAD_GOALS = """\
goal_id,goal_name,tier,micro_type,match_type,event_name,url_match,url_pattern,case_sensitive,\
threshold_seconds,threshold_pages,value_rule,value,value_property,counting,description
ok_goal,Fine,micro,secondary_action,event,add_to_cart,,,,,,fixed,0,,once_per_session,fine
weird_match,Weird,micro,secondary_action,clicks,x,,,,,,fixed,0,,once_per_session,bad
no_params,No params,micro,process_milestone,destination,,,,,,,fixed,0,,once_per_session,bad
bad_regex,Bad regex,micro,process_milestone,destination,,regex,^/p/(,,,,fixed,0,,once_per_session,b
twice,Twice,macro,,event,purchase,,,,,,fixed,1,,every_event,bad
twice,Twice again,macro,,event,purchase,,,,,,fixed,1,,every_event,bad
no_type,No type,micro,,event,video_play,,,,,,fixed,0,,once_per_session,bad
neg_value,Negative,micro,secondary_action,event,x,,,,,,fixed,-1,,once_per_session,bad
"""
BAD_CONDITIONS = """\
goal_id,property_key,operator,property_value
ok_goal,product_id,resembles,x
ghost,product_id,equals,x
ok_goal,value[,equals,1
"""


def test_bad_goals_fail_the_build_naming_each_goal(project_copy):
    (project_copy / "seeds" / "goals.csv").write_text(BAD_GOALS)
    (project_copy / "seeds" / "goal_property_conditions.csv").write_text(BAD_CONDITIONS)
    env = {"CW_DUCKDB_PATH": str(project_copy / "warehouse" / "w.duckdb")}
    result = run_dbt(
        project_copy,
        ["build", "--select", "+int_goals_validated", "--indirect-selection", "cautious"],
        env,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "The goals seed is invalid" in output
    for expected in [
        "goal weird_match: unknown match_type clicks",
        "goal no_params: destination goal needs url_match exact, begins_with or regex",
        "goal no_params: destination goal needs url_pattern",
        "goal bad_regex: url_pattern ^/p/( is not a valid regular expression",
        "goal twice: goal_id is not unique",
        "goal no_type: micro goal needs micro_type process_milestone or secondary_action",
        "goal neg_value: fixed value must be a finite number >= 0, got -1.0",
        "goal ok_goal: property condition on product_id: unknown operator resembles",
        "goal ghost: property condition on product_id: no goal has this goal_id",
        "goal ok_goal: property condition on value[: property_key is not a property name",
    ]:
        assert expected in output, expected


def test_shipped_goals_are_valid(project_copy):
    env = {"CW_DUCKDB_PATH": str(project_copy / "warehouse" / "w.duckdb")}
    result = run_dbt(
        project_copy,
        ["build", "--select", "+int_goals_validated", "--indirect-selection", "cautious"],
        env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


BAD_FUNNELS = """\
funnel_id,funnel_name,scope,step_order,conversion_window_hours,entry,breakdown_attribution,\
breakdown_step,description
good,Good,session,ordered,,closed,last_touch,,fine
gappy,Gappy,person,ordered,24,closed,,,steps 1 and 3
sideways,Sideways,session,sideways,,closed,,,unknown order
ghostly,Ghostly,session,ordered,,closed,,,unknown goal and event
middling,Middling,session,ordered,,closed,middle_touch,,unknown breakdown attribution
far,Far,session,ordered,,closed,step,3,breakdown step past the last step
"""
BAD_FUNNEL_STEPS = """\
funnel_id,step_number,step_name,goal_id,event_name
good,1,Cart,add_to_cart,
good,2,Checkout,begin_checkout,
gappy,1,Cart,add_to_cart,
gappy,3,Purchase,purchase,
sideways,1,Cart,add_to_cart,
ghostly,1,Nothing,no_such_goal,
ghostly,2,Nobody,,no_such_event
middling,1,Cart,add_to_cart,
far,1,Cart,add_to_cart,
far,2,Checkout,begin_checkout,
"""
BAD_FUNNEL_EXCLUSIONS = """\
funnel_id,exclusion_name,from_step,to_step,goal_id,event_name
good,left_cart,1,2,,page_view
far,backwards,2,1,add_to_cart,
far,haunted,1,2,no_such_goal,
nowhere,lost,1,2,add_to_cart,
"""


def test_bad_funnels_fail_the_build_naming_each_funnel(project_copy):
    (project_copy / "seeds" / "funnels.csv").write_text(BAD_FUNNELS)
    (project_copy / "seeds" / "funnel_steps.csv").write_text(BAD_FUNNEL_STEPS)
    (project_copy / "seeds" / "funnel_exclusions.csv").write_text(BAD_FUNNEL_EXCLUSIONS)
    landed = project_copy / "landing" / "events" / "received_date=2026-10-01"
    landed.mkdir(parents=True)
    (landed / "events.jsonl").write_text(
        '{"event_id": "e1", "event_name": "page_view", "event_at": "2026-10-01 10:00:00",'
        ' "received_at": "2026-10-01 10:00:01", "anonymous_id": "d1"}\n'
    )
    env = {"CW_DUCKDB_PATH": str(project_copy / "warehouse" / "w.duckdb")}
    result = run_dbt(
        project_copy,
        ["build", "--select", "+int_funnels_validated", "--indirect-selection", "cautious"],
        env,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "The funnel seeds are invalid" in output
    for expected in [
        "funnel gappy: step 3: step numbers have gaps (2 steps, the last numbered 3)",
        "funnel sideways: unknown step_order sideways (ordered, strict or any)",
        "funnel ghostly: step 1: unknown goal no_such_goal",
        "funnel middling: unknown breakdown_attribution middle_touch (first_touch, last_touch",
        "funnel far: breakdown_step is past the last step",
        "funnel far: exclusion backwards: needs 1 <= from_step < to_step <= the last step",
        "funnel far: exclusion haunted: unknown goal no_such_goal",
        "funnel nowhere: exclusion lost: no funnel has this funnel_id",
    ]:
        assert expected in output, expected
    assert "funnel good:" not in output
    assert "no_such_event" not in output  # an unseen event is a warning (below), not a problem


GOALS_WITH_AN_UNSEEN_EVENT = (
    BAD_GOALS.splitlines()[0]
    + """
cart,Cart,micro,process_milestone,event,add_to_cart,,,,,,fixed,0,,once_per_session,landed
wish,Wish,micro,secondary_action,event,wishlist_add,,,,,,fixed,0,,once_per_session,not landed
"""
)


def test_a_goal_or_step_naming_an_unseen_event_only_warns(project_copy):
    seeds = project_copy / "seeds"
    (seeds / "goals.csv").write_text(GOALS_WITH_AN_UNSEEN_EVENT)
    (seeds / "goal_property_conditions.csv").write_text(BAD_CONDITIONS.splitlines()[0] + "\n")
    (seeds / "funnels.csv").write_text(
        BAD_FUNNELS.splitlines()[0] + "\nshop,Shop,session,ordered,,closed,,,x\n"
    )
    (seeds / "funnel_steps.csv").write_text(
        BAD_FUNNEL_STEPS.splitlines()[0] + "\nshop,1,Cart,cart,\nshop,2,Review,,review_written\n"
    )
    (seeds / "funnel_exclusions.csv").write_text(
        BAD_FUNNEL_EXCLUSIONS.splitlines()[0]
        + "\nshop,seen,1,2,,add_to_cart\nshop,away,1,2,,leave\n"
    )
    landed = project_copy / "landing" / "events" / "received_date=2026-10-01"
    landed.mkdir(parents=True)
    (landed / "events.jsonl").write_text(
        '{"event_id": "e1", "event_name": "add_to_cart", "event_at": "2026-10-01 10:00:00",'
        ' "received_at": "2026-10-01 10:00:01", "anonymous_id": "d1"}\n'
    )
    database = project_copy / "warehouse" / "w.duckdb"
    result = run_dbt(
        project_copy,
        [
            "build",
            "--select",
            "+assert_configured_events_are_seen",
            "--indirect-selection",
            "cautious",
        ],
        {"CW_DUCKDB_PATH": str(database)},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARN 3 assert_configured_events_are_seen" in output, output
    with duckdb.connect(str(database), read_only=True) as connection:
        unseen = connection.execute(
            "select * from main_dbt_test__audit.assert_configured_events_are_seen order by all"
        ).fetchall()
    assert unseen == [
        ("funnel", "shop exclusion away", "leave"),
        ("funnel", "shop step 2", "review_written"),
        ("goal", "wish", "wishlist_add"),
    ]
