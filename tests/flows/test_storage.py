"""The schema: created and upgraded by migrations, the same as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from mediawatch.flows.storage import Store, schema_head, schema_revision


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    store = Store(database_url)
    store.create_schema()
    assert schema_revision(store) == schema_head()
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "a model changed without a migration in flows/migrations/versions"


def test_schema_creation_is_safe_when_runs_start_together(database_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            Store(database_url).create_schema()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    tables = set(inspect(Store(database_url).engine).get_table_names())
    assert {"feed", "article", "article_band", "event", "event_source", "alert", "alembic_version"} <= tables
