"""The schema, as an ordered list of migrations keyed by `PRAGMA user_version`.

Never edit a migration that has shipped; append a new one instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from papershelf.core.errors import StorageError
from papershelf.storage.db import Database, transaction
from papershelf.storage.legacy_biblio import split_legacy


def _run_script(db: Database, script: str) -> None:
    # Not `executescript`: that COMMITs the surrounding transaction first, and a migration
    # must apply whole or not at all.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            year INTEGER,
            venue TEXT,
            abstract TEXT,
            arxiv_id TEXT,
            arxiv_version INTEGER,
            doi TEXT,
            url TEXT,
            source TEXT,
            status TEXT NOT NULL DEFAULT 'to-read'
                CHECK (status IN ('to-read', 'reading', 'read', 'dropped')),
            priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            trashed_at TEXT,
            rev INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX papers_arxiv ON papers(arxiv_id);
        CREATE INDEX papers_doi ON papers(doi);
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_added ON papers(added_at, id);
        CREATE INDEX papers_status ON papers(status, priority DESC, added_at);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE
        );
        CREATE TABLE paper_tags (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (paper_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX paper_tags_tag ON paper_tags(tag_id, paper_id);

        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE INDEX status_history_paper ON status_history(paper_id, id);

        CREATE TABLE notes (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            quote TEXT NOT NULL,
            page INTEGER,
            comment TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX annotations_paper ON annotations(paper_id, id);

        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            paper_id INTEGER NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )


def _v2(db: Database) -> None:
    # v2: saved searches, and an `extra` JSON column so importers can keep fields we do not
    # model (citation keys, unknown BibTeX fields) for a lossless export.
    _run_script(
        db,
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            query TEXT NOT NULL
        );
        ALTER TABLE papers ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
        """,
    )


def _v3(db: Database) -> None:
    # v3: partial indexes over live (not trashed) papers in each list order, so the first
    # page of a 100k-paper library is read from an index instead of the whole table.
    _run_script(
        db,
        """
        CREATE INDEX papers_live_added ON papers(added_at DESC, id DESC)
            WHERE trashed_at IS NULL;
        CREATE INDEX papers_live_year ON papers(year DESC, added_at DESC, id DESC)
            WHERE trashed_at IS NULL;
        CREATE INDEX papers_live_title ON papers(title COLLATE NOCASE, id)
            WHERE trashed_at IS NULL;
        CREATE INDEX papers_live_priority ON papers(priority DESC, added_at, id)
            WHERE trashed_at IS NULL;
        CREATE INDEX papers_live_status ON papers(status, priority DESC, added_at, id)
            WHERE trashed_at IS NULL;
        CREATE INDEX papers_live_updated ON papers(updated_at DESC, id DESC)
            WHERE trashed_at IS NULL
        """,
    )


