{#-
    Creates (or refreshes) what the dbt sources of the landing schema point at:
    - `landing.landed_files`: every file under `<landing_path>/events/` (any depth, any name),
      with its size, modification time, kind (by extension, any case), received day, whether it
      is read, quarantined whole (and why) or skipped, and the rows it holds as written;
    - `landing.landed_broken_lines`: each line of a read JSON-lines file that is not one JSON
      object, with its number and text;
    - `landing.raw_events`: the rows of every read file, every column as text, plus
      `received_date` (the file's folder `received_date=YYYY-MM-DD`), `landed_file`, and for a
      broken line its `landed_line` and `landed_record` (the text) with every column null.
    Runs as an on-run-start hook, so newly landed files are always seen. A file is probed
    (DuckDB: the function `cw_probe_landed_file`, a plugin in duckdb_plugins/) once per path,
    size and modification time, and again on a full refresh; a changed or removed file's rows
    are replaced or dropped.
-#}
{% macro create_landing_relation() %}
    {{ return(adapter.dispatch('create_landing_relation', 'conversion_warehouse')()) }}
{% endmacro %}

{% macro default__create_landing_relation() %}
    {{ exceptions.raise_compiler_error(
        'create_landing_relation has no implementation for adapter ' ~ adapter.type()
    ) }}
{% endmacro %}

{% macro duckdb__create_landing_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set root = var('landing_path') ~ '/events' -%}
    {%- for statement in landing_files_tables_ddl('varchar', 'bigint', 'timestamp', 'date') -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {%- set any_file = run_query(
        "select count(*) from glob('" ~ root ~ "/**')"
    ).columns[0].values()[0] > 0 -%}
    {%- if any_file -%}
        {%- set listing = "select filename as landed_file, size as file_bytes,"
            ~ " cast(last_modified as timestamp) as modified_at from read_blob('" ~ root ~ "/**')" -%}
    {%- else -%}
        {%- set listing = "select cast(null as varchar) as landed_file, cast(null as bigint) as"
            ~ " file_bytes, cast(null as timestamp) as modified_at where false" -%}
    {%- endif -%}
    {%- set contract = "['" ~ landing_columns() | join("', '") ~ "']" -%}
    {#- A full refresh probes every file again (a newer probe may judge a file otherwise). -#}
    {%- if flags.FULL_REFRESH -%}
        {%- do run_query('delete from landing.landed_files; delete from landing.landed_broken_lines') -%}
    {%- endif -%}
    {%- do run_query(
        "create or replace table landing.landed_files_listed as " ~ listing ~ ";"
        ~ " delete from landing.landed_files as kept where not exists (select 1 from"
        ~ " landing.landed_files_listed as listed where listed.landed_file = kept.landed_file"
        ~ " and listed.file_bytes = kept.file_bytes and listed.modified_at = kept.modified_at);"
        ~ " delete from landing.landed_broken_lines where landed_file not in"
        ~ " (select landed_file from landing.landed_files);"
        ~ " create or replace table landing.landed_files_probed as select listed.*,"
        ~ " cw_probe_landed_file(listed.landed_file, " ~ contract ~ ") as probe"
        ~ " from landing.landed_files_listed as listed where listed.landed_file not in"
        ~ " (select landed_file from landing.landed_files);"
        ~ " insert into landing.landed_files select landed_file, file_bytes, modified_at,"
        ~ " probe.file_kind, probe.received_date, probe.landed_status, probe.reason,"
        ~ " probe.reason_detail, probe.rows_in_file from landing.landed_files_probed;"
        ~ " insert into landing.landed_broken_lines select landed_file, probe.received_date,"
        ~ " broken.line_number, broken.line, broken.reason from landing.landed_files_probed,"
        ~ " unnest(probe.broken_lines) as lines(broken);"
        ~ " drop table landing.landed_files_probed; drop table landing.landed_files_listed"
    ) -%}
    {#- A JSON-lines file with a broken line is read line by line (the broken lines left out);
        DuckDB's JSON reader would turn each broken line into a row of nulls. -#}
    {%- set read_files = run_query(
        "select case when file_kind = 'jsonl' and landed_file in (select landed_file from"
        ~ " landing.landed_broken_lines) then 'jsonl_lines' else file_kind end, landed_file"
        ~ " from landing.landed_files"
        ~ " where landed_status = 'read' and (rows_in_file > 0 or file_kind = 'parquet')"
        ~ " order by landed_file"
    ) -%}
    {%- set by_kind = {'parquet': [], 'jsonl': [], 'jsonl_lines': [], 'csv': []} -%}
    {%- for row in read_files.rows -%}
        {%- do by_kind[row[0]].append("'" ~ row[1] | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- set paths = [] -%}
    {%- for column in landing_columns() -%}
        {%- do paths.append('\'$."' ~ column ~ '"\'') -%}
    {%- endfor -%}
    {%- set extracted = [] -%}
    {%- for column in landing_columns() -%}
        {%- do extracted.append('fields[' ~ loop.index ~ '] as ' ~ column) -%}
    {%- endfor -%}
    {%- set options = 'hive_partitioning = true, hive_types_autocast = false, filename = true' -%}
    {%- set formats = {
        'parquet': "read_parquet([{files}], union_by_name = true, " ~ options ~ ")",
        'jsonl': "read_json([{files}], format = 'newline_delimited', ignore_errors = true, "
            ~ "columns = " ~ landing_json_columns() ~ ", " ~ options ~ ")",
        'jsonl_lines': "(select " ~ extracted | join(', ') ~ ", received_date, filename from"
            ~ " (select json_extract_string(ltrim(lines.line, chr(65279)), ["
            ~ paths | join(', ') ~ "]) as fields, regexp_extract(files.filename,"
            ~ " '/received_date=([^/]+)/[^/]+$', 1) as received_date, files.filename"
            ~ " from read_text([{files}]) as files, unnest(string_split(files.content, chr(10)))"
            ~ " with ordinality as lines (line, line_number) where trim(lines.line) != ''"
            ~ " and not exists (select 1 from landing.landed_broken_lines as broken"
            ~ " where broken.landed_file = files.filename"
            ~ " and broken.line_number = lines.line_number)))",
        'csv': "read_csv([{files}], header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"',"
            ~ " union_by_name = true, "
            ~ options ~ ")",
    } -%}
    {%- set readers = [] -%}
    {%- for kind, reader in formats.items() if by_kind[kind] -%}
        {%- do readers.append('select * from ' ~ reader.replace('{files}', by_kind[kind] | join(', '))) -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- set empty_columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(' ~ column ~ ' as varchar) as ' ~ column) -%}
        {%- do empty_columns.append('cast(null as varchar) as ' ~ column) -%}
    {%- endfor -%}
    {#- The empty typed relation first: a column missing from every file becomes null. -#}
    {%- do readers.insert(0, 'select ' ~ empty_columns | join(', ')
        ~ ', cast(null as varchar) as received_date, cast(null as varchar) as filename where false') -%}
    create or replace view landing.raw_events as
    select
        {{ columns | join(',\n        ') }},
        cast(received_date as date) as received_date,
        cast(filename as varchar) as landed_file,
        cast(null as bigint) as landed_line,
        cast(null as varchar) as landed_record
    from (
        {{ readers | join('\n        union all by name\n        ') }}
    ) as landed
    union all
    select
        {{ empty_columns | join(',\n        ') }},
        received_date,
        landed_file,
        line_number as landed_line,
        line as landed_record
    from landing.landed_broken_lines;
{% endmacro %}

{#-
    The tables of the landed-file inventory, created when missing (both engines; the column
    types are the engine's).
-#}
{% macro landing_files_tables_ddl(text, integer, timestamp, date) %}
    {{ return([
        'create schema if not exists landing',
        'create table if not exists landing.landed_files (landed_file ' ~ text
            ~ ', file_bytes ' ~ integer ~ ', modified_at ' ~ timestamp ~ ', file_kind ' ~ text
            ~ ', received_date ' ~ date ~ ', landed_status ' ~ text ~ ', reason ' ~ text
            ~ ', reason_detail ' ~ text ~ ', rows_in_file ' ~ integer ~ ')',
        'create table if not exists landing.landed_broken_lines (landed_file ' ~ text
            ~ ', received_date ' ~ date ~ ', line_number ' ~ integer ~ ', line ' ~ text
            ~ ', reason ' ~ text ~ ')',
    ]) }}
{% endmacro %}

{#-
    A Hadoop glob matching the file names of a kind whatever their case (Spark's readers):
    `*.{[pP][aA][rR][qQ][uU][eE][tT],[pP][aA][rR][qQ]}` for parquet.
-#}
{% macro spark__kind_glob(extensions) %}
    {%- set alternatives = [] -%}
    {%- for extension in extensions -%}
        {%- set classes = [] -%}
        {%- for character in extension -%}
            {%- do classes.append('[' ~ character ~ character | upper ~ ']') -%}
        {%- endfor -%}
        {%- do alternatives.append(classes | join('')) -%}
    {%- endfor -%}
    {{ return('*.{' ~ alternatives | join(',') ~ '}') }}
{% endmacro %}

{#-
    Spark: the same three relations, but Spark lists files rather than probing them. The
    inventory comes from a binaryFile listing of the events folder (name, size, modification
    time; the content is never read): kind by extension (any case), received day from the
    folder, quarantined whole for an unknown kind, a name outside a received_date folder or 0
    bytes. A file of a known kind is read by one external table per kind (recursive listing,
    filtered by a case-blind glob), with an explicit all-text schema for Parquet and JSON lines
    and the header's columns for CSV; its rows_in_file are the rows Spark read from it, and a
    file Spark cannot read fails the build (`ignoreCorruptFiles` would drop it in silence). A
    broken JSON line reads as a row of nulls (quarantined as missing_event_id), and
    landed_broken_lines stays empty. landed_file is written as DuckDB lists it: the landing
    path as configured, then `events/...`. Spark runs one statement per call, so every
    statement but the last runs here and the last is returned to the hook.
-#}
{% macro spark__create_landing_relation() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set root = spark__absolute_path(var('landing_path')) ~ '/events' -%}
    {%- set prefix = var('landing_path') ~ '/events/' -%}
    {%- set text_schema = [] -%}
    {%- for column in landing_columns() -%}
        {%- do text_schema.append(column ~ ' string') -%}
    {%- endfor -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- do run_query('drop table if exists landing.landed_files') -%}
    {%- for statement in landing_files_tables_ddl('string', 'bigint', 'timestamp', 'date') -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {%- do run_query('drop table if exists landing.raw_events_files') -%}
    {%- do run_query(
        "create table landing.raw_events_files using binaryFile options (path '" ~ root
        ~ "', recursiveFileLookup 'true')"
    ) -%}
    {%- set kinds = {'parquet': ['parquet', 'parq'], 'jsonl': ['jsonl', 'ndjson', 'json'],
        'csv': ['csv']} -%}
    {%- set found = run_query(
        "select distinct lower(regexp_extract(path, '\\\\.([A-Za-z]+)$', 1)) as ext"
        ~ " from landing.raw_events_files"
    ) -%}
    {%- set present = found.columns[0].values() | list -%}
    {%- set readers = [] -%}
    {%- for kind, extensions in kinds.items() -%}
        {%- set table = 'landing.raw_events_' ~ kind -%}
        {%- do run_query('drop table if exists ' ~ table) -%}
        {%- if present | select('in', extensions) | list -%}
            {%- set options = "path '" ~ root ~ "', recursiveFileLookup 'true',"
                ~ " pathGlobFilter '" ~ spark__kind_glob(extensions) ~ "'" -%}
            {%- if kind == 'csv' -%}
                {#- Columns from the header (all text): CSV maps an explicit schema by position. -#}
                {%- do run_query('create table ' ~ table ~ " using csv options (" ~ options
                    ~ ", header 'true', escape '\"', multiLine 'true')") -%}
                {%- set have = adapter.get_columns_in_relation(
                    api.Relation.create(schema='landing', identifier='raw_events_csv')
                ) | map(attribute='name') | map('lower') | list -%}
            {%- else -%}
                {%- do run_query('create table ' ~ table ~ ' (' ~ text_schema | join(', ')
                    ~ ') using ' ~ ('json' if kind == 'jsonl' else kind) ~ ' options (' ~ options
                    ~ ')') -%}
                {%- set have = landing_columns() -%}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for column in landing_columns() -%}
                {%- do columns.append(('cast(' ~ column ~ ' as string)' if column in have
                    else 'cast(null as string)') ~ ' as ' ~ column) -%}
            {%- endfor -%}
            {%- do readers.append('select ' ~ columns | join(', ')
                ~ ", '" ~ prefix ~ "' || regexp_extract(_metadata.file_path, '/events/(.*)$', 1)"
                ~ ' as landed_file from ' ~ table) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(null as string) as ' ~ column) -%}
    {%- endfor -%}
    {%- do readers.insert(0, 'select ' ~ columns | join(', ')
        ~ ', cast(null as string) as landed_file where false') -%}
    {%- do run_query('create or replace view landing.raw_events_read as '
        ~ readers | join(' union all ')) -%}
    {%- set dated = "to_date(regexp_extract(path, '/received_date=([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1), 'yyyy-MM-dd')" -%}
    {%- set extension = "lower(regexp_extract(path, '\\\\.([A-Za-z]+)$', 1))" -%}
    {%- set kind_of = "case when " ~ extension ~ " in ('parquet', 'parq') then 'parquet' when "
        ~ extension ~ " in ('jsonl', 'ndjson', 'json') then 'jsonl' when " ~ extension
        ~ " = 'csv' then 'csv' else 'unknown' end" -%}
    {%- do run_query(
        "insert into landing.landed_files select listed.landed_file, listed.file_bytes,"
        ~ " listed.modified_at, listed.file_kind, listed.received_date, case"
        ~ " when listed.hidden then 'skipped' when listed.received_date is null"
        ~ " or listed.file_kind = 'unknown' or (listed.file_bytes = 0 and listed.file_kind ="
        ~ " 'parquet') then 'quarantined'"
        ~ " else 'read' end, case when listed.hidden then 'hidden_or_marker_file'"
        ~ " when listed.received_date is null then 'outside_received_date_folder'"
        ~ " when listed.file_kind = 'unknown' then 'unknown_file_kind'"
        ~ " when listed.file_bytes = 0 and listed.file_kind = 'parquet' then 'empty_file' end,"
        ~ " cast(null as string), case when not listed.hidden and listed.received_date is not"
        ~ " null and listed.file_kind != 'unknown' and (listed.file_bytes > 0 or"
        ~ " listed.file_kind != 'parquet') then coalesce(counted.rows_read, 0) end"
        ~ " from (select '" ~ prefix ~ "' || regexp_extract(path, '/events/(.*)$', 1)"
        ~ " as landed_file, length as file_bytes, modificationTime as modified_at, "
        ~ kind_of ~ " as file_kind, " ~ dated ~ " as received_date,"
        ~ " regexp_extract(path, '/([^/]*)$', 1) rlike '^[._]' as hidden"
        ~ " from landing.raw_events_files) as listed left join (select landed_file,"
        ~ " count(*) as rows_read from landing.raw_events_read group by landed_file) as counted"
        ~ " on counted.landed_file = listed.landed_file"
    ) -%}
    create or replace view landing.raw_events as
    select
        {{ landing_columns() | join(', ') }},
        read_files.received_date,
        landed.landed_file,
        cast(null as bigint) as landed_line,
        cast(null as string) as landed_record
    from landing.raw_events_read as landed
    inner join landing.landed_files as read_files
        on read_files.landed_file = landed.landed_file and read_files.landed_status = 'read'
{% endmacro %}

{#-
    Spark resolves a relative table location against its warehouse directory: a relative path is
    taken relative to the working directory of the Spark driver (dbt's, in the session method).
-#}
{% macro spark__absolute_path(path) %}
    {%- if path.startswith('/') or ':' in path -%}{{ return(path) }}{%- endif -%}
    {%- set cwd = run_query(
        "select reflect('java.lang.System', 'getProperty', 'user.dir')"
    ).columns[0].values()[0] -%}
    {{ return(cwd ~ '/' ~ path) }}
{% endmacro %}
