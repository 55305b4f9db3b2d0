"""Alembic environment: runs on the connection handed over by Store.migrate (no alembic.ini)."""

from alembic import context
from sqlmodel import SQLModel

import mediawatch.flows.storage  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
context.run_migrations()
