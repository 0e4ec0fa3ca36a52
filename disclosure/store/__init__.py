"""The DuckDB store (schema, writes) and batch ingest."""
from .db import connect, migrate, save_report, schema_version  # noqa: F401
