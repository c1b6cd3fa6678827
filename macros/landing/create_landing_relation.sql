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
    {%- set collectors = landing_collectors() -%}
    {%- for statement in landing_files_tables_ddl('varchar', 'bigint', 'timestamp', 'date') -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {#- Every file under each configured folder, with its collector (the folder) and kind. -#}
    {%- set listings = ["select cast(null as varchar) as collector, cast(null as varchar) as"
        ~ " collector_kind, cast(null as varchar) as landed_file, cast(null as bigint) as"
        ~ " file_bytes, cast(null as timestamp) as modified_at where false"] -%}
    {%- for folder, kind in collectors.items() -%}
        {%- set root = var('landing_path') ~ '/' ~ folder -%}
        {#- read_blob fails on a folder without files: glob first. -#}
        {%- if run_query("select count(*) from glob('" ~ root ~ "/**')").columns[0].values()[0] > 0 -%}
            {%- do listings.append("select '" ~ folder ~ "', '" ~ kind ~ "', filename, size,"
                ~ " cast(last_modified as timestamp) from read_blob('" ~ root ~ "/**')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set contract = "['" ~ landing_columns() | join("', '") ~ "']" -%}
    {#- A full refresh probes every file again (a newer probe may judge a file otherwise). -#}
    {%- if flags.FULL_REFRESH -%}
        {%- do run_query('delete from landing.landed_files; delete from landing.landed_broken_lines') -%}
    {%- endif -%}
    {%- do run_query(
        "create or replace table landing.landed_files_listed as "
        ~ listings | join(' union all ') ~ ";"
        ~ " delete from landing.landed_files as kept where not exists (select 1 from"
        ~ " landing.landed_files_listed as listed where listed.landed_file = kept.landed_file"
        ~ " and listed.file_bytes = kept.file_bytes and listed.modified_at = kept.modified_at"
        ~ " and listed.collector = kept.collector"
        ~ " and listed.collector_kind = kept.collector_kind);"
        ~ " delete from landing.landed_broken_lines where landed_file not in"
        ~ " (select landed_file from landing.landed_files);"
        ~ " create or replace table landing.landed_files_probed as select listed.*,"
        ~ " cw_probe_landed_file(listed.landed_file, listed.collector_kind, " ~ contract
        ~ ") as probe from landing.landed_files_listed as listed where listed.landed_file not in"
        ~ " (select landed_file from landing.landed_files);"
        ~ " insert into landing.landed_files (landed_file, file_bytes, modified_at, file_kind,"
        ~ " received_date, landed_status, reason, reason_detail, rows_in_file, collector,"
        ~ " collector_kind) select landed_file, file_bytes, modified_at, probe.file_kind,"
        ~ " probe.received_date, probe.landed_status, probe.reason, probe.reason_detail,"
        ~ " probe.rows_in_file, collector, collector_kind from landing.landed_files_probed;"
        ~ " insert into landing.landed_broken_lines (landed_file, received_date, line_number,"
        ~ " line, reason, collector) select landed_file, probe.received_date,"
        ~ " broken.line_number, broken.line, broken.reason, collector"
        ~ " from landing.landed_files_probed, unnest(probe.broken_lines) as lines(broken);"
        ~ " drop table landing.landed_files_probed; drop table landing.landed_files_listed"
    ) -%}
    {%- set read_files = run_query(
        "select collector, collector_kind, case when collector_kind = 'contract'"
        ~ " and file_kind = 'jsonl' and landed_file in (select landed_file from"
        ~ " landing.landed_broken_lines) then 'jsonl_lines' else file_kind end,"
        ~ " cast(received_date as varchar), landed_file from landing.landed_files"
        ~ " where landed_status = 'read' and (rows_in_file > 0 or file_kind = 'parquet')"
        ~ " order by collector, received_date, landed_file"
    ) -%}
    {%- set readers = [] -%}
    {%- set contract_files = {} -%}
    {%- set collector_files = {} -%}
    {%- for row in read_files.rows -%}
        {%- set quoted = "'" ~ row[4] | replace("'", "''") ~ "'" -%}
        {%- if row[1] == 'contract' -%}
            {%- do contract_files.setdefault((row[0], row[2]), []).append(quoted) -%}
        {%- else -%}
            {#- Parquet one file at a time: two exports' nested types need not unite. -#}
            {%- set group = (row[0], row[1], row[2], row[3], row[4] if row[2] == 'parquet' else '') -%}
            {%- do collector_files.setdefault(group, []).append(quoted) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for (collector, kind), files in contract_files.items() -%}
        {%- do readers.append(contract_files_reader(collector, kind, files)) -%}
    {%- endfor -%}
    {#- A collector's readers are united first, and its mapping written once over them. -#}
    {%- set collector_readers = {} -%}
    {%- for (collector, collector_kind, kind, day, _), files in collector_files.items() -%}
        {%- do collector_readers.setdefault((collector, collector_kind), []).append(
            collector_fields_reader(kind, day, files)) -%}
    {%- endfor -%}
    {%- for (collector, collector_kind), fields_readers in collector_readers.items() -%}
        {%- do readers.append(collector_mapped(collector, collector_kind, fields_readers)) -%}
    {%- endfor -%}
    {%- set empty_columns = landing_null_columns('varchar') -%}
    {#- The empty typed relation first: the union's column types are the contract's. -#}
    {%- do readers.insert(0, 'select ' ~ empty_columns | join(', ')
        ~ ', cast(null as date) as received_date, cast(null as varchar) as landed_file,'
        ~ ' cast(null as bigint) as landed_line, cast(null as varchar) as landed_record,'
        ~ ' cast(null as varchar) as collector where false') -%}
    create or replace view landing.raw_events as
    {{ readers | join('\n    union all by name\n    ') }}
    union all by name
    select
        {{ empty_columns | join(',\n        ') }},
        received_date,
        landed_file,
        line_number as landed_line,
        line as landed_record,
        collector
    from landing.landed_broken_lines;
{% endmacro %}

{#-
    The rows of a contract folder's files of one kind, every contract column as text; the
    received day from the folder (`received_date=`, which lets a run's window skip whole files).
-#}
{% macro contract_files_reader(collector, kind, files) %}
    {%- set options = 'hive_partitioning = true, hive_types_autocast = false, filename = true' -%}
    {%- set paths = [] -%}
    {%- set extracted = [] -%}
    {%- for column in landing_columns() -%}
        {%- do paths.append('\'$."' ~ column ~ '"\'') -%}
        {%- do extracted.append('fields[' ~ loop.index ~ '] as ' ~ column) -%}
    {%- endfor -%}
    {%- set list = files | join(', ') -%}
    {#- jsonl_lines: a JSON-lines file with a broken line is read line by line (the broken
        lines left out); DuckDB's JSON reader would turn each broken line into a row of nulls. -#}
    {%- set formats = {
        'parquet': "read_parquet([" ~ list ~ "], union_by_name = true, " ~ options ~ ")",
        'jsonl': "read_json([" ~ list ~ "], format = 'newline_delimited', ignore_errors = true, "
            ~ "columns = " ~ landing_json_columns() ~ ", " ~ options ~ ")",
        'jsonl_lines': "(select " ~ extracted | join(', ') ~ ", received_date, filename from"
            ~ " (select json_extract_string(ltrim(lines.line, chr(65279)), ["
            ~ paths | join(', ') ~ "]) as fields, regexp_extract(files.filename,"
            ~ " '/received_date=([^/]+)/[^/]+$', 1) as received_date, files.filename"
            ~ " from read_text([" ~ list ~ "]) as files, unnest(string_split(files.content, chr(10)))"
            ~ " with ordinality as lines (line, line_number) where trim(lines.line) != ''"
            ~ " and not exists (select 1 from landing.landed_broken_lines as broken"
            ~ " where broken.landed_file = files.filename"
            ~ " and broken.line_number = lines.line_number)))",
        'csv': "read_csv([" ~ list ~ "], header = true, all_varchar = true, "
            ~ landed_csv_dialect() ~ ", union_by_name = true, " ~ options ~ ")",
    } -%}
    {%- set columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(' ~ column ~ ' as varchar) as ' ~ column) -%}
    {%- endfor -%}
    {%- set empty_columns = landing_null_columns('varchar') -%}
    {#- The empty typed relation first: a column missing from every file becomes null. -#}
    {{ return('select ' ~ columns | join(', ') ~ ', cast(received_date as date) as received_date,'
        ~ ' cast(filename as varchar) as landed_file, cast(null as bigint) as landed_line,'
        ~ " cast(null as varchar) as landed_record, '" ~ collector ~ "' as collector"
        ~ ' from (select ' ~ empty_columns | join(', ') ~ ', cast(null as varchar) as'
        ~ ' received_date, cast(null as varchar) as filename where false'
        ~ ' union all by name select * from ' ~ formats[kind] ~ ') as landed') }}
{% endmacro %}

{#-
    The tables of the landed-file inventory, created when missing (both engines; the column
    types are the engine's).
-#}
{% macro landing_files_tables_ddl(text, integer, timestamp, date) %}
    {%- set statements = [
        'create schema if not exists landing',
        'create table if not exists landing.landed_files (landed_file ' ~ text
            ~ ', file_bytes ' ~ integer ~ ', modified_at ' ~ timestamp ~ ', file_kind ' ~ text
            ~ ', received_date ' ~ date ~ ', landed_status ' ~ text ~ ', reason ' ~ text
            ~ ', reason_detail ' ~ text ~ ', rows_in_file ' ~ integer ~ ', collector ' ~ text
            ~ ', collector_kind ' ~ text ~ ')',
        'create table if not exists landing.landed_broken_lines (landed_file ' ~ text
            ~ ', received_date ' ~ date ~ ', line_number ' ~ integer ~ ', line ' ~ text
            ~ ', reason ' ~ text ~ ', collector ' ~ text ~ ')',
    ] -%}
    {#- A warehouse built before collectors: the same tables gain the columns. The sequence
        numbers the typed landed rows (macro unique_row_number). -#}
    {%- if target.type == 'duckdb' -%}
        {%- do statements.extend([
            'create sequence if not exists landing.landed_row_numbers',
            'alter table landing.landed_files add column if not exists collector ' ~ text,
            'alter table landing.landed_files add column if not exists collector_kind ' ~ text,
            'alter table landing.landed_broken_lines add column if not exists collector ' ~ text,
        ]) -%}
    {%- endif -%}
    {{ return(statements) }}
{% endmacro %}

{#-
    The rows of one collector's files of one kind and received day (Parquet: of one file), each
    as `fields`, the list of the fields the adapters read (macro collector_paths), in one
    pass: a Parquet row or CSV record through to_json and one multi-path extraction (nesting
    kept), a JSON line by the same extraction, a Snowplow TSV line (the 131 fields of the
    enriched event, by name) by picking its columns. Lines the probe found broken are left out
    here and added as rows of their own (landing.landed_broken_lines). The received day is a
    literal, so a run's window skips the readers of other days.
-#}
{% macro collector_fields_reader(kind, day, files) %}
    {%- set list = files | join(', ') -%}
    {%- set json_paths = [] -%}
    {%- for path in collector_paths() -%}
        {%- do json_paths.append("'$." ~ path ~ "'") -%}
    {%- endfor -%}
    {%- set extracted = "json_extract_string(row, [" ~ json_paths | join(', ') ~ "])" -%}
    {%- if kind == 'parquet' -%}
        {%- set rows = "select " ~ extracted.replace('row', 'to_json(landed)', 1) ~ " as fields, "
            ~ files[0] ~ " as landed_file from read_parquet(" ~ files[0] ~ ") as landed" -%}
    {%- elif kind == 'jsonl' -%}
        {%- set rows = "select " ~ extracted.replace('row', 'json', 1) ~ " as fields, filename as"
            ~ " landed_file from read_json_objects([" ~ list ~ "], format = 'newline_delimited',"
            ~ " ignore_errors = true, filename = true) where json_type(json) = 'OBJECT'" -%}
    {%- elif kind == 'tsv' -%}
        {%- set columns = [] -%}
        {%- set picked = [] -%}
        {%- for name in snowplow_tsv_fields() -%}
            {%- do columns.append("'" ~ name ~ "': 'VARCHAR'") -%}
        {%- endfor -%}
        {%- for path in collector_paths() -%}
            {%- do picked.append('"' ~ path ~ '"' if path in snowplow_tsv_fields() else 'null') -%}
        {%- endfor -%}
        {%- set rows = "select [" ~ picked | join(', ') ~ "] as fields, filename as landed_file"
            ~ " from read_csv([" ~ list ~ "], delim = '\t', quote = '', escape = '',"
            ~ " header = false, auto_detect = false, ignore_errors = true, filename = true,"
            ~ " columns = {" ~ columns | join(', ') ~ "})" -%}
    {%- else -%}
        {%- set rows = "select " ~ extracted.replace('row', 'to_json(landed)', 1) ~ " as fields,"
            ~ " landed.filename as landed_file from read_csv([" ~ list ~ "], header = true,"
            ~ " all_varchar = true, " ~ landed_csv_dialect() ~ ", union_by_name = true,"
            ~ " filename = true) as landed" -%}
    {%- endif -%}
    {{ return('select fields, landed_file, date \'' ~ day ~ '\' as received_date from ('
        ~ rows ~ ') as read_rows') }}
{% endmacro %}

{#-
    A collector's rows (the union of its fields readers) mapped into the contract's columns
    (macros/collectors/), every one as text.
-#}
{% macro collector_mapped(collector, collector_kind, fields_readers) %}
{%- set prelude = {
        'ga4': collector_ga4_prelude, 'snowplow': collector_snowplow_prelude,
        'segment': collector_segment_prelude,
    }[collector_kind]() -%}
    {%- set mapped = {
        'ga4': collector_ga4_columns, 'snowplow': collector_snowplow_columns,
        'segment': collector_segment_columns,
    }[collector_kind]() -%}
    {%- set columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(' ~ mapped[column] ~ ' as varchar) as ' ~ column) -%}
    {%- endfor -%}
    {{ return('select ' ~ columns | join(',\n') ~ ',\nreceived_date, landed_file,'
        ~ ' cast(null as bigint) as landed_line, cast(null as varchar) as landed_record, \''
        ~ collector ~ '\' as collector from (select *, ' ~ prelude ~ ' from ('
        ~ fields_readers | join(' union all ') ~ ') as read_rows) as rows') }}
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
    {%- if landing_collectors() != {'events': 'contract'} -%}
        {{ exceptions.raise_compiler_error(
            'On Spark the warehouse reads the contract\'s events folder only (collectors: '
            ~ landing_collectors() ~ '); GA4, Snowplow and Segment are read on DuckDB '
            ~ '(docs/collectors.md)'
        ) }}
    {%- endif -%}
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
    {%- do readers.insert(0, 'select ' ~ landing_null_columns('string') | join(', ')
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
        ~ " listed.file_kind != 'parquet') then coalesce(counted.rows_read, 0) end,"
        ~ " 'events', 'contract'"
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
        cast(null as string) as landed_record,
        'events' as collector
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

{#-
    The CSV dialect of landed files: comma-separated, `"` quoting with `""` inside. The probe
    (duckdb_plugins/landed_file_checks.py, CSV_OPTIONS) counts records with the same options.
-#}
{% macro landed_csv_dialect() %}
    {{ return("delim = ',', quote = '\"', escape = '\"'") }}
{% endmacro %}

{#- Every contract column as a typed null (`cast(null as <text>) as <column>`), for a union's
    empty first relation. -#}
{% macro landing_null_columns(text) %}
    {%- set columns = [] -%}
    {%- for column in landing_columns() -%}
        {%- do columns.append('cast(null as ' ~ text ~ ') as ' ~ column) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}
