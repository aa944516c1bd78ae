"""The Inbox's count of items left to decide: the sidebar shows it before the Inbox exists."""

from __future__ import annotations

from collections.abc import Mapping


def left_today(counts: Mapping[str, int]) -> int:
    """Items still to decide: open ones not already saved for later."""
    return counts["open"] - counts["later"]
