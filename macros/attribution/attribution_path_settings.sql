{#-
    The path settings of the data-driven attribution models, read from their vars and checked
    (a value that is not one of the documented ones fails the build):
      transform       var attribution_path_transform: unique, exposure, first or frequency
      remove_direct   var attribution_path_remove_direct: none, remove_if_not_all or
                      remove_if_last_and_not_all (the channel is var direct_channel)
      max_positions   var attribution_path_max_positions: keep the last N positions; 0 = all
      recollapse      var shapley_recollapse_repeats, and the transform is exposure: Shapley
                      collapses the repeats a removal brings together (fractribution does not)
-#}

{% macro attribution_path_settings() %}
    {%- set transform = var('attribution_path_transform') -%}
    {%- set remove_direct = var('attribution_path_remove_direct') -%}
    {%- set max_positions = var('attribution_path_max_positions') -%}
    {%- if transform not in ['unique', 'exposure', 'first', 'frequency'] -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_path_transform must be unique, exposure, first or frequency, not "
            ~ transform) }}
    {%- endif -%}
    {%- if remove_direct not in ['none', 'remove_if_not_all', 'remove_if_last_and_not_all'] -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_path_remove_direct must be none, remove_if_not_all or "
            ~ "remove_if_last_and_not_all, not " ~ remove_direct) }}
    {%- endif -%}
    {%- if max_positions is not number or max_positions < 0 or max_positions != max_positions | int -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_path_max_positions must be a whole number >= 0 (0: no limit), not "
            ~ max_positions) }}
    {%- endif -%}
    {{ return({
        'transform': transform,
        'remove_direct': remove_direct,
        'max_positions': max_positions | int,
        'recollapse': var('shapley_recollapse_repeats') and transform == 'exposure',
    }) }}
{% endmacro %}
