"""The schema: created and upgraded by migrations, the same as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from mediawatch.flows.storage import Store, schema_head, schema_revision
from tests.helpers import run_together


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    store = Store(database_url)
    store.create_schema()
    assert schema_revision(store) == schema_head()
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "a model changed without a migration in flows/migrations/versions"


def test_schema_creation_is_safe_when_runs_start_together(database_url: str) -> None:
    errors = run_together(lambda: Store(database_url).create_schema(), times=3)
    assert errors == []
    tables = set(inspect(Store(database_url).engine).get_table_names())
    assert {"feed", "article", "article_band", "event", "event_source", "alert", "alembic_version"} <= tables
