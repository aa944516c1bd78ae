"""Lookup responses kept in `<library>/cache/`, so adding the same id twice asks no service.

One file per service and key (an arXiv id, a DOI), holding the response text as served and
when it was fetched. Only successful answers are stored; errors and "not found" never are, so
a retry always asks again. A damaged or unreadable file is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CACHE_DIR = "cache"


class ResponseCache:
    """Response texts by (service, key), reused for `max_age_days` (0 turns the cache off)."""

    def __init__(
        self, root: Path, max_age_days: float, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.root = root
        self.max_age = max_age_days * 86400.0
        self._clock = clock

    @classmethod
    def for_library(cls, library_dir: Path, max_age_days: float) -> ResponseCache:
        return cls(library_dir / CACHE_DIR, max_age_days)

    @property
    def enabled(self) -> bool:
        return self.max_age > 0

    def _path(self, service: str, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.root / service / f"{digest}.json"

    def get(self, service: str, key: str) -> str | None:
        """The cached text, or None when absent, too old, damaged or the cache is off."""
        if not self.enabled:
            return None
        try:
            record = json.loads(self._path(service, key).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        fetched = record.get("fetched_at")
        body = record.get("body")
        if not isinstance(fetched, int | float) or not isinstance(body, str):
            return None
        if self._clock() - fetched > self.max_age:
            return None
        return body

    def put(self, service: str, key: str, body: str) -> None:
        """Store a successful response (atomically; a failure to write is not an error)."""
        if not self.enabled:
            return
        path = self._path(service, key)
        record = {"service": service, "key": key, "fetched_at": self._clock(), "body": body}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".tmp-", delete=False
            ) as fh:
                json.dump(record, fh, ensure_ascii=False)
                tmp = Path(fh.name)
            os.replace(tmp, path)
        except OSError:
            return
