"""The first-run view of an empty library: the ways to get papers in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    sig_import = Signal()
    sig_paste = Signal()
    sig_sample = Signal()
    sig_add = Signal()
    sig_feeds = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Welcome to Papershelf</h2>", self)
        text = QLabel(
            "Your library is empty. Bring in today's papers from a copied Hugging Face "
            "Daily Papers page, a file, arXiv ids, DOIs or PDFs, subscribe to a feed, or "
            "look around in a small sample library first.",
            self,
        )
        text.setWordWrap(True)
        text.setFixedWidth(460)  # a fixed width lets the wrapped label take its full height
        text.setMinimumHeight(text.heightForWidth(460))
        buttons = []
        for label, signal in (
            ("Import a file…", self.sig_import),
            ("Paste papers (Ctrl+V)", self.sig_paste),
            ("Try the sample library", self.sig_sample),
            ("Add by arXiv id, link or DOI…", self.sig_add),
            ("Subscribe to Hugging Face Daily Papers", self.sig_feeds),
        ):
            button = QPushButton(label, self)
            button.setMinimumWidth(260)
            button.clicked.connect(signal.emit)
            buttons.append(button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (title, text, *buttons):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.buttons = buttons
