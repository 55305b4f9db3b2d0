"""The corpus: tables and every query mediawatch makes, on SQLite or PostgreSQL.

One module on purpose: a reader finds here what is stored and how it is read and written.
Writes that must not interleave between concurrent runs (storing an article with its events and
their alerts) happen inside `Store.ingest_lock`, a write transaction that runs alone: SQLite's
BEGIN IMMEDIATE, or a PostgreSQL transaction-level advisory lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Field, Session, SQLModel, col, create_engine, func, select

from mediawatch.flows.errors import DatabaseError

INGEST_LOCK_ID = 0x6D656469  # PostgreSQL advisory lock key ("medi")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything stored is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


class Feed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    next_check_at: datetime | None = None
    entries_last: int = 0
    new_last: int = 0


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int | None = Field(default=None, foreign_key="feed.id", index=True)
    url: str
    canonical_url: str = Field(unique=True, index=True)
    title: str | None = None
    published: datetime | None = Field(default=None, index=True)
    text: str | None = Field(default=None, sa_column=Column(Text))
    fingerprint: str | None = Field(default=None, index=True)
    # ok | failed | duplicate: a failed page is retried on later cycles up to a limit.
    state: str = "ok"
    error: str | None = None
    attempts: int = 1
    fetched_at: datetime = Field(default_factory=utcnow)
    duplicate_of: int | None = Field(default=None, foreign_key="article.id", index=True)
    signature: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


class ArticleBand(SQLModel, table=True):
    """The near-duplicate index: one row per LSH band of an article's MinHash signature."""

    __tablename__ = "article_band"
    band_key: int = Field(sa_column=Column(BigInteger, primary_key=True))
    article_id: int = Field(foreign_key="article.id", primary_key=True)


