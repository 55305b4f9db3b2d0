"""The schema: created and upgraded by migrations, the same as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel, select

from mediawatch.flows.cycle import match_pending
from mediawatch.flows.storage import Article, Store, _alembic_config, schema_head, schema_revision
from tests.helpers import run_together


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    store = Store(database_url)
    store.create_schema()
    assert schema_revision(store) == schema_head()
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "a model changed without a migration in flows/migrations/versions"


def test_a_database_of_the_first_schema_is_upgraded_in_place(database_url: str) -> None:
    """Its articles were matched when stored: none of them is pending after the upgrade."""
    from alembic import command

    store = Store(database_url)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with store.session() as session:
        session.add(Article(url="https://a.example/1", canonical_url="https://a.example/1", state="ok", attempts=1))
        session.commit()
    assert schema_revision(store) == "0001"
    store.create_schema()
    assert schema_revision(store) == schema_head() != "0001"
    with store.session() as session:
        assert [a.url for a in session.exec(select(Article)).all()] == ["https://a.example/1"]
    assert match_pending(store, ["talks"]).new_events == []


def test_schema_creation_is_safe_when_runs_start_together(database_url: str) -> None:
    errors = run_together(lambda: Store(database_url).create_schema(), times=3)
    assert errors == []
    tables = set(inspect(Store(database_url).engine).get_table_names())
    assert {"feed", "article", "article_band", "event", "event_source", "alert", "alembic_version"} <= tables


def test_looking_up_known_urls_does_not_wait_for_a_writer(tmp_path) -> None:
    """A feed task checks which entries are new while another thread stores a large batch: on
    SQLite that read must not queue behind the write transaction (it once timed out, "database
    is locked", at 10,000 pages)."""
    store = Store(f"sqlite:///{tmp_path}/reads.db")
    store.create_schema()
    with store.session() as session:
        session.add(Article(url="https://a.example/1", canonical_url="https://a.example/1", state="ok", attempts=1))
        session.commit()
    with store.ingest_lock() as writing:  # holds SQLite's write lock until the block ends
        writing.add(Article(url="https://a.example/2", canonical_url="https://a.example/2", state="ok", attempts=1))
        writing.flush()
        # Queued behind the write lock, which this thread holds, the read would wait out the
        # busy timeout and fail with "database is locked".
        known = store.known_urls(["https://a.example/1", "https://a.example/2"], retry_limit=3)
    assert known == {"https://a.example/1"}  # the uncommitted article is not seen yet
