"""The terminal's SQLite database: models, engine, migrations, the record service."""
