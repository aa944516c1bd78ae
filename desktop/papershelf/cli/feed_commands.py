"""The discovery commands: feeds, the Inbox and triage."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from papershelf.cli.output import emit_json, positive, short_authors, whole_number
from papershelf.cli.registry import AddCommand
from papershelf.core.errors import InvalidInputError
from papershelf.library import Library, ops

if TYPE_CHECKING:
    from papershelf.core.inbox import Feed, InboxItem
    from papershelf.library.inbox import FetchReport

# library.inbox (feeds, the HTTP client's module, the Inbox store) is imported by the
# commands: `papershelf list` imports this module to register them.

FEED_ACTIONS = ("list", "add", "remove", "fetch")


def _feed_id(text: str | None, action: str) -> int:
    value = None if text is None else whole_number(text)
    if value is None:
        raise InvalidInputError(f"feeds {action} needs a feed id (see `papershelf feeds list`)")
    return value


def cmd_feeds(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.inbox import inbox_counts, list_feeds

    action = args.action
    if action != "add" and (args.name or args.include or args.exclude):
        raise InvalidInputError("--name, --include and --exclude go with `feeds add`")
    if action == "add":
        if not args.target:
            raise InvalidInputError(
                "feeds add needs a source: daily-papers, arxiv:CATEGORY or a feed URL"
            )
        add = ops.AddFeed(args.target, name=args.name, include=args.include, exclude=args.exclude)
        feed: Feed = ops.run(lib, add).value
        if args.json:
            emit_json(feed.to_json())
        else:
            print(f"subscribed to {feed.name} (feed {feed.id}); `papershelf feeds fetch` gets it")
        return 0
    if action == "remove":
        feed = ops.run(lib, ops.RemoveFeed(_feed_id(args.target, "remove"))).value
        if args.json:
            emit_json(feed.to_json())
        else:
            print(f"unsubscribed from {feed.name} (feed {feed.id})")
        return 0
    if action == "fetch":
        ids = (_feed_id(args.target, "fetch"),) if args.target else None
        report: FetchReport = ops.run(lib, ops.FetchFeeds(ids)).value
        if args.json:
            emit_json(report.to_json())
        else:
            for outcome in report.feeds:
                head = f"{outcome.feed_id:>4}  {outcome.name}"
                if outcome.error:
                    print(f"{head}: error: {outcome.error}")
                elif outcome.not_modified:
                    print(f"{head}: not modified since the last fetch")
                else:
                    print(f"{head}: {outcome.new} new of {outcome.offered}")
            counts = inbox_counts(lib)
            print(f"inbox: {counts['open']} to triage ({counts['unseen']} unseen)")
        failed = sum(o.error is not None for o in report.feeds)
        if not failed:
            return 0
        return 1 if failed == len(report.feeds) else 2
    feeds = list_feeds(lib)
    if args.json:
        emit_json([f.to_json() for f in feeds])
        return 0
    if not feeds:
        print("no feeds; try `papershelf feeds add daily-papers`")
    for f in feeds:
        filters = "".join(
            f"  {label} {q!r}" for label, q in (("include", f.include), ("exclude", f.exclude)) if q
        )
        last = (
            f"last fetched {f.last_fetch_at[:16].replace('T', ' ')}"
            if f.last_fetch_at
            else ("never fetched")
        )
        status = f"error: {f.last_error}" if f.last_error else last
        print(f"{f.id:>4}  {f.name}{filters}  ({status})")
    return 0


def _item_line(item: InboxItem) -> str:
    mark = "*" if not item.seen else " "
    later = " [later]" if item.state.value == "later" else ""
    if item.state.value in ("added", "dismissed"):
        later = f" [{item.state.value}]"
    votes = f" ▲{item.hf_upvotes}" if item.hf_upvotes is not None else ""
    who = short_authors(item.draft.authors)
    who = f" — {who}" if who else ""
    sources = ", ".join(s.name for s in item.sources)
    ident = f"  arXiv:{item.draft.arxiv_id}" if item.draft.arxiv_id else ""
    return f"{item.id:>6} {mark} {item.draft.title}{who}{later}{votes}{ident}" + (
        f"  ({sources})" if sources else ""
    )


def cmd_inbox(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.inbox import inbox_counts, inbox_ids, inbox_items, related

    ids = inbox_ids(lib, include_all=args.all)
    if args.limit is not None:
        ids = ids[: args.limit]
    items = inbox_items(lib, ids)
    nearest = {i.id: related(lib, i, limit=3) for i in items} if args.related else {}
    titles: dict[int, str] = {}
    if nearest:
        wanted = sorted({h.paper_id for hits in nearest.values() for h in hits})
        titles = {p.id: p.title for p in lib.get_many(wanted, details=False)}
    if args.json:
        out = []
        for item in items:
            data = item.to_json()
            if args.related:
                data["related"] = [
                    {"id": h.paper_id, "title": titles.get(h.paper_id), "score": round(h.score, 3)}
                    for h in nearest[item.id]
                ]
            out.append(data)
        emit_json(out)
    else:
        counts = inbox_counts(lib)
        print(
            f"inbox: {counts['open']} to triage, {counts['unseen']} unseen, "
            f"{counts['later']} saved for later"
        )
        for item in items:
            print(_item_line(item))
            for h in nearest.get(item.id, []):
                print(f"         ~ #{h.paper_id} {titles.get(h.paper_id, '')}")
            if args.abstracts and item.draft.abstract:
                print(
                    textwrap.fill(
                        item.draft.abstract, 96, initial_indent=" " * 9, subsequent_indent=" " * 9
                    )
                )
    if args.mark_seen:
        ops.run(lib, ops.MarkSeen(tuple(i.id for i in items)))
    return 0


def cmd_triage(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.inbox import TriageAction, inbox_items

    try:
        action = TriageAction(args.action)
    except ValueError:
        raise InvalidInputError(
            f"unknown triage action {args.action!r} (add, read, dismiss or later)"
        ) from None
    ids = []
    for ref in args.ids:
        value = whole_number(ref)
        if value is None:
            raise InvalidInputError(f"not an inbox item id: {ref!r} (see `papershelf inbox`)")
        ids.append(value)
    result = ops.run(lib, ops.Triage(tuple(ids), action, tuple(args.tag or ())))
    assert isinstance(result.undo, ops.UndoTriage)  # a triage always records its undo
    paper_ids = [i.paper_id for i in inbox_items(lib, ids) if i.paper_id is not None]
    if args.json:
        emit_json({"action": action.value, "items": ids, "paper_ids": paper_ids})
        return 0
    n = len(result.undo.record.items)
    what = f"{n} item{'s' if n != 1 else ''}"
    if action is TriageAction.ADD:
        print(f"added {what} to To read: " + ", ".join(f"#{p}" for p in paper_ids))
    elif action is TriageAction.READ:
        print(f"added {what} as Reading: " + ", ".join(f"#{p}" for p in paper_ids))
    elif action is TriageAction.DISMISS:
        print(f"dismissed {what}; they will not come back")
    else:
        print(f"saved {what} for later")
    return 0


def register(add: AddCommand) -> None:
    p = add("feeds", cmd_feeds, "subscribe to feeds (daily-papers, arxiv:CAT, a URL) and fetch")
    p.add_argument("action", nargs="?", default="list", choices=FEED_ACTIONS)
    p.add_argument(
        "target",
        nargs="?",
        metavar="SOURCE|ID",
        help="add: daily-papers, arxiv:cs.LG or an RSS/Atom URL; remove/fetch: a feed id",
    )
    p.add_argument("--name", help="add: the name shown for the feed")
    p.add_argument("--include", metavar="QUERY", help="add: keep only candidates matching QUERY")
    p.add_argument("--exclude", metavar="QUERY", help="add: drop candidates matching QUERY")

    p = add("inbox", cmd_inbox, "candidates from your feeds, newest first (* = unseen)")
    p.add_argument("--all", action="store_true", help="also items already added or dismissed")
    p.add_argument("--related", action="store_true", help="with each, your nearest papers")
    p.add_argument("--abstracts", action="store_true", help="print each abstract")
    p.add_argument("--mark-seen", action="store_true", help="mark the listed items seen")
    p.add_argument("--limit", type=positive)

    p = add("triage", cmd_triage, "add (to read), read (add as reading), dismiss or later")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("action", metavar="add|read|dismiss|later")
    p.add_argument("--tag", action="append", help="add/read: tag the papers (repeatable)")
