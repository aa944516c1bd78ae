"""AttachmentStore: attached files, their extracted page text, and safe file names.

Every write touches the paper (a change-log row and a new `rev`) in the same transaction,
so the search index picks up the PDF's text and `has:pdf` like any other edit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from papershelf.core.errors import NotFoundError, StorageError
from papershelf.core.models import Attachment as Attachment
from papershelf.storage.db import Database, transaction, utcnow
from papershelf.storage.papers import PaperStore

MAX_NAME_BYTES = 120
"""A stored file name's stem is cut to this many UTF-8 bytes (file systems allow 255)."""
PDF_SUFFIX = ".pdf"
_COLUMNS = (
    "id, paper_id, file_name, original_name, size, sha256, pages, pages_indexed, added_at, "
    "text_status, text_error"
)
# Windows refuses these as file names whatever the extension (CON.pdf is the console).
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "clock$"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
_UNSAFE_RE = re.compile(r'[<>:"/\\|?*]')


def safe_file_name(original: str, taken: Collection[str] = ()) -> str:
    """A readable, portable file name for `original` that is not in `taken`.

    Directories (either separator), `..`, control characters, characters Windows forbids,
    leading/trailing dots and spaces and reserved device names are removed; the stem is cut
    to `MAX_NAME_BYTES`; the suffix is always `.pdf`. Collisions (compared case-blind, as on
    macOS and Windows) get `-2`, `-3`, …

    Args:
        original: the name as the user's file or an imported record gave it.
        taken: names already used in the target folder.
    """
    name = unicodedata.normalize("NFC", original.replace("\\", "/")).split("/")[-1]
    name = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in name
    )
    name = _UNSAFE_RE.sub("_", name)
    if name.lower().endswith(PDF_SUFFIX):
        name = name[: -len(PDF_SUFFIX)]
    stem = " ".join(name.split()).strip(" .")
    if not stem or not any(ch.isalnum() for ch in stem):
        stem = "attachment"
    if stem.split(".")[0].strip().lower() in _RESERVED:
        stem = f"_{stem}"
    stem = _cut_utf8(stem, MAX_NAME_BYTES).rstrip(" .") or "attachment"
    used = {t.casefold() for t in taken}
    candidate, n = stem + PDF_SUFFIX, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f"-{n}"
        candidate = _cut_utf8(stem, MAX_NAME_BYTES - len(suffix)).rstrip(" .") + suffix + PDF_SUFFIX
    return candidate


def _cut_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def path_inside(root: Path, relative: str) -> Path:
    """`root / relative`, checked to stay inside `root` (symbolic links resolved).

    Raises:
        StorageError: the path would leave `root` (an absolute path, `..`, or a link).
    """
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or "\\" in relative or "\x00" in relative:
        raise StorageError(f"refusing attachment path {relative!r}: outside the files folder")
    base = root.resolve()
    target = (base / pure).resolve()
    if not target.is_relative_to(base) or target == base:
        raise StorageError(f"refusing attachment path {relative!r}: outside the files folder")
    return target


