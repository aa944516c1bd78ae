"""What the Inbox has left to triage, counted without loading the Inbox's store.

The window's sidebar shows these counts at its first paint; `storage/inbox.py` (feeds,
triage, candidates and their dataclasses) loads when the Inbox is opened.
"""

from __future__ import annotations

from papershelf.storage.db import Database

NOT_IN_LIBRARY = """
    NOT EXISTS (SELECT 1 FROM papers p WHERE p.trashed_at IS NULL AND p.arxiv_id = i.arxiv_id)
    AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.trashed_at IS NULL AND p.doi = i.doi)
    AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.trashed_at IS NULL
        AND p.title_key = i.title_key
        AND (i.arxiv_id IS NULL OR p.arxiv_id IS NULL OR p.arxiv_id = i.arxiv_id))
"""
"""An Inbox item (aliased `i`) none of whose identities is a live paper's."""


def inbox_counts(db: Database) -> dict[str, int]:
    """Open items, unseen ones among them, and saved-for-later."""
    row = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(seen = 0), 0), COALESCE(SUM(state = 'later'), 0) "
        f"FROM inbox_items i WHERE i.state IN ('new', 'later') AND {NOT_IN_LIBRARY}"
    ).fetchone()
    return {"open": int(row[0]), "unseen": int(row[1]), "later": int(row[2])}
