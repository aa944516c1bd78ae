"""How far the window's start is from what its widgets alone cost (issue 21).

    python benchmarks/window_ideal.py [--papers N] [--lib DIR] [--runs R]

`benchmarks/gui.py` divides the window's launch by a bare PySide6 process showing an empty
QMainWindow. That floor draws no text, builds no menu and touches none of Qt's namespaced
enums, so it does not say how much of the distance is ours. This script times, interleaved,
three fresh processes on the same library:

- floor: `gui.FLOOR_CODE`, the empty QMainWindow;
- ideal: a window of stock widgets showing the same first page with no Papershelf code: it
  reads the first 300 papers and the status counts with `sqlite3`, and shows 7 menus of 16
  actions with shortcuts, a toolbar, a search line, a sidebar list, a QTableView over a
  Python QAbstractTableModel and a detail pane (a form of labels, a QTextBrowser), then
  reads the first 50 rows' cells;
- list: the app's own list page alone, as a first window could show it if everything else
  (detail pane, menus, toolbar, commands and their keys, controllers, the session) were built
  after the first paint: the app's `make_application` (theme, fonts), `Library.open`, its
  search bar, sidebar with the counts and tags, and its list model with its delegates over the
  first 300 ids, to its first paint and 50 rows' cells. It bounds what deferring more of the
  window could give;
- app: `gui.LAUNCH_CODE`, the app's own start up to its first paint and 50 rows' cells.

It prints the medians and the ratios over the floor and over the ideal (with --json, one
JSON object).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gui  # (the benchmarks folder is on the path, not a package)
import search as search_bench

IDEAL_CODE = """
import json, sqlite3, sys, time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit, QListWidget,
    QMainWindow, QSplitter, QTableView, QTextBrowser, QToolBar, QVBoxLayout, QWidget)

COLUMNS = ("Title", "Authors", "Year", "Status", "Added")

