"""``make run``: the sample warehouse built by the daily job, and its summary."""
