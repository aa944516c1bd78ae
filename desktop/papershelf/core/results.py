"""What a search gives back, as plain values: ranked hits with their "why it matched" snippets.

They are produced by `search/` and shown by the GUI and the CLI, which need not know Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Snippet:
    """A short extract of a field with the matched words marked as (start, end) spans."""

    field: str
    text: str
    spans: tuple[tuple[int, int], ...]

    def to_html(self, before: str = "<b>", after: str = "</b>") -> str:
        """The snippet as HTML-escaped text with each match wrapped in `before`/`after`."""
        from html import escape  # only the GUI's result lines: a start needs none

        out, pos = [], 0
        for start, end in self.spans:
            out += [
                escape(self.text[pos:start]),
                before,
                escape(self.text[start:end]),
                after,
            ]
            pos = end
        out.append(escape(self.text[pos:]))
        return "".join(out)

    def render(self, before: str, after: str) -> str:
        out, pos = [], 0
        for start, end in self.spans:
            out += [self.text[pos:start], before, self.text[start:end], after]
            pos = end
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True)
class Hit:
    paper_id: int
    score: float
    snippet: Snippet | None = None


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_exact: bool = True
    suggestion: str | None = None
    timed_out: bool = False
    """The search hit its deadline: the hits are the best found until then."""
