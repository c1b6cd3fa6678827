"""Serving the marts to BI tools: a local PostgreSQL server and the publication of the marts.

``serving.server`` sets up and starts the server (``make serve``); ``serving.publish`` copies the
marts of a successful build into it, and into a marts-only DuckDB file, in one transaction
(docs/serving.md, docs/decisions/0016-serving.md).
"""
