{#-
    Builds a large window model in `build_buckets` statements instead of one: each statement
    takes the keys (devices) of one hash bucket, so that its window sorts and its join back fit
    in memory instead of spilling the whole event table to disk (at 100 million events DuckDB
    spilled 50 GB for sessionization in one statement). The model's own statement builds bucket
    0 (`in_build_bucket` in its import CTE); the post-hook `insert_other_build_buckets` inserts
    buckets 1 .. n-1 with the model's compiled SQL, the bucket's filter changed. Every key falls
    in exactly one bucket, and a window partitioned by that key sees all of its rows in one
    statement, so the table is the same whatever the number of buckets.
    `build_buckets: 1` (the default) is one statement, no filter and no hook. Measured in
    docs/decisions/0006: each bucket re-reads its input, so more buckets cost time when one
    statement fits in memory.
-#}

{#- A stored bucket number 0 .. buckets-1 of a key (a fixed shard of persons, say). -#}
{%- macro build_bucket_of(key_column, buckets) -%}
    {{ return(adapter.dispatch('build_bucket_of', 'conversion_warehouse')(key_column, buckets)) }}
{%- endmacro -%}

{#- Spark's hash() is a signed int: pmod keeps the bucket in 0 .. n-1. -#}
{%- macro default__build_bucket_of(key_column, buckets) -%}
    pmod(hash({{ key_column }}), {{ buckets }})
{%- endmacro -%}

{#- DuckDB's hash() is an unsigned 64-bit integer. -#}
{%- macro duckdb__build_bucket_of(key_column, buckets) -%}
    (hash({{ key_column }}) % {{ buckets }})
{%- endmacro -%}

{#-
    The filter of one build bucket is `build_bucket_hash(key) build_bucket_test(bucket)`; the
    post-hook swaps the test of bucket 0 for each other bucket's, whatever the key.
    Spark: the bucket number, `pmod(hash(key), n) = k`.
    DuckDB: a range of the hash, `hash(key) between lo and hi`, each bucket an nth of the 64-bit
    range. DuckDB 1.5 pushes a comparison of the key's hash below a view's projections into
    the scan, but keeps a filter with `%` above them: through the URL-parsing staging view,
    each modulo bucket parsed every event's URL to keep its nth (docs/decisions/0006).
-#}
{%- macro build_bucket_hash(key_column, buckets) -%}
    {{ return(adapter.dispatch('build_bucket_hash', 'conversion_warehouse')(key_column, buckets)) }}
{%- endmacro -%}

{%- macro default__build_bucket_hash(key_column, buckets) -%}
    {{ default__build_bucket_of(key_column, buckets) }}
{%- endmacro -%}

{%- macro duckdb__build_bucket_hash(key_column, buckets) -%}
    hash({{ key_column }})
{%- endmacro -%}

{%- macro build_bucket_test(bucket, buckets) -%}
    {{ return(adapter.dispatch('build_bucket_test', 'conversion_warehouse')(bucket, buckets)) }}
{%- endmacro -%}

{%- macro default__build_bucket_test(bucket, buckets) -%}
    = {{ bucket }}
{%- endmacro -%}

{%- macro duckdb__build_bucket_test(bucket, buckets) -%}
    {%- set hashes = 2 ** 64 -%}
    {%- set width = (hashes + buckets - 1) // buckets -%}
    between {{ bucket * width }} and {{ [(bucket + 1) * width, hashes] | min - 1 }}
{%- endmacro -%}

{#- Bucket k's test with the marker the post-hook finds and replaces. -#}
{%- macro build_bucket_marked_test(bucket, buckets) -%}
    {{ return(build_bucket_test(bucket, buckets) ~ ' /* build bucket */') }}
{%- endmacro -%}

{%- macro build_buckets() -%}
    {%- set buckets = var('build_buckets', 1) -%}
    {%- if buckets is not number or buckets < 1 or buckets != buckets | int -%}
        {{ exceptions.raise_compiler_error(
            "var build_buckets must be a whole number of at least 1, got " ~ buckets
        ) }}
    {%- endif -%}
    {#- dbt unit tests build the model once from their fixture rows: one bucket. -#}
    {{ return(1 if model.resource_type == 'unit_test' else buckets | int) }}
{%- endmacro -%}

{#- The condition of the model's own statement: its key is in bucket 0 (true with one bucket). -#}
{%- macro in_build_bucket(key_column) -%}
    {%- set buckets = build_buckets() -%}
    {%- if buckets > 1 -%}
        {{ build_bucket_hash(key_column, buckets) }} {{ build_bucket_marked_test(0, buckets) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro -%}

{#-
    Post-hook: insert buckets 1 .. n-1, each its own statement; renders no SQL itself.
    `full_refresh_only`: the model puts the condition in its SQL only when it is not incremental
    (its incremental run rebuilds keys found in its own rows, which a bucket cannot delete), so
    SQL without the condition is one statement and nothing is inserted.
-#}
{%- macro insert_other_build_buckets(full_refresh_only=false) -%}
    {%- set buckets = build_buckets() -%}
    {%- if execute and buckets > 1 -%}
        {%- set marker = build_bucket_marked_test(0, buckets) -%}
        {%- set code = model.compiled_code -%}
        {%- if full_refresh_only and marker not in code -%}
            {{ return('') }}
        {%- endif -%}
        {%- if marker not in code -%}
            {{ exceptions.raise_compiler_error(
                model.name ~ " has the insert_other_build_buckets hook but no in_build_bucket"
                ~ " condition in its SQL"
            ) }}
        {%- endif -%}
        {%- for bucket in range(1, buckets) -%}
            {%- call statement('build_bucket_' ~ bucket) -%}
                insert into {{ this }}
                {{ code.replace(marker, build_bucket_marked_test(bucket, buckets)) }}
            {%- endcall -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro -%}
