"""Write docs/keyboard.md from the command registry: `python -m papershelf.gui.keyboard_doc`."""

from __future__ import annotations

import sys
from pathlib import Path

from papershelf.gui.actions import keyboard_markdown


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/keyboard.md")
    out.write_text(keyboard_markdown(), "utf-8")
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
