"""The schema: created and upgraded by migrations, the same as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel, select

from mediawatch.extractors import similarity
from mediawatch.extractors.models import FeedEntry
from mediawatch.flows.cycle import Download, ingest, match_pending
from mediawatch.flows.storage import Article, ArticleBand, Store, _alembic_config, schema_head, schema_revision
from tests.helpers import run_together

WIRE_TEXT = (
    "Negotiators for Northland and Southland met for six hours in Geneva on Tuesday, the first round of talks "
    "since the border war began. The Swiss foreign ministry, which hosted the meeting, said both delegations "
    "agreed to meet again within a month. Officials described the mood as businesslike but cold, and said "
    "that the next meeting would deal with the exchange of prisoners held since the spring."
)


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


def upgraded_to(store: Store, revision: str) -> None:
    from alembic import command

    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def sha1_signature(text: str):
    """The signature revisions up to 0002 stored: datasketch's default SHA-1 of each shingle."""
    from datasketch import MinHash

    signature = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, scheme=similarity.SCHEME)
    signature.update_batch([shingle.encode("utf-8") for shingle in similarity.shingles(text)])
    return signature


def test_articles_signed_with_the_old_hash_are_signed_again_and_their_copies_found(database_url: str) -> None:
    store = Store(database_url)
    upgraded_to(store, "0002")
    with store.session() as session:
        for url, state in (("https://wire.example/1", "ok"), ("https://paper.example/1", "duplicate")):
            old = sha1_signature(WIRE_TEXT)
            article = Article(url=url, canonical_url=url, state=state, attempts=1, text=WIRE_TEXT,
                              signature=similarity.signature_bytes(old))
            session.add(article)
            session.flush()
            if state == "ok":
                session.add_all(ArticleBand(band_key=key, article_id=article.id) for key in similarity.band_keys(old))
        session.commit()
    store.create_schema()
    assert schema_revision(store) == schema_head()
    new = similarity.text_signature(WIRE_TEXT)
    with store.session() as session:
        articles = {a.url: a for a in session.exec(select(Article)).all()}
        bands = {(b.band_key, b.article_id) for b in session.exec(select(ArticleBand)).all()}
    assert {a.signature for a in articles.values()} == {similarity.signature_bytes(new)}
    original = articles["https://wire.example/1"].id
    assert bands == {(key, original) for key in similarity.band_keys(new)}

    copy = "Wire report. " + WIRE_TEXT + " Read also: Markets steady as talks begin."
    signature = similarity.text_signature(copy)
    moment = datetime(2024, 3, 6, 8, tzinfo=timezone.utc)
    report = ingest(store, [Download(
        feed_id=None, entry=FeedEntry(url="https://other.example/copy", title="t", published=moment),
        canonical_url="https://other.example/copy", final_url=None, title="A headline", published=moment,
        text=copy, signature=similarity.signature_bytes(signature), band_keys=similarity.band_keys(signature),
    )], ["talks"])
    assert (report.new_articles, report.duplicates) == (0, 1)


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