class Model(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows
    def rowCount(self, parent=QModelIndex()):
        return len(self.rows)
    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

app = QApplication([])
db = sqlite3.connect(sys.argv[1] + "/library.sqlite")
rows = db.execute(
    "SELECT title, authors, year, status, added_at FROM papers WHERE trashed_at IS NULL "
    "ORDER BY added_at DESC, id DESC LIMIT 300").fetchall()
counts = dict(db.execute(
    "SELECT status, COUNT(*) FROM papers WHERE trashed_at IS NULL GROUP BY status"))
window = QMainWindow()
window.setWindowTitle("Papershelf")
for m in ("File", "Edit", "Paper", "Go", "Inbox", "View", "Help"):
    menu = window.menuBar().addMenu("&" + m)
    for i in range(16):
        action = QAction(f"{m} command {i}", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{chr(65 + (i + len(m)) % 26)}"))
        menu.addAction(action)
toolbar = QToolBar()
window.addToolBar(toolbar)
for i in range(8):
    toolbar.addAction(QAction(f"T{i}", window))
central = QWidget()
layout = QVBoxLayout(central)
search = QLineEdit()
search.setPlaceholderText("Search titles, authors, tags, notes...")
layout.addWidget(search)
split = QSplitter()
side = QListWidget()
total = sum(counts.values())
for name in ("Library", "Duplicates", "Statistics", "Trash", "To read", "Reading", "Read",
             "Dropped", "Inbox"):
    side.addItem(f"{name}  {counts.get(name.lower().replace(' ', '-'), total)}")
table = QTableView()
table.setModel(Model(rows))
table.verticalHeader().hide()
detail = QWidget()
form = QFormLayout(detail)
title = QLabel(rows[0][0] if rows else "")
title.setWordWrap(True)
form.addRow(title)
for label in ("Authors", "Year", "Venue", "Status", "Priority", "Tags", "Added", "DOI"):
    form.addRow(label, QLabel(str(rows[0][1] if rows else "")))
abstract = QTextBrowser()
abstract.setPlainText("An abstract of a few sentences. " * 30)
form.addRow(abstract)
for part in (side, table, detail):
    split.addWidget(part)
layout.addWidget(split)
window.setCentralWidget(central)
window.statusBar().showMessage(f"{len(rows)} papers")
window.resize(1440, 860)
table.selectRow(0)
window.show()
app.processEvents()
cells = [table.model().index(r, c).data() for r in range(min(50, len(rows)))
         for c in range(len(COLUMNS))]
t_shown = time.time()
window.close()
print(json.dumps({"t_shown": t_shown, "cells": len(cells)}))
"""
"""Stock widgets showing the window's first page, with no Papershelf code."""


LIST_CODE = """
import gc
gc.disable()  # as the entry point does until the first paint
import json, sys, time
from pathlib import Path
from papershelf.gui.app import make_application
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QAbstractItemView, QMainWindow, QSplitter, QTableView,
    QVBoxLayout, QWidget)
for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(fmt, QSettings.Scope.UserScope, sys.argv[2])
app = make_application()
from papershelf.core.query import ViewQuery
from papershelf.gui.models.paper_table import COLUMNS, ROW_HEIGHT, PaperTableModel
from papershelf.gui.widgets.search_bar import SearchBar
from papershelf.gui.widgets.sidebar import Sidebar
from papershelf.gui.widgets.title_delegate import (PriorityDelegate, StatusDelegate,
    TitleDelegate, WordElideDelegate)
from papershelf.library import Library
lib = Library.open(Path(sys.argv[1]), indexing="background", index_later=True)
painted = []
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        painted.append(time.time())
window = Window()
central = QWidget(window)
layout = QVBoxLayout(central)
layout.setContentsMargins(0, 0, 0, 0)
bar = SearchBar(window)
sidebar = Sidebar(window)
model = PaperTableModel(lib)
table = QTableView(window)
table.setModel(model)
table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
table.setItemDelegate(WordElideDelegate(table))
delegates = {"title": TitleDelegate, "status": StatusDelegate, "priority": PriorityDelegate}
for i, col in enumerate(COLUMNS):
    if col.key in delegates:
        table.setItemDelegateForColumn(i, delegates[col.key](table))
    table.setColumnWidth(i, col.width)
table.setShowGrid(False)
table.setAlternatingRowColors(True)
table.verticalHeader().hide()
table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
counts = lib.counts()
sidebar.set_counts(counts, lib.tags())
query = ViewQuery()
model.set_ids(lib.view_ids(query, limit=300), {}, total=counts["library"],
              rest=lambda: lib.view_ids(query))
split = QSplitter(window)
split.addWidget(sidebar)
split.addWidget(table)
split.setSizes([200, 1240])
layout.addWidget(bar)
layout.addWidget(split, 1)
window.setCentralWidget(central)
window.resize(1440, 860)
window.show()
while not painted:
    app.processEvents()
cells = [model.index(r, c).data() for r in range(min(50, model.rowCount()))
         for c in range(model.columnCount())]
t_rows = time.time()
lib.close()
print(json.dumps({"t_rows": t_rows, "cells": len(cells)}))
"""
"""The app's own list page alone: what a first window of only the list would cost."""


def _timed(code: str, env: dict[str, str], *args: str) -> float:
    t0 = time.time()
    proc = gui.run_launch([sys.executable, "-c", code, *args], env, gui.LAUNCH_TIMEOUT_S)
    if proc.returncode != 0:
        raise RuntimeError(f"a launch failed ({proc.returncode}):\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(out["t_rows"] if "t_rows" in out else out["t_shown"]) - t0


def measure(lib_dir: Path, runs: int) -> dict[str, Any]:
    """Medians of `runs` interleaved floor, ideal, list and app launches, after one untimed each."""
    env = search_bench.bytecode_env(lib_dir.parent / "pycache")
    settings = tempfile.mkdtemp(prefix="papershelf-ideal-")
    launches = {
        "floor": (gui.FLOOR_CODE, ()),
        "ideal": (IDEAL_CODE, (str(lib_dir),)),
        "list": (LIST_CODE, (str(lib_dir), settings)),
        "app": (gui.LAUNCH_CODE, (str(lib_dir), settings)),
    }
    for code, args in launches.values():  # fills the bytecode and page caches
        _timed(code, env, *args)
    times: dict[str, list[float]] = {name: [] for name in launches}
    for _ in range(runs):
        for name, (code, args) in launches.items():
            times[name].append(_timed(code, env, *args))
    med = {f"{name}_s": round(statistics.median(v), 3) for name, v in times.items()}
    return {
        **med,
        "ideal_ratio": round(med["ideal_s"] / med["floor_s"], 2),
        "list_ratio": round(med["list_s"] / med["floor_s"], 2),
        "app_ratio": round(med["app_s"] / med["floor_s"], 2),
        "list_over_ideal": round(med["list_s"] / med["ideal_s"], 2),
        "app_over_ideal": round(med["app_s"] / med["ideal_s"], 2),
        "runs": runs,
        "library": str(lib_dir),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--lib", type=Path, help="library folder (default bench-data/lib-N)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    lib_dir = args.lib or Path("bench-data") / f"lib-{args.papers}"
    if not (lib_dir / "library.sqlite").exists():
        sys.exit(f"{lib_dir}: no library; run benchmarks/generate.py {args.papers} first")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = measure(lib_dir, args.runs)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(
        f"floor {out['floor_s']} s, ideal {out['ideal_s']} s ({out['ideal_ratio']}x), "
        f"list page alone {out['list_s']} s ({out['list_ratio']}x; "
        f"{out['list_over_ideal']}x the ideal), "
        f"app {out['app_s']} s ({out['app_ratio']}x; {out['app_over_ideal']}x the ideal), "
        f"medians of {out['runs']}"
    )


if __name__ == "__main__":
    main()
