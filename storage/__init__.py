"""Persistence: SQLModel models, migrations, bundle import/export, queries and the metrics layer."""