def _v4(db: Database) -> None:
    # v4: attached PDFs (issue 6). `file_name` is relative to the library's files/ folder;
    # the text of the indexed pages lives in `attachment_pages`, the index's full-text source.
    _run_script(
        db,
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL UNIQUE,
            original_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            pages INTEGER,
            pages_indexed INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            text_status TEXT NOT NULL DEFAULT 'pending'
                CHECK (text_status IN ('pending', 'ok', 'failed')),
            text_error TEXT
        );
        CREATE INDEX attachments_paper ON attachments(paper_id, id);
        CREATE INDEX attachments_sha256 ON attachments(sha256);
        CREATE TABLE attachment_pages (
            attachment_id INTEGER NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (attachment_id, page)
        )
        """,
    )


def _v5(db: Database) -> None:
    # v5: feeds and the Inbox of candidates (issue 9). `inbox_forgotten` remembers the keys
    # of dismissed and expired items after their rows are purged, so they never come back.
    _run_script(
        db,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('daily-papers', 'arxiv', 'url')),
            arg TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            include TEXT,
            exclude TEXT,
            etag TEXT,
            last_modified TEXT,
            validators_url TEXT,
            last_fetch_at TEXT,
            last_error TEXT,
            last_new INTEGER,
            added_at TEXT NOT NULL,
            UNIQUE (kind, arg)
        );
        CREATE TABLE inbox_items (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            arxiv_id TEXT,
            doi TEXT,
            title_key TEXT NOT NULL,
            draft TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            published TEXT NOT NULL,
            seen INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'new'
                CHECK (state IN ('new', 'later', 'dismissed', 'added')),
            state_changed_at TEXT,
            hf_upvotes INTEGER,
            paper_id INTEGER
        );
        CREATE INDEX inbox_items_order ON inbox_items(state, published DESC, id DESC);
        CREATE INDEX inbox_items_arxiv ON inbox_items(arxiv_id);
        CREATE INDEX inbox_items_doi ON inbox_items(doi);
        CREATE INDEX inbox_items_title_key ON inbox_items(title_key);
        CREATE TABLE inbox_sources (
            item_id INTEGER NOT NULL REFERENCES inbox_items(id) ON DELETE CASCADE,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (item_id, feed_id)
        ) WITHOUT ROWID;
        CREATE INDEX inbox_sources_feed ON inbox_sources(feed_id, item_id);
        CREATE TABLE inbox_forgotten (
            key TEXT PRIMARY KEY,
            reason TEXT NOT NULL CHECK (reason IN ('dismissed', 'expired')),
            at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
    )


def _v6(db: Database) -> None:
    # v6: the library's identity. The search index records it beside the change sequence, so
    # an index that belongs to another library, or is ahead of this file (an older copy put
    # back, a lost WAL), is recognised and rebuilt instead of answering with wrong ids.
    import uuid  # here: it loads `platform`, and opening an up-to-date library needs neither

    _run_script(
        db,
        f"""
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('library_id', '{uuid.uuid4().hex}')
        """,
    )


def _v7(db: Database) -> None:
    # v7: bulk imports in short transactions (storage/staging.py). `import_journal` marks an
    # import past its commit point (its papers are being published, which the next open
    # finishes); `import_deferred` keeps its drafts of papers the library already had, to
    # merge after that point. The trash (and an import's hidden papers) get an index of their
    # own, so counting the sidebar's views never scans the library.
    _run_script(
        db,
        """
        CREATE TABLE import_journal (
            import_id TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('publishing')),
            at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE import_deferred (
            import_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            draft TEXT NOT NULL,
            PRIMARY KEY (import_id, n)
        ) WITHOUT ROWID;
        CREATE INDEX papers_trashed ON papers(trashed_at) WHERE trashed_at IS NOT NULL
        """,
    )


def _v8(db: Database) -> None:
    # v8: first-class bibliographic fields (core/biblio.py), moved out of `extra` where an
    # importer kept them (storage/legacy_biblio.py). `citation_key` is indexed: re-importing
    # a .bib recognises its entries by key.
    # Spelled out, not read from BIBLIO_FIELDS: a shipped migration never changes.
    _run_script(
        db,
        """
        ALTER TABLE papers ADD COLUMN entry_type TEXT;
        ALTER TABLE papers ADD COLUMN volume TEXT;
        ALTER TABLE papers ADD COLUMN issue TEXT;
        ALTER TABLE papers ADD COLUMN pages TEXT;
        ALTER TABLE papers ADD COLUMN month INTEGER;
        ALTER TABLE papers ADD COLUMN day INTEGER;
        ALTER TABLE papers ADD COLUMN publisher TEXT;
        ALTER TABLE papers ADD COLUMN place TEXT;
        ALTER TABLE papers ADD COLUMN editors TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE papers ADD COLUMN edition TEXT;
        ALTER TABLE papers ADD COLUMN series TEXT;
        ALTER TABLE papers ADD COLUMN issn TEXT;
        ALTER TABLE papers ADD COLUMN isbn TEXT;
        ALTER TABLE papers ADD COLUMN language TEXT;
        ALTER TABLE papers ADD COLUMN access_date TEXT;
        ALTER TABLE papers ADD COLUMN citation_key TEXT;
        CREATE INDEX papers_citation_key ON papers(citation_key)
        """,
    )
    rows = db.execute("SELECT id, extra FROM papers WHERE extra NOT IN ('', '{}')").fetchall()
    for pid, text in rows:
        try:
            extra = json.loads(text)
        except ValueError:
            continue
        if not isinstance(extra, dict):
            continue
        values, rest = split_legacy(extra)
        if not values:
            continue
        values = {
            k: json.dumps(v, ensure_ascii=False) if k == "editors" else v for k, v in values.items()
        }
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(
            f"UPDATE papers SET {sets}, extra = ? WHERE id = ?",
            [*values.values(), json.dumps(rest, ensure_ascii=False), pid],
        )


def _v9(db: Database) -> None:
    # v9: possible duplicates (issue 17). An import keeps two records that share a title but
    # differ in something distinguishing (volume, pages, ...) and records the pair here with
    # its reason; the user's "not duplicates" is a pair in state 'distinct'. `source_keys`
    # remembers the file and citation key each paper was imported under, so re-importing a
    # file recognises its entries. A partial index groups live papers by title for the scan.
    _run_script(
        db,
        """
        CREATE TABLE duplicate_pairs (
            a INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('possible', 'distinct')),
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (a, b),
            CHECK (a < b)
        ) WITHOUT ROWID;
        CREATE INDEX duplicate_pairs_b ON duplicate_pairs(b, a);
        CREATE TABLE source_keys (
            file TEXT NOT NULL,
            key TEXT NOT NULL,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            PRIMARY KEY (file, key)
        ) WITHOUT ROWID;
        CREATE INDEX source_keys_paper ON source_keys(paper_id);
        CREATE INDEX papers_live_title_key ON papers(title_key) WHERE trashed_at IS NULL
        """,
    )


def _v10(db: Database) -> None:
    # v10: the last try to find a title-only paper's record (storage/resolution.py). Which
    # papers are unresolved is computed (a title, no arXiv id, no DOI), so older libraries'
    # title-only papers are unresolved at once; this keeps candidates and retry times.
    _run_script(
        db,
        """
        CREATE TABLE resolution (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('ambiguous', 'not-found', 'retry', 'dismissed')),
            reason TEXT,
            candidates TEXT NOT NULL DEFAULT '[]',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try TEXT
        )
        """,
    )


def _v11(db: Database) -> None:
    # v11: annotations as data (issue 20). A highlight has its place in the PDF (attachment,
    # 0-based page index, the page's label, rects in PDF points, Zotero's sort index) and a
    # colour; `external` marks one read from the file, `external_key` (its /NM, or page and
    # rects) recognises it when the file is read again. Typed quotes keep kind 'quote' with
    # their printed page. `reading_positions` is where the reader left each paper.
    _run_script(
        db,
        """
        ALTER TABLE annotations ADD COLUMN kind TEXT NOT NULL DEFAULT 'quote';
        ALTER TABLE annotations ADD COLUMN color TEXT;
        ALTER TABLE annotations ADD COLUMN page_index INTEGER;
        ALTER TABLE annotations ADD COLUMN page_label TEXT;
        ALTER TABLE annotations ADD COLUMN rects TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE annotations ADD COLUMN sort_index TEXT NOT NULL DEFAULT '';
        ALTER TABLE annotations ADD COLUMN attachment_id INTEGER
            REFERENCES attachments(id) ON DELETE SET NULL;
        ALTER TABLE annotations ADD COLUMN external INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE annotations ADD COLUMN external_key TEXT;
        ALTER TABLE annotations ADD COLUMN updated_at TEXT;
        CREATE INDEX annotations_external ON annotations(paper_id, external_key)
            WHERE external_key IS NOT NULL;
        CREATE TABLE reading_positions (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            attachment_id INTEGER,
            page_index INTEGER NOT NULL,
            offset REAL NOT NULL,
            zoom REAL,
            furthest_page INTEGER NOT NULL,
            page_count INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    )


MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    db: Database,
    *,
    upto: int = SCHEMA_VERSION,
    before: Callable[[int], object] | None = None,
) -> int:
    """Bring the database to `upto`, one transaction per step, and return the old version.

    `before(current)` runs once before an existing (non-new) database is changed: the
    library takes a backup there.

    Raises:
        StorageError: the file was written by a newer Papershelf.
    """
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StorageError(
            f"this library was written by a newer Papershelf (schema {current}, "
            f"this version understands up to {SCHEMA_VERSION}); please upgrade"
        )
    if before is not None and 0 < current < upto:
        before(current)
    for version in range(current, upto):
        with transaction(db):
            # Re-read under the write lock: another process may have migrated meanwhile.
            if schema_version(db) != version:
                continue
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")
    return current
