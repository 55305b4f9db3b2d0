"""Shared fixtures: databases (SQLite always; PostgreSQL when MEDIAWATCH_TEST_POSTGRES_URL names one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "MEDIAWATCH_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (.ci/run sets it)")
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from mediawatch.flows.storage import Store

    store = Store(url)
    SQLModel.metadata.drop_all(store.engine)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    store.engine.dispose()
    yield url


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server and database for flow tests (starting one takes a few seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
