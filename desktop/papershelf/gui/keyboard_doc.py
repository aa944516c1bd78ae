"""Write docs/keyboard.md from the commands and their default keys.

`python -m papershelf.gui.keyboard_doc [FILE]`; a test keeps the file in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from papershelf.gui.commands import COMMANDS
from papershelf.gui.keymap import DEFAULT_KEYS, MODES, native


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
        "of its name; typing a paper's title there jumps to the paper. Keys belong to a mode:",
        "*anywhere* keys work in the whole window, the others while their page has focus. So",
        "single keys work while the paper list has focus (Esc from the search bar returns to",
        "it), and `/ gpipe Esc 3` finds GPipe and marks the best hit as read. `?` shows this",
        "table. The Inbox (`g i`) has keys of its own for triage ([discover.md](discover.md)),",
        "and the `g` chords work on every page. Keys can be changed per mode in File → Keyboard",
        "Shortcuts… (conflicts in any mode are shown).",
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
    return "\n".join(lines) + "\n"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/keyboard.md")
    out.write_text(keyboard_markdown(), "utf-8")
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
