{#-
    The relation of this project's model `model_name` as the warehouse holds it now, or none when
    it does not exist: found by the model's node, not by `ref`, so the caller takes no dependency
    on it (the batch journals read int_goal_hits_counted and int_devices_stitched as they were
    before the run; the on-run-end hook empties the journals). At execution only.
-#}
{% macro existing_model_relation(model_name) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {%- if not node -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=node.database, schema=node.schema, identifier=node.alias
    )) }}
{% endmacro %}
