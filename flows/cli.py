"""The `mediawatch` command.

Each subcommand imports what it needs when it runs: `tag`, `events` and `status` must answer in
well under a second, so they never import Prefect (whose ephemeral server takes 10-16 s to start).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

EXIT_CONFIG = 2
EXIT_DATABASE = 3
EXIT_INPUT = 4


def entry_point() -> NoReturn:
    """The `mediawatch` console script: `main`, then exit."""
    status = main()
    # What is left is freed with the process. Frozen, it is skipped by the interpreter's last
    # collection, which scans Prefect's whole import graph: 0.4 s at every exit, 0.03 s frozen.
    gc.freeze()
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_CONFIG
    from mediawatch.flows.errors import ConfigError, DatabaseError

    try:
        return args.handler(args)
    except ConfigError as exc:
        print(f"mediawatch: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except DatabaseError as exc:
        print(f"mediawatch: database error: {exc}", file=sys.stderr)
        return EXIT_DATABASE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mediawatch", description="Monitor news feeds for mediation events.")
    sub = parser.add_subparsers(dest="command")

    def command(name: str, handler, help_text: str, config: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if config:
            p.add_argument("--config", help="config file (default: $MEDIAWATCH_CONFIG)")
        p.set_defaults(handler=handler)
        return p

    command("run", cmd_run, "Run one monitoring cycle as a Prefect flow run.")
    command("serve", cmd_serve, "Run the cycle on the config's schedule until stopped.")
    tag = command("tag", cmd_tag, "Extract and tag one page, text file or URL (no Prefect, no database).", config=False)
    tag.add_argument("source", metavar="PATH_OR_URL")
    tag.add_argument("--published", type=_iso_date, help="publication date (ISO) if the page does not say")
    tag.add_argument("--json", action="store_true", help="print JSON")
    events = command("events", cmd_events, "List stored events, newest first, with their sources.")
    events.add_argument("--json", action="store_true", help="print JSON")
    events.add_argument("--all", action="store_true", help="include background and denied mentions")
    command("status", cmd_status, "Show feed health and the alert outbox.")
    command("demo", cmd_demo, "Run the whole pipeline offline on a bundled sample feed.", config=False)
    ev = command("eval", cmd_eval, "Score the tagger on labelled streams, and extraction on pages with gold text.",
                 config=False)
    ev.add_argument("target", metavar="DIR")
    ev.add_argument("--json", dest="json_path", type=Path,
                    help="also write the report as JSON here (extraction scores beside it, *.extraction.json)")
    ex = command("export", cmd_export, "Write the stored events as JSON, CSV or an Atom feed.")
    ex.add_argument("--format", choices=["json", "csv", "atom"], default="json")
    ex.add_argument("--output", type=Path, help="write to this file instead of standard output")
    ex.add_argument("--all", action="store_true", help="include background and denied mentions")
    feeds = sub.add_parser("feeds", help="Manage the config's feeds.", description="Manage the config's feeds.")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    imp = feeds_sub.add_parser("import", help="Add the feeds of an OPML file (a feed reader's export) to the config.")
    imp.add_argument("opml", metavar="FILE.opml", type=Path)
    imp.add_argument("--config", help="config file to add them to (default: $MEDIAWATCH_CONFIG)")
    imp.set_defaults(handler=cmd_feeds_import)
    rp = command("replay", cmd_replay, "Replay a labelled stream tick by tick and score the alerts.", config=False)
    rp.add_argument("stream", metavar="DIR", type=Path)
    rp.add_argument("--json", dest="json_path", type=Path, help="also write the score as JSON here")
    return parser


def _iso_date(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# run / serve -----------------------------------------------------------------------------------


def _checked_settings(args: argparse.Namespace):
    """Settings that are valid and whose database answers, before Prefect is started. A watch
    file of one's own is checked too (the bundled one is checked by the tests: compiling it
    would add half a second to every run)."""
    from mediawatch.extractors.watch import load_watch
    from mediawatch.flows.errors import ConfigError
    from mediawatch.flows.settings import load_settings
    from mediawatch.flows.storage import Store

    settings = load_settings(args.config)
    if settings.watch is not None:
        try:
            load_watch(settings.watch_path())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"watch file {settings.watch_path()}: {exc}") from None
    Store(settings.database_url).create_schema()
    settings.alerts.resolved_urls()
    settings.alerts.resolved_routes()
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    settings = _checked_settings(args)
    from mediawatch.flows.pipeline import CycleSummary, monitor

    summary = CycleSummary(**monitor(config=str(settings.source.resolve()), name=settings.name))
    print(summary.render())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _checked_settings(args)
    from mediawatch.flows.deployment import serve

    serve(settings)
    return 0


# tag ----------------------------------------------------------------------------------------------


def cmd_tag(args: argparse.Namespace) -> int:
    from mediawatch.extractors.tagger import tag_events
    from mediawatch.extractors.watch import load_watch

    try:
        title, published, text = _read_source(args.source, args.published)
    except (OSError, ValueError) as exc:
        print(f"mediawatch: cannot read {args.source}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    events = tag_events(text, published, load_watch())
    if args.json:
        out = {
            "article": {"title": title, "published": published.isoformat() if published else None, "text": text},
            "events": [e.to_json() for e in events],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{title or '(untitled)'}  [{published.date().isoformat() if published else 'date unknown'}]")
    if not events:
        print("no mediation events found")
    for e in events:
        when = "current" if e.current else "background"
        fields = [e.type, e.status, when, "parties " + ",".join(e.parties)]
        if e.mediators:
            fields.append("mediators " + ",".join(e.mediators))
        if e.location:
            fields.append(f"in {e.location}")
        if e.date:
            fields.append(f"on {e.date.isoformat()}")
        if e.count:
            fields.append(f"count {e.count}")
        print("- " + " | ".join(fields))
        for sentence in e.evidence:
            print(f"    \u201c{sentence}\u201d")
    return 0


def _read_source(source: str, published: datetime | None) -> tuple[str, datetime | None, str]:
    """(title, published, text) of a URL, an HTML file or a plain-text file."""
    from mediawatch.extractors.article import extract_article

    if source.startswith(("http://", "https://")):
        from mediawatch.flows.http import Fetcher

        with Fetcher() as fetcher:
            result = fetcher.fetch(source)
        if result.error or not result.content:
            raise ValueError(result.error or "empty response")
        article = extract_article(result.content, url=result.final_url or source, fallback_published=published)
        return article.title, published or article.published, article.text
    path = Path(source)
    data = path.read_bytes()
    if path.suffix.lower() == ".txt":
        text = data.decode("utf-8", errors="replace")
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        return title, published, text
    article = extract_article(data, url=None, fallback_published=published)
    return article.title, published or article.published, article.text


# events / status ------------------------------------------------------------------------------------


def _store(args: argparse.Namespace):
    from mediawatch.flows.settings import load_settings
    from mediawatch.flows.storage import Store

    settings = load_settings(args.config)
    store = Store(settings.database_url)
    store.create_schema()
    return settings, store


def cmd_events(args: argparse.Namespace) -> int:
    _, store = _store(args)
    events = store.events(current_only=not args.all)
    sources = store.sources([e.id for e in events])
    if args.json:
        rows = [
            {"id": e.id, "type": e.type, "status": e.status, "current": e.current, "parties": e.parties,
             "mediators": e.mediators, "location": e.location, "date": e.date.isoformat() if e.date else None,
             "count": e.count, "evidence": e.evidence, "sources": sources[e.id]}
            for e in events
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("no events stored yet")
    for e in events:
        when = e.date.isoformat() if e.date else "date unknown"
        place = f" in {e.location}" if e.location else ""
        via = f", mediated by {','.join(e.mediators)}" if e.mediators else ""
        count = f", {e.count} each" if e.count else ""
        print(f"{when}  {e.type} ({e.status}): {'-'.join(e.parties) or '?'}{place}{via}{count}")
        for url in sources[e.id]:
            print(f"    {url}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from mediawatch.flows.reports import feed_health_rows

    _, store = _store(args)
    console = Console()
    rows = feed_health_rows(store.feeds())
    table = Table(title="Feed health")
    for column in (rows[0].keys() if rows else ["feed"]):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    console.print(table)
    waiting = store.pending_count()
    if waiting:
        console.print(f"Articles waiting to be matched to events: {waiting} (left by a stopped run)")
    alerts = store.alerts()
    counts = {s: sum(1 for a in alerts if a.state == s) for s in ("sent", "pending", "failed")}
    console.print(f"Alerts: {counts['sent']} sent, {counts['pending']} pending, {counts['failed']} failed")
    for alert in (a for a in alerts if a.state != "sent"):
        console.print(f"  {alert.state}: {alert.kind} {alert.event_type} {alert.status} "
                      f"(attempts {alert.attempts}; {alert.last_error or 'not tried yet'})", markup=False)
    return 0


# demo / eval ------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from mediawatch.flows.demo import run_demo

    return run_demo()


def cmd_eval(args: argparse.Namespace) -> int:
    from mediawatch.flows.evaluate import run_eval, stream_directories
    from mediawatch.flows.extraction_report import format_report, gold_page_folder, realworld_extraction_report

    target = Path(args.target)
    if not target.is_dir():
        print(f"mediawatch: no such directory: {target}", file=sys.stderr)
        return EXIT_INPUT
    streams, pages = stream_directories(target), gold_page_folder(target)
    if not streams and pages is None:
        print(f"mediawatch: {target} holds no labelled stream (manifest.json) and no pages with gold text "
              "(index.json)", file=sys.stderr)
        return EXIT_INPUT
    if streams:
        run_eval(target, args.json_path)
    if pages is not None:
        rows = realworld_extraction_report(pages)
        print(f"Extraction against the gold text of {pages}:")
        print(format_report(rows))
        if args.json_path:
            extraction = args.json_path.with_name(args.json_path.stem + ".extraction.json")
            extraction.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from mediawatch.extractors.watch import load_actors
    from mediawatch.flows import export
    from mediawatch.flows.alerts import display_names

    settings, store = _store(args)
    events = store.events(current_only=not args.all)
    sources = store.sources([e.id for e in events])
    if args.format == "atom":
        names = display_names(load_actors(settings.watch_path()))
        text = export.to_atom(events, sources, names, settings.name)
    else:
        text = export.to_json(events, sources) if args.format == "json" else export.to_csv(events, sources)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_feeds_import(args: argparse.Namespace) -> int:
    from mediawatch.flows.opml import OpmlError, import_opml
    from mediawatch.flows.settings import config_path

    try:
        added = import_opml(args.opml, config_path(args.config))
    except (OSError, OpmlError) as exc:
        print(f"mediawatch: cannot import {args.opml}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    for name, url in added:
        print(f"added {name}: {url}")
    print(f"{len(added)} feed(s) added" if added else "no new feeds: every feed in the file is already configured")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    import tempfile
    from dataclasses import asdict

    from rich.console import Console

    from mediawatch.flows.demo import write_local_config
    from mediawatch.flows.pipeline import monitor
    from mediawatch.flows.replay import render_score, replay

    if not (args.stream / "manifest.json").is_file():
        print(f"mediawatch: {args.stream} has no manifest.json (see FORMAT.md)", file=sys.stderr)
        return EXIT_INPUT
    with tempfile.TemporaryDirectory(prefix="mediawatch-replay-") as tmp:

        def one_cycle(feed_urls: dict[str, str], alert_url: str, tick: int) -> None:
            config = write_local_config(Path(tmp), feed_urls, [alert_url], "replay")
            monitor(config=str(config), name="replay")

        score = replay(args.stream, one_cycle)
    Console().print(render_score(score))
    if args.json_path:
        args.json_path.write_text(json.dumps(asdict(score), indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    entry_point()