class AttachmentStore:
    """Attachments of one library database (the thread that owns the connection)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._papers = PaperStore(db)

    def _touch(self, paper_id: int, now: str | None = None) -> None:
        self._papers._touch(paper_id, now)  # the one place that writes the change log

    # ------------------------------------------------------------------------- reads
    def get(self, attachment_id: int) -> Attachment:
        """Raises: NotFoundError."""
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", [attachment_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no attachment with id {attachment_id}")
        return Attachment(*row)

    def for_paper(self, paper_id: int) -> list[Attachment]:
        return [
            Attachment(*row)
            for row in self.db.execute(
                f"SELECT {_COLUMNS} FROM attachments WHERE paper_id = ? ORDER BY id", [paper_id]
            )
        ]

    def find_by_hash(self, sha256: str, paper_id: int | None = None) -> Attachment | None:
        """An attachment with this content (on `paper_id`, or on any paper)."""
        sql = f"SELECT {_COLUMNS} FROM attachments WHERE sha256 = ?"
        args: list[Any] = [sha256]
        if paper_id is not None:
            sql += " AND paper_id = ?"
            args.append(paper_id)
        row = self.db.execute(sql + " ORDER BY id LIMIT 1", args).fetchone()
        return Attachment(*row) if row else None

    def names_in(self, folder: str) -> set[str]:
        """File names already recorded under `folder/` (for collision checks)."""
        prefix = folder.rstrip("/") + "/"
        return {
            str(r[0])[len(prefix) :]
            for r in self.db.execute(
                "SELECT file_name FROM attachments WHERE substr(file_name, 1, ?) = ?",
                [len(prefix), prefix],
            )
        }

    def with_pdf(self, paper_ids: Sequence[int]) -> set[int]:
        """Which of these papers have at least one attachment."""
        out: set[int] = set()
        for chunk in _chunks(paper_ids, 500):
            marks = ",".join("?" * len(chunk))
            out.update(
                int(r[0])
                for r in self.db.execute(
                    f"SELECT DISTINCT paper_id FROM attachments WHERE paper_id IN ({marks})",
                    list(chunk),
                )
            )
        return out

    def page_texts(self, paper_ids: Sequence[int]) -> dict[int, list[str]]:
        """Indexed page texts per paper that has an attachment (empty list: no text).

        Pages of several attachments follow each other in attachment order.
        """
        out: dict[int, list[str]] = {pid: [] for pid in self.with_pdf(paper_ids)}
        for chunk in _chunks(sorted(out), 200):
            marks = ",".join("?" * len(chunk))
            for pid, text in self.db.execute(
                f"SELECT a.paper_id, p.text FROM attachment_pages p "
                f"JOIN attachments a ON a.id = p.attachment_id "
                f"WHERE a.paper_id IN ({marks}) ORDER BY a.id, p.page",
                list(chunk),
            ):
                out[int(pid)].append(str(text))
        return out

    def labelled_pages(self, paper_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """Each paper's indexed pages with the label a search snippet shows for them.

        The label is "p. 3", or "name.pdf p. 3" when the paper has several files, since page
        numbers count within each file.
        """
        rows: dict[int, list[tuple[int, str, int, str]]] = {}
        for pid in self.with_pdf(paper_ids):
            rows[pid] = []
        for chunk in _chunks(sorted(rows), 200):
            marks = ",".join("?" * len(chunk))
            for pid, aid, name, page, text in self.db.execute(
                f"SELECT a.paper_id, a.id, a.original_name, p.page, p.text "
                f"FROM attachment_pages p JOIN attachments a ON a.id = p.attachment_id "
                f"WHERE a.paper_id IN ({marks}) ORDER BY a.id, p.page",
                list(chunk),
            ):
                rows[int(pid)].append((int(aid), str(name), int(page), str(text)))
        out: dict[int, list[tuple[str, str]]] = {}
        for pid, pages in rows.items():
            several = len({aid for aid, _, _, _ in pages}) > 1
            out[pid] = [
                (f"{name} p. {page}" if several else f"p. {page}", text)
                for _, name, page, text in pages
            ]
        return out

    # ------------------------------------------------------------------------ writes
    def add(
        self,
        paper_id: int,
        *,
        file_name: str,
        original_name: str,
        size: int,
        sha256: str,
        now: str | None = None,
    ) -> int:
        """Record an attached file (its text comes later through `set_text`).

        Raises:
            NotFoundError: no such paper.
            StorageError: the file name is already recorded.
        """
        now = now or utcnow()
        with transaction(self.db):
            if not self._papers.exists(paper_id):
                raise NotFoundError(f"no paper with id {paper_id}")
            exists = self.db.execute(
                "SELECT 1 FROM attachments WHERE file_name = ?", [file_name]
            ).fetchone()
            if exists:
                raise StorageError(f"an attachment named files/{file_name} already exists")
            cur = self.db.execute(
                "INSERT INTO attachments (paper_id, file_name, original_name, size, sha256, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?)",
                [paper_id, file_name, original_name, size, sha256, now],
            )
            self._touch(paper_id, now)
            return int(cur.lastrowid or 0)

    def set_text(
        self,
        attachment_id: int,
        pages: Iterable[str],
        *,
        page_count: int | None,
        error: str | None = None,
    ) -> None:
        """Replace the attachment's page text and extraction outcome.

        Args:
            attachment_id: the attachment.
            pages: text of pages 1, 2, … (only those that were extracted).
            page_count: pages in the whole file (None when unknown).
            error: why extraction failed; the status becomes "failed".
        """
        with transaction(self.db):
            attachment = self.get(attachment_id)
            self.db.execute("DELETE FROM attachment_pages WHERE attachment_id = ?", [attachment_id])
            n = 0
            for n, text in enumerate(pages, 1):
                self.db.execute(
                    "INSERT INTO attachment_pages (attachment_id, page, text) VALUES (?, ?, ?)",
                    [attachment_id, n, text],
                )
            self.db.execute(
                "UPDATE attachments SET pages = ?, pages_indexed = ?, text_status = ?, "
                "text_error = ? WHERE id = ?",
                [page_count, n, "failed" if error else "ok", error, attachment_id],
            )
            self._touch(attachment.paper_id)

    def remove(self, attachment_id: int) -> Attachment:
        """Forget an attachment and its text (the caller deletes the file)."""
        with transaction(self.db):
            attachment = self.get(attachment_id)
            self.db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
            self._touch(attachment.paper_id)
        return attachment


def _chunks(seq: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]
