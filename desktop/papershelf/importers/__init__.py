"""Readers that turn files and pasted text into paper drafts."""
