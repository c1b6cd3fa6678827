{#-
    One row per clean event (duplicates and quarantined rows removed): campaign parameters
    filled from the page URL where the columns are empty, URL parts and the referrer host parsed,
    user_id pseudonymised when asked. What a collector knows better (its session id, engaged
    time, engaged session) is carried as landed (docs/collectors.md). The classification says
    which rows are clean; their columns come from the typed landed rows.

    The query is the macro staged_events: a model that reads a batch of devices from it calls
    the macro with its condition, so that only the batch is joined and parsed (the macro says
    why), and names this view as a dependency.
-#}

{{ staged_events() }}
