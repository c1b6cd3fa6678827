"""The marketing report: the charts a marketer opens in a browser, built from the published marts.

``python -m reporting build`` (``make report``); the daily job rebuilds it (the Dagster asset
``marketing_report``). What each chart shows: docs/report.md.
"""
