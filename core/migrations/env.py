"""Alembic environment: runs on the connection that ohs hands over (see core/storage/migrate.py)."""

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - ohs always passes a connection
    raise RuntimeError("ohs migrations run through core.storage.migrate, which provides the connection")

# render_as_batch: SQLite cannot ALTER most things, batch mode copies the table instead;
# on PostgreSQL it is a no-op.
context.configure(
    connection=connection,
    target_metadata=config.attributes["target_metadata"],
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
