"""Possible duplicates for the Duplicates view and the CLI: listing, merging, telling apart.

`Library` delegates here; the SQL is `storage/duplicates.py`'s and the rules are
`core/merge_policy.py`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from papershelf.core.duplicates import DuplicateGroup, MergeSnapshot
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.fields import check_fields
from papershelf.core.merge_policy import DIFFERENCE_LABELS, ONE_IMPORT
from papershelf.storage.db import Database, transaction
from papershelf.storage.duplicates import DISTINCT, Pair, pair
from papershelf.storage.papers import PaperStore


def duplicate_groups(store: PaperStore) -> list[DuplicateGroup]:
    """Groups of live papers that may be one work, oldest paper first, by their first paper.

    The pairs an import recorded, plus those a scan of shared titles and identifiers finds,
    joined into groups; pairs the user marked as not duplicates are left out.
    """
    recorded, distinct = store.recorded_pairs()
    pairs = {**store.scan_pairs(), **recorded}
    for marked in distinct:
        pairs.pop(marked, None)
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    reasons: dict[int, list[str]] = {}
    for (a, _), reason in sorted(pairs.items()):
        found = reasons.setdefault(root(a), [])
        if reason not in found:
            found.append(reason)
    return [
        DuplicateGroup(tuple(sorted(ids)), _group_reason(reasons[first]))
        for first, ids in sorted(members.items())
    ]


def _group_reason(reasons: list[str]) -> str:
    """One pair's reason, or what the pairs of a bigger group agree and differ in."""
    if len(reasons) == 1:
        return reasons[0]
    agreed = sorted({r.split(";", 1)[0] for r in reasons}, key=len)
    differ = [
        label
        for label in DIFFERENCE_LABELS
        if any(f"{label} " in r.split(";", 1)[-1] or r.endswith(label) for r in reasons)
    ]
    what = " / ".join(agreed)
    if ONE_IMPORT in differ:
        differ.remove(ONE_IMPORT)
        what += f"; {ONE_IMPORT}"
    return f"{what}; they differ in {', '.join(differ)}" if differ else what


def merge_duplicates(
    db: Database,
    store: PaperStore,
    keep_id: int,
    other_ids: Sequence[int],
    values: Mapping[str, Any],
    check_key: Callable[[int, str], None],
) -> MergeSnapshot:
    """Merge `other_ids` into `keep_id`, then give it `values`; all or nothing.

    Returns:
        What the undo needs to put every paper back.

    Raises:
        InvalidInputError: nothing to merge, the kept paper among the others, or a value
            a field cannot hold (`core/fields.py`).
        NotFoundError: one of the papers is not in the library.
    """
    others = list(dict.fromkeys(other_ids))
    if not others:
        raise InvalidInputError("name at least one paper to merge into the kept one")
    if keep_id in others:
        raise InvalidInputError(f"cannot merge paper {keep_id} with itself")
    clean = check_fields(values)
    if clean.get("citation_key"):
        check_key(keep_id, str(clean["citation_key"]))
    found = {p.id for p in store.get_many([keep_id, *others], details=False)}
    missing = [pid for pid in [keep_id, *others] if pid not in found]
    if missing:
        raise NotFoundError(f"no paper with id {missing[0]}")
    with transaction(db):
        snapshot = store.merge_snapshot(keep_id, others)
        for other in others:
            store.merge_papers(keep_id, other)
        if clean:
            store.set_fields(keep_id, clean)
    return snapshot


def not_duplicates(paper_ids: Sequence[int]) -> list[tuple[int, int, str, str]]:
    """The pair states that say no two of `paper_ids` are one work."""
    ids = sorted(set(paper_ids))
    pairs: list[Pair] = [pair(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    return [(a, b, DISTINCT, "") for a, b in pairs]