class PendingMatch(SQLModel, table=True):
    """An article stored but not yet matched to events, with its tagged reports (`Event.to_json`
    of the extractors' events). A cycle stores each feed's articles as the feed finishes and
    matches all that are pending once, in publication order, so that the order in which feeds
    finish does not decide which report of an event comes first, nor which of two copies of a
    text speaks for it. Written in the article's transaction and deleted in the match's: a run
    killed between the two leaves the row for the next cycle."""

    __tablename__ = "pending_match"
    article_id: int = Field(foreign_key="article.id", primary_key=True)
    reports: list[dict] = Field(default_factory=list, sa_column=Column(JSON))


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(index=True)
    status: str
    current: bool = True
    parties: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    mediators: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    location: str | None = None
    date: dt.date | None = None
    count: int | None = None
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # The event's date, else the first report's publication day: what matching compares.
    reference_date: dt.date | None = Field(default=None, index=True)
    first_article_id: int | None = Field(default=None, foreign_key="article.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EventSource(SQLModel, table=True):
    __tablename__ = "event_source"
    __table_args__ = (UniqueConstraint("event_id", "article_id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    status: str


class Alert(SQLModel, table=True):
    """The outbox: written with the event in one transaction, delivered afterwards.

    `key` is unique per (event, status), so no run, re-run or racing run can queue one alert twice.
    `delivered` lists the destinations (hashes of their URLs, never the URLs) already reached, so
    a retry after a partial failure only goes where it has not been.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    kind: str  # new | update
    event_type: str
    status: str
    created_at: datetime = Field(default_factory=utcnow)
    state: str = Field(default="pending", index=True)  # pending | sent | failed
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    delivered: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    claimed_until: datetime | None = None
    claim: str | None = None


def destination_id(url: str) -> str:
    """A stable, secret-free name for an alert destination."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable database URL)"


# Execution option marking a connection that only reads (see Store.read_session).
READ_ONLY = "mediawatch_read_only"


def _switch_to_wal(cursor: Any, for_seconds: float = 3.0) -> None:
    """PRAGMA journal_mode=WAL. While another connection converts a new database file, SQLite
    answers "database is locked" at once, without its busy timeout: try again for a few seconds
    (a database another process keeps locked still fails, once the time is up)."""
    import sqlite3

    deadline = time.monotonic() + for_seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine = self._engine(url)

    def _engine(self, url: str) -> Engine:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        if not self.is_sqlite:
            return create_engine(url, pool_pre_ping=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            # pysqlite's own transaction handling would defer BEGIN; take control of it.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # IMMEDIATE: a transaction that reads and then writes must not find, at its first
            # write, that another process wrote meanwhile (in WAL mode that fails at once,
            # busy timeout or not). Transactions here are short, so taking turns costs little.
            # A read-only one (`read_session`) needs no turn: WAL lets it read beside a writer.
            read_only = connection.get_execution_options().get(READ_ONLY, False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine

    def create_schema(self) -> None:
        """Create or upgrade the tables in place (alembic migrations in flows/migrations)."""
        try:
            path = self.url.removeprefix("sqlite:///")
            if self.is_sqlite and path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            migrate(self)
        except OperationalError as exc:
            raise DatabaseError(f"cannot open database {_safe_url(self.url)}: {exc.orig}") from None
        except OSError as exc:
            raise DatabaseError(f"cannot open database {_safe_url(self.url)}: {exc.strerror or exc}") from None

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session that only reads: on SQLite it does not wait for the writers' turn, so the
        feed tasks' lookups go on while a large batch of articles is being stored."""
        with Session(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False) as session:
            yield session

    @contextmanager
    def ingest_lock(self) -> Iterator[Session]:
        """A write transaction that no other run's ingest can interleave with; commits on exit."""
        with Session(self.engine, expire_on_commit=False) as session:
            if not self.is_sqlite:  # SQLite transactions already begin IMMEDIATE, one writer at a time
                session.exec(text("SELECT pg_advisory_xact_lock(:k)").bindparams(k=INGEST_LOCK_ID))
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    # Feeds -------------------------------------------------------------------------------

    def sync_feeds(self, feeds: Iterable[tuple[str, str]]) -> list[Feed]:
        """Make the feed table match the config (name, url) and return those feeds."""
        wanted = dict(feeds)
        with self.ingest_lock() as session:  # two runs starting on an empty database take turns
            existing = {f.name: f for f in session.exec(select(Feed)).all()}
            for name, url in wanted.items():
                feed = existing.get(name)
                if feed is None:
                    feed = Feed(name=name, url=url)
                elif feed.url != url:
                    feed.url, feed.etag, feed.last_modified = url, None, None
                    feed.consecutive_failures, feed.next_check_at = 0, None
                session.add(feed)
            session.flush()
            return [f for f in session.exec(select(Feed).order_by(Feed.name)).all() if f.name in wanted]

    def save_feeds(self, feeds: Iterable[Feed]) -> None:
        with self.session() as session:
            for feed in feeds:
                session.merge(feed)
            session.commit()

    def feeds(self) -> list[Feed]:
        with self.session() as session:
            return list(session.exec(select(Feed).order_by(Feed.name)).all())

    # Articles ----------------------------------------------------------------------------

    def known_urls(self, canonical_urls: Sequence[str], retry_limit: int) -> set[str]:
        """Canonical URLs already handled: stored, or failed too often to try again."""
        known: set[str] = set()
        with self.read_session() as session:
            for chunk in _chunks(list(canonical_urls), 500):
                rows = session.exec(
                    select(Article.canonical_url, Article.state, Article.attempts).where(
                        col(Article.canonical_url).in_(chunk)
                    )
                ).all()
                known.update(url for url, state, attempts in rows if state != "failed" or attempts >= retry_limit)
        return known

    def articles_by_url(self, session: Session, canonical_urls: Iterable[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(sorted(set(canonical_urls)), 500):
            found.update((a.canonical_url, a) for a in session.exec(
                select(Article).where(col(Article.canonical_url).in_(chunk))).all())
        return found

    def save_article(self, session: Session, values: dict[str, Any], existing: Article | None = None) -> int:
        """Store an article (`values`: its columns but id and attempts) and return its id: a new
        row, or `existing` (a failed download being tried again) updated, one attempt more.
        A new row is a plain INSERT ... RETURNING: the ORM's unit of work cost several times more
        per article, on the flow's hot path."""
        if existing is not None:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.attempts += 1
            session.add(existing)
            session.flush()
            return existing.id
        table = Article.__table__  # type: ignore[attr-defined]
        return session.connection().execute(
            table.insert().returning(table.c.id), {**values, "attempts": 1}
        ).scalar_one()

    def originals_by_fingerprint(self, session: Session, fingerprints: Iterable[str]) -> dict[str, int]:
        """The id of the first original article ("ok") with each of these text fingerprints."""
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(fingerprints)), 500):
            for fingerprint, article_id in session.exec(
                select(Article.fingerprint, Article.id)
                .where(col(Article.fingerprint).in_(chunk), Article.state == "ok")
                .order_by(col(Article.id))
            ).all():
                found.setdefault(fingerprint, article_id)
        return found

    def band_members(self, session: Session, band_keys: Iterable[int]) -> dict[int, list[int]]:
        """The articles indexed under each of these LSH band keys (the near-duplicate index)."""
        members: dict[int, list[int]] = {}
        for chunk in _chunks(sorted(set(band_keys)), 2000):
            for band_key, article_id in session.exec(band_members_query(chunk)).all():
                members.setdefault(band_key, []).append(article_id)
        return members

    def signatures(self, session: Session, article_ids: Iterable[int]) -> dict[int, bytes]:
        """Stored near-duplicate signatures of these articles, where they are originals."""
        found: dict[int, bytes] = {}
        for chunk in _chunks(sorted(set(article_ids)), 500):
            found.update(session.exec(signatures_query(chunk)).all())
        return found

    def add_bands(self, session: Session, rows: Sequence[tuple[int, int]]) -> None:
        """Index articles under their band keys: (band key, article id) pairs, each pair once."""
        if rows:
            session.connection().execute(
                ArticleBand.__table__.insert(),  # type: ignore[attr-defined]
                [{"band_key": key, "article_id": article_id} for key, article_id in sorted(set(rows))],
            )

    def failed_articles(self, retry_limit: int) -> list[Article]:
        """Articles whose download failed fewer than `retry_limit` times: due for another try."""
        with self.session() as session:
            return list(session.exec(
                select(Article).where(Article.state == "failed", Article.attempts < retry_limit)
            ).all())

    def add_pending(self, session: Session, article_id: int, reports: list[dict]) -> None:
        """Leave an article to be matched to events (see `PendingMatch`)."""
        session.connection().execute(
            PendingMatch.__table__.insert(),  # type: ignore[attr-defined]
            {"article_id": article_id, "reports": reports},
        )

    def pending_matches(self, session: Session, limit: int) -> list[Any]:
        """The first `limit` articles waiting to be matched, in publication order (undated last),
        as rows (article_id, reports, published, fetched_at, copies: the id of the original
        whose copies it belongs with, its own when it is the original)."""
        return list(session.exec(
            select(PendingMatch.article_id, PendingMatch.reports, Article.published, Article.fetched_at,
                   func.coalesce(Article.duplicate_of, Article.id).label("copies"))
            .join(Article, col(Article.id) == PendingMatch.article_id)
            .order_by(col(Article.published).is_(None), col(Article.published), col(Article.id))
            .limit(limit)
        ).all())

    def matched_copies(self, session: Session, originals: Iterable[int]) -> dict[int, set[int]]:
        """For each of these originals whose group of copies (the original and the articles that
        duplicate it) has a member matched already, the current events those members are sources
        of; a group with no member matched yet is absent."""
        found: dict[int, set[int]] = {}
        copies = func.coalesce(Article.duplicate_of, Article.id)
        for chunk in _chunks(sorted(set(originals)), 500):
            rows = session.exec(
                select(copies, Event.id)
                .outerjoin(PendingMatch, col(PendingMatch.article_id) == Article.id)
                .outerjoin(EventSource, col(EventSource.article_id) == Article.id)
                .outerjoin(Event, (col(Event.id) == EventSource.event_id) & col(Event.current).is_(True))
                .where(col(Article.id).in_(chunk) | col(Article.duplicate_of).in_(chunk),
                       col(PendingMatch.article_id).is_(None), Article.state != "failed")
            ).all()
            for original, event_id in rows:
                events = found.setdefault(original, set())
                if event_id is not None:
                    events.add(event_id)
        return found

    def pending_count(self) -> int:
        """How many articles wait to be matched."""
        with self.read_session() as session:
            return session.exec(select(func.count()).select_from(PendingMatch)).one()

    def drop_pending(self, session: Session, article_ids: Sequence[int]) -> None:
        """These articles are matched."""
        session.connection().execute(
            PendingMatch.__table__.delete().where(  # type: ignore[attr-defined]
                PendingMatch.__table__.c.article_id.in_(article_ids))  # type: ignore[attr-defined]
        )

    # Events ------------------------------------------------------------------------------

    def candidate_events(self, session: Session, days_by_type: Mapping[str, Iterable[dt.date]],
                         window_days: int = 30) -> list[Any]:
        """The current events of each type within `window_days` of one of its days, as rows of the
        columns event matching compares (id, type, status, parties, date, reference_date): one
        query per type and run of nearby days, for a whole batch of reports (a query per report
        cost more than storing the report, and a round trip each on PostgreSQL)."""
        rows: list[Any] = []
        window = timedelta(days=window_days)
        for event_type, days in sorted(days_by_type.items()):
            for first, last in _runs(sorted(set(days)), 2 * window):
                rows += session.exec(
                    select(Event.id, Event.type, Event.status, Event.parties, Event.date, Event.reference_date)
                    .where(
                        Event.type == event_type,
                        col(Event.current).is_(True),
                        col(Event.reference_date).between(first - window, last + window),
                    )
                    .order_by(col(Event.id))
                ).all()
        return rows

    def insert_event(self, session: Session, values: dict[str, Any]) -> int:
        """Store a new event (`values`: its columns but id and timestamps) and return its id, with
        one INSERT ... RETURNING (see save_article)."""
        now = utcnow()
        table = Event.__table__  # type: ignore[attr-defined]
        return session.connection().execute(
            table.insert().returning(table.c.id), {**values, "created_at": now, "updated_at": now}
        ).scalar_one()

    def add_source(self, session: Session, event_id: int, article_id: int, status: str) -> None:
        """Link an article to an event it reports. The caller links each pair once: an article
        is linked in the transaction that stores it."""
        session.connection().execute(
            EventSource.__table__.insert(),  # type: ignore[attr-defined]
            {"event_id": event_id, "article_id": article_id, "status": status},
        )

    def queue_alert(self, session: Session, event_id: int, event_type: str, status: str, kind: str) -> None:
        """Queue the alert for this event at this status, unless one was ever queued for it."""
        key = f"{event_id}:{status}"
        if session.exec(select(Alert.id).where(Alert.key == key)).first() is None:
            session.add(Alert(key=key, event_id=event_id, kind=kind, event_type=event_type, status=status))

    def events(self, limit: int | None = None, current_only: bool = False) -> list[Event]:
        with self.session() as session:
            query = select(Event).order_by(col(Event.reference_date).desc(), col(Event.id).desc())
            if current_only:
                query = query.where(col(Event.current).is_(True))
            if limit:
                query = query.limit(limit)
            return list(session.exec(query).all())

    def sources(self, event_ids: Sequence[int]) -> dict[int, list[str]]:
        """Article URLs per event, first report first."""
        found: dict[int, list[str]] = {i: [] for i in event_ids}
        with self.session() as session:
            for chunk in _chunks(list(event_ids), 500):
                rows = session.exec(
                    select(EventSource.event_id, Article.url)
                    .join(Article, col(Article.id) == EventSource.article_id)
                    .where(col(EventSource.event_id).in_(chunk))
                    .order_by(col(Article.published), col(EventSource.id))
                ).all()
                for event_id, url in rows:
                    found[event_id].append(url)
        return found

    # Alerts ------------------------------------------------------------------------------

    def claim_due_alerts(self, now: datetime, lease: timedelta = timedelta(minutes=10)) -> list[Alert]:
        """Take the pending alerts due now, each claimed so no concurrent run sends it too."""
        token = uuid.uuid4().hex
        claimed: list[Alert] = []
        with self.session() as session:
            due = session.exec(
                select(Alert.id)
                .where(Alert.state == "pending")
                .where((col(Alert.next_attempt_at).is_(None)) | (col(Alert.next_attempt_at) <= now))
                .order_by(col(Alert.id))
            ).all()
            for alert_id in due:
                result = session.exec(
                    text(
                        "UPDATE alert SET claim = :token, claimed_until = :until "
                        "WHERE id = :id AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)"
                    ).bindparams(token=token, until=now + lease, id=alert_id, now=now)
                )
                session.commit()
                if result.rowcount == 1:
                    claimed.append(session.get(Alert, alert_id))
        return claimed

    def record_delivery(self, alert: Alert, delivered: list[str], error: str | None, done: bool,
                        failed: bool, next_attempt_at: datetime | None) -> None:
        with self.session() as session:
            row = session.get(Alert, alert.id)
            row.delivered = sorted(set(delivered))
            row.attempts += 1
            row.last_error = error
            row.claim, row.claimed_until = None, None
            if done:
                row.state, row.sent_at = "sent", utcnow()
            elif failed:
                row.state = "failed"
            row.next_attempt_at = next_attempt_at
            session.add(row)
            session.commit()

    def alerts(self, states: Sequence[str] = ("pending", "sent", "failed")) -> list[Alert]:
        with self.session() as session:
            query = select(Alert).where(col(Alert.state).in_(list(states))).order_by(col(Alert.id))
            return list(session.exec(query).all())

    def digest_due(self, now: datetime, period: timedelta) -> bool:
        """True when no alert was sent within the last `period` (digest mode)."""
        with self.session() as session:
            last = session.exec(select(func.max(Alert.sent_at))).one()
        return last is None or as_utc(last) <= now - period

    def previous_alert_status(self, alert: Alert) -> str | None:
        """The status this event was alerted at before `alert` (what an update moved it from)."""
        with self.session() as session:
            return session.exec(
                select(Alert.status)
                .where(Alert.event_id == alert.event_id, col(Alert.id) < alert.id)
                .order_by(col(Alert.id).desc())
            ).first()

    def event(self, event_id: int) -> Event | None:
        with self.session() as session:
            return session.get(Event, event_id)


def band_members_query(band_keys: Sequence[int]):
    """(band key, article id) rows of the near-duplicate index under these keys."""
    return select(ArticleBand.band_key, ArticleBand.article_id).where(col(ArticleBand.band_key).in_(list(band_keys)))


def signatures_query(article_ids: Sequence[int]):
    """Stored signatures of these articles, where they are originals."""
    return (select(Article.id, Article.signature)
            .where(col(Article.id).in_(list(article_ids)), Article.state == "ok", col(Article.signature).is_not(None)))


MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def schema_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def schema_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(store: Store) -> None:
    """Upgrade to the newest schema, one process at a time; a no-op when already there."""
    if schema_revision(store) == schema_head():
        return
    from alembic import command

    config = _alembic_config()
    with store.engine.connect() as connection:
        with connection.begin():
            if not store.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)").bindparams(k=INGEST_LOCK_ID))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _runs(days: list[dt.date], gap: timedelta) -> list[tuple[dt.date, dt.date]]:
    """(first, last) of each run of sorted `days` where consecutive days are at most `gap` apart."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and day - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
