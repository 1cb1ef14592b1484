"""Alembic runs inside the app with the app's own connection (see coaching/store/migrate.py)."""

from alembic import context

from coaching.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
context.run_migrations()
