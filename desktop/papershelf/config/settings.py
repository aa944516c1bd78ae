"""Settings that belong to a library: going online at all, the services, backups, feeds, PDFs.

They are kept in `settings.json` inside the library folder, so a library carries its own
configuration (and tests get theirs by using a temporary library). The three service base
URLs can also be overridden by environment variables, which win over the file, so a test
or a proxy setup can point the app at another host without touching the library.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from papershelf.config.jsonfile import write_json_atomic
from papershelf.core.errors import InvalidInputError

SETTINGS_FILE = "settings.json"

ENV_OVERRIDES = {
    "arxiv_api": "PAPERSHELF_ARXIV_API",
    "hf_api": "PAPERSHELF_HF_API",
    "crossref_api": "PAPERSHELF_CROSSREF_API",
}
"""Setting name → environment variable that overrides it (base URLs only)."""


@dataclass(frozen=True)
class Settings:
    """Every library setting with its default; see docs/online.md for the services."""

    online: bool = True
    """Whether the app may go online at all: lookups, refresh, feeds, PDF downloads. Off,
    no request leaves the machine (online/http.py refuses before opening a connection)."""
    arxiv_api: str = "https://export.arxiv.org"
    """arXiv API base URL; requests go to `{arxiv_api}/api/query`."""
    hf_api: str = "https://huggingface.co"
    """Hugging Face base URL; requests go to `{hf_api}/api/papers/…` and `/api/daily_papers`."""
    crossref_api: str = "https://api.crossref.org"
    """Crossref REST base URL; requests go to `{crossref_api}/works/…`."""
    contact_email: str = ""
    """Sent to Crossref (`mailto=`) and in the User-Agent: their 'polite pool' is faster."""
    http_timeout: float = 15.0
    """Seconds before one HTTP request is given up (then retried)."""
    http_retries: int = 2
    """Retries after a timeout, a connection error, HTTP 429 or 5xx, with backoff."""
    arxiv_interval: float = 3.0
    """Seconds between two arXiv API calls (arXiv's terms ask for 3)."""
    cache_days: float = 7.0
    """How long a cached lookup response is reused; 0 turns the cache off."""
    resolve_titles: bool = True
    """Search the title of a paper that has no identifier (a pasted listing) and fill it in
    from a confident match (docs/online.md, "Papers with only a title")."""
    download_arxiv_pdf: bool = False
    """Download the arXiv PDF into the library when adding an arXiv paper."""
    pdf_max_pages: int = 100
    """Pages of each PDF whose text is indexed (Zotero indexes 100 by default)."""
    pdf_timeout: float = 30.0
    """Seconds the PDF text extraction subprocess may run before it is stopped."""
    backups_keep: int = 10
    """Automatic backups of library.sqlite kept (oldest removed first)."""
    feeds_refresh_hours: float = 4.0
    """How often the app fetches subscribed feeds while it runs."""
    inbox_max_age_days: int = 30
    """Inbox items older than this (and not saved for later) are dropped."""
    feeds_arxiv_max_results: int = 100
    """How many of the newest papers an arXiv category feed asks for per fetch."""

    def with_changes(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _coerce(name: str, value: Any) -> Any:
    """Check a value read from the file or typed by a user against the field's type."""
    default = getattr(Settings, name)
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {
            "true",
            "yes",
            "on",
            "1",
            "false",
            "no",
            "off",
            "0",
        }:
            return value.lower() in {"true", "yes", "on", "1"}
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value)
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                pass
            else:
                if number >= 0:
                    return number
    elif isinstance(value, str):
        value = value.strip()
        if name.endswith("_api"):
            if not value.startswith(("http://", "https://")):
                raise InvalidInputError(
                    f"setting {name}: {value!r} is not an http:// or https:// URL"
                )
            return value.rstrip("/")
        return value
    raise InvalidInputError(f"setting {name}: {value!r} is not a valid {kind.__name__}")


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]


def load_settings(library_dir: Path, *, environ: dict[str, str] | None = None) -> Settings:
    """The library's settings: file values over defaults, environment over both (URLs)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = library_dir / SETTINGS_FILE
    if path.exists():
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInputError(f"{path}: not a readable settings file ({exc})") from exc
        if not isinstance(raw, dict):
            raise InvalidInputError(f"{path}: expected a JSON object of settings")
        known = set(setting_names())
        for name, value in raw.items():
            if name in known:  # unknown keys (from a newer version) are left in the file
                try:
                    values[name] = _coerce(name, value)
                except InvalidInputError as exc:
                    raise InvalidInputError(f"{path}: {exc}") from exc
    for name, var in ENV_OVERRIDES.items():
        if env.get(var):
            try:
                values[name] = _coerce(name, env[var])
            except InvalidInputError as exc:
                raise InvalidInputError(f"${var}: {exc}") from exc
    return Settings(**values)


def save_setting(library_dir: Path, name: str, value: Any) -> Settings:
    """Validate and store one setting (atomically), keeping every other key in the file."""
    if name not in setting_names():
        raise InvalidInputError(
            f"unknown setting {name!r}; known settings: {', '.join(setting_names())}"
        )
    coerced = _coerce(name, value)
    path = library_dir / SETTINGS_FILE
    raw: dict[str, Any] = {}
    if path.exists():
        # Never rewrite a file we cannot read: that would wipe every other setting in it.
        try:
            loaded = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInputError(
                f"{path}: not a readable settings file ({exc}); fix or remove it first"
            ) from exc
        if not isinstance(loaded, dict):
            raise InvalidInputError(f"{path}: expected a JSON object of settings; fix it first")
        raw = loaded
    raw[name] = coerced
    write_json_atomic(path, raw)
    return load_settings(library_dir)
