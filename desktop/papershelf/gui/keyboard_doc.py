"""Write docs/keyboard.md from the commands and their default keys.

`python -m papershelf.gui.keyboard_doc [FILE]`; a test keeps the file in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from papershelf.gui.commands import COMMANDS
from papershelf.gui.keymap import DEFAULT_KEYS, MODES, native

READER = (
    "",
    "## Reader",
    "",
    "`o` or Enter on a paper in the list opens its PDF in the window, where it was left",
    "(Shift+O opens it in another program, or the paper's link when it has no PDF). Opening a",
    "to-read paper marks it as reading (`u` undoes; `ui.reader_sets_reading` in the user's",
    "settings turns that off). The keys are the *in the reader* column above:",
    "",
    "- **Move**: `j`/`k` a line, Space/Shift+Space a screen, `[`/`]` a page, `g g`/`G` the",
    "  first/last page, `p` the page field (a printed page label or a number).",
    "- **Zoom**: `+`/`-`, `0` fit width, `z` fit page, `s` single pages or continuous, `o` the",
    "  page thumbnails and the outline beside the pages.",
    "- **Find**: `/`, type, Enter; `n`/`N` the next/previous match.",
    "- **Select with keys**: `v` selects the match shown (or the first word in view);",
    "  `w` (or `e`) and `b` move its end a word, `j`/`k` a line, `$`/`^` to the line's",
    "  end/start. With the mouse: drag (a drag that starts in the margin snaps to the",
    "  text), or double-click a word.",
    "- **Highlight**: `h`, in the colour `1`–`8` picked (a colour key with a selection",
    "  highlights at once); `c` highlights with a comment; `y` copies",
    "  `“quote” [@citekey, p. 5]`; Shift+X deletes the highlight the selection touches.",
    "  Right-click a highlight, on the page or in the detail pane's list, to recolour it, edit",
    "  its comment or delete it; a click on it in the list shows it on its page. `u` undoes.",
    "- **Esc** clears the selection, then the matches, then goes back to the list; on the",
    "  last page it first offers to mark the paper read (Enter: yes, Esc: not now).",
    "",
    "![The reader](screenshots/reader-light.png)",
)
"""The reader's keys in words (the table above lists them one by one)."""


def keyboard_markdown() -> str:
    """docs/keyboard.md: every command with its keys in every mode."""
    lines = [
        "# Keyboard",
        "",
        "Generated from the commands (`desktop/papershelf/gui/commands.py`) and their keys per",
        "mode (`desktop/papershelf/gui/keymap.py`) by `python -m papershelf.gui.keyboard_doc`;",
        "a test keeps it in step.",
        "",
        "Every command is in the command palette (Ctrl+K or Ctrl+Shift+P): type a few letters",
        "of its name; typing a paper's title there jumps to the paper. A name typed in full, or",
        "whole words of it, comes before names that only start the same way, so `mark as read`",
        "runs Mark as Read even right after Mark as Reading. Keys belong to a mode: *anywhere*",
        "keys work in the whole window, the others while their page has focus. Single letters",
        "are written as typed (`t` is the letter t; Shift+T would say so), and a chord as its",
        "keys in turn (`g t`). `?` shows this table. The Inbox (`g i`) has keys of its own for",
        "triage ([discover.md](discover.md)), and the `g` chords work on every page. Keys can be",
        "changed per mode in File → Keyboard Shortcuts… (conflicts in any mode are shown).",
        "",
        "## The list",
        "",
        "- The window opens with the focus on the list, so single keys work at once; an empty",
        "  library opens on its welcome view, where Ctrl+V imports the papers on the clipboard",
        "  (a copied Hugging Face Daily Papers page, ids, DOIs, a BibTeX file's text). Ctrl+V",
        "  imports anywhere but in a text field; text of several lines pasted into the search",
        "  bar asks whether to import it or search for it.",
        "- `j`/`k`, the arrows, PgUp/PgDn, Home/End and Ctrl+Home/Ctrl+End move the selection",
        "  and the detail pane with the cursor (Home/End to the first/last paper), so a key",
        "  acts on the paper the detail pane shows. Shift with the arrows extends the",
        "  selection; Ctrl with the arrows moves the cursor alone, and `x` toggles the paper",
        "  under it.",
        "- `/` searches; Esc returns to the list with the best hit selected and shown, so",
        "  `/ gpipe Esc 3` finds GPipe and marks it read. Esc in the list clears the search.",
        "- Choosing a view (`g t`, `g r`, the sidebar) shows its top, with the first paper",
        "  selected unless the paper selected before is on that first screen. After an import",
        "  the first new paper is selected.",
        "- In the detail pane, Return in any field of an annotation (quote, page, comment) adds",
        "  it, and Esc from any field returns to the list.",
        "- Results in the status bar (an import's summary, a status or priority change) clear",
        "  after a few seconds; work in progress stays until it is done.",
        "",
        "![The command palette](screenshots/command-palette.png)",
        "![The cheat sheet](screenshots/cheat-sheet.png)",
        "",
        "| command | " + " | ".join(name.lower() for _, name in MODES) + " |",
        "|---|" + "---|" * len(MODES),
    ]
    for spec in COMMANDS:
        cells = [native(DEFAULT_KEYS.get(mode, {}).get(spec.id, ())) for mode, _ in MODES]
        lines.append(f"| {spec.plain_title} | " + " | ".join(cells) + " |")
    lines.extend(READER)
    return "\n".join(lines) + "\n"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/keyboard.md")
    out.write_text(keyboard_markdown(), "utf-8")
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
