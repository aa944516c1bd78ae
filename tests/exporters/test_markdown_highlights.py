"""The Markdown note lists highlights with the PDF's page label, their kind and comment."""

from __future__ import annotations

from papershelf.exporters.markdown import to_markdown
from papershelf.library import Library, ops

from tests.ops.helpers import add_papers

RECT = ((72.0, 700.0, 300.0, 712.0),)


def test_highlights_notes_and_quotes_in_the_markdown_note(library: Library) -> None:
    (pid,) = add_papers(library, 1)
    ops.run(
        library,
        ops.AddHighlight(pid, None, "scaled dot-product attention", 4, "iii", RECT, comment="core"),
    )
    ops.run(
        library,
        ops.AddHighlight(pid, None, "a struck claim", 6, None, RECT, kind="strikeout"),
    )
    ops.run(
        library,
        ops.AddHighlight(pid, None, "", 1, "ii", RECT, kind="note", comment="read the appendix"),
    )
    ops.run(library, ops.AddAnnotation(pid, "typed by hand", 12, None))
    text = to_markdown(library.get(pid), "key")
    section = text.split("## Annotations\n", 1)[1]
    assert section == (
        "\n> scaled dot-product attention\n\n— p. iii, core\n"
        "\n> a struck claim\n\n— struck out, p. 7\n"
        "\n**Note** (p. ii): read the appendix\n"
        "\n> typed by hand\n\n— p. 12\n"
    )
