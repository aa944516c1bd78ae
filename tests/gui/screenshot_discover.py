"""Screenshots of the Inbox and the statistics page under a real X server.

Usage (from the repository root, with ../shared/ present):
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.gui.screenshot_discover \
        docs/screenshots [light|dark]

Builds a library from the sample papers with twelve weeks of reading history, subscribes it to
Daily Papers served by a local server from the recorded fixture, and saves inbox.png and
statistics.png.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from papershelf.config.settings import save_setting
from papershelf.gui.app import make_application
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.theme import apply_theme
from papershelf.library import Library
from papershelf.library.inbox import TriageAction, add_feed, fetch_all, inbox_ids, triage
from papershelf.library.sample import load_sample
from PySide6.QtCore import QTimer
from pytest_httpserver import HTTPServer

from tests.conftest import SHARED

DAILY_FILE = SHARED / "fixtures/huggingface/daily_papers_2024-10-25.json"


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _history(lib: Library) -> None:
    """Spread the sample's papers over twelve weeks of adding, starting and finishing."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    ids = lib.list_ids()
    lib._db.execute("DELETE FROM status_history")
    for n, pid in enumerate(ids):
        added = now - timedelta(days=82 - n * 2.7, hours=rng.randint(0, 20))
        lib._db.execute("UPDATE papers SET added_at = ? WHERE id = ?", [_stamp(added), pid])
        status = "to-read"
        if n % 3 != 2:
            started = added + timedelta(days=rng.randint(1, 9))
            if started < now:
                lib._db.execute(
                    "INSERT INTO status_history (paper_id, status, changed_at) VALUES (?, ?, ?)",
                    [pid, "reading", _stamp(started)],
                )
                status = "reading"
                done = started + timedelta(days=rng.randint(2, 12))
                if done < now and n % 4 != 1:
                    lib._db.execute(
                        "INSERT INTO status_history (paper_id, status, changed_at) "
                        "VALUES (?, ?, ?)",
                        [pid, "read", _stamp(done)],
                    )
                    status = "read"
        lib._db.execute("UPDATE papers SET status = ? WHERE id = ?", [status, pid])


def main() -> int:
    out_dir = Path(sys.argv[1])
    scheme = sys.argv[2] if len(sys.argv) > 2 else "light"
    server = HTTPServer(threaded=True)
    server.expect_request("/api/daily_papers").respond_with_data(
        DAILY_FILE.read_bytes(), content_type="application/json"
    )
    server.start()
    os.environ["PAPERSHELF_HF_API"] = server.url_for("").rstrip("/")
    tmp = Path(tempfile.mkdtemp(prefix="papershelf-shot-"))
    path = tmp / "library"
    path.mkdir()
    save_setting(path, "http_retries", 0)
    with Library.open(path) as lib:
        load_sample(lib)
        _history(lib)
        add_feed(lib, "daily-papers")
        fetch_all(lib, day=date(2024, 10, 25))
        ids = inbox_ids(lib)
        triage(lib, [ids[4]], TriageAction.LATER)
        lib._db.execute("UPDATE inbox_items SET seen = 1 WHERE id IN (?, ?)", [ids[0], ids[2]])

    app = make_application()
    apply_theme(app, scheme)
    lib = Library.open(path, indexing="background")
    window = MainWindow(lib)
    window.resize(1440, 860)
    window.show()
    window.activateWindow()
    window.pages_ctl.show_page("inbox")
    view = window.inbox_view
    view.select([view.model.ids()[1]])
    saved: list[bool] = []
    step = {"n": 0}

    def shoot() -> None:
        step["n"] += 1
        if not saved:
            if not view.related_titles() and step["n"] < 40:
                QTimer.singleShot(100, shoot)
                return
            saved.append(window.grab().save(str(out_dir / "inbox.png")))
            window.pages_ctl.show_page("stats")
            QTimer.singleShot(300, shoot)
            return
        if window.stats_view.stats is None and step["n"] < 80:
            QTimer.singleShot(100, shoot)
            return
        saved.append(window.grab().save(str(out_dir / "statistics.png")))
        window.close()

    QTimer.singleShot(2500, shoot)  # after the start-up fetch has run
    QTimer.singleShot(30_000, app.quit)  # never hang
    app.exec()
    lib.close()
    server.stop()
    return 0 if saved == [True, True] else 1


if __name__ == "__main__":
    sys.exit(main())
