"""Every user action as a named command: an id, a title, where it shows, what it needs.

Commands are data. Their keys are data too, per key mode (`keymap.py`), and their handlers
belong to the controllers that own them (`CommandRegistry.bind`). Menus, the toolbar, the
command palette, the cheat sheet and docs/keyboard.md are all generated from `COMMANDS`,
so a command added here appears everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    id: str
    title: str
    menu: str | None = None
    needs_selection: bool = False
    toolbar: bool = False

    @property
    def plain_title(self) -> str:
        return self.title.replace("&", "")


MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("paper", "&Paper"),
    ("go", "&Go"),
    ("inbox", "&Inbox"),
    ("view", "&View"),
    ("help", "&Help"),
)

C = CommandSpec
COMMANDS: tuple[CommandSpec, ...] = (
    C("file.import", "&Import…", "file", toolbar=True),
    C("file.paste", "&Paste Papers", "file"),
    C("file.add_ids", "Add by I&dentifier…", "file"),
    C("file.sample", "Load the &Sample Library", "file"),
    C("file.export_selected", "&Export Selected…", "file", True, toolbar=True),
    C("file.export_all", "Export &All…", "file"),
    C("file.switch", "S&witch Library…", "file"),
    C("file.preferences", "Pr&eferences…", "file"),
    C("file.shortcuts", "&Keyboard Shortcuts…", "file"),
    C("file.quit", "&Quit", "file"),
    C("edit.undo", "&Undo", "edit", toolbar=True),
    C("edit.redo", "&Redo", "edit", toolbar=True),
    C("edit.find", "&Find", "edit"),
    C("edit.save_search", "&Save Current Search…", "edit"),
    C("edit.palette", "&Command Palette…", "edit", toolbar=True),
    C("paper.to_read", "Mark as To &Read", "paper", True),
    C("paper.reading", "Mark as Rea&ding", "paper", True, toolbar=True),
    C("paper.read", "Mark as R&ead", "paper", True, toolbar=True),
    C("paper.dropped", "Mark as &Dropped", "paper", True),
    C("paper.priority_up", "Raise Priority", "paper", True),
    C("paper.priority_down", "Lower Priority", "paper", True),
    C("paper.tags", "Edit &Tags", "paper", True),
    C("paper.edit_info", "Edit &Info Fields", "paper", True),
    C("paper.note", "Edit &Note", "paper", True),
    C("paper.annotate", "&Annotate…", "paper", True),
    C("reader.open", "&Read in Papershelf", "paper", True, toolbar=True),
    C("paper.open", "&Open PDF Externally or Link", "paper", True),
    C("reader.export_pdf", "E&xport PDF with Annotations…", "paper", True),
    C("paper.toggle", "Toggle Selection"),
    C("paper.trash", "Move to &Trash", "paper", True),
    C("paper.restore", "Restore from Trash", "paper", True),
    C("paper.attach", "Attach &PDF…", "paper", True),
    C("paper.refresh", "Refresh &Metadata", "paper", True),
    C("paper.resolve", "&Resolve by Title…", "paper", True),
    C("paper.copy_key", "Copy Citation &Key", "paper", True),
    C("paper.copy_bibtex", "Copy &BibTeX", "paper", True),
    C("go.next", "Next Paper", "go"),
    C("go.previous", "Previous Paper", "go"),
    C("go.first", "First Paper", "go"),
    C("go.last", "Last Paper", "go"),
    C("go.to_read", "Go to To Read", "go"),
    C("go.reading", "Go to Reading", "go"),
    C("go.read", "Go to Read (Done)", "go"),
    C("go.inbox", "Go to the &Inbox", "go"),
    C("go.stats", "Go to &Statistics", "go"),
    C("go.duplicates", "Show &Duplicates", "go"),
    C("view.library", "Go to the &Library", "go"),
    C("go.list", "Back to the List (Esc again clears the search)"),
    C("view.cheatsheet", "&Keyboard Cheat Sheet", "view"),
    C("view.sidebar", "Show or Hide the &Sidebar", "view"),
    C("view.details", "Show or Hide the &Detail Pane", "view"),
    C("inbox.next", "Next Inbox Item"),
    C("inbox.previous", "Previous Inbox Item"),
    C("inbox.expand", "Expand or Collapse the Abstract", "inbox"),
    C("inbox.add", "&Add to Library (To Read)", "inbox"),
    C("inbox.reading", "Add as &Reading", "inbox"),
    C("inbox.tags", "Add with &Tags…", "inbox"),
    C("inbox.dismiss", "&Dismiss", "inbox"),
    C("inbox.later", "&Save for Later", "inbox"),
    C("inbox.open", "&Open the Paper's Page", "inbox"),
    C("inbox.add_selected", "Add the Selected Items", "inbox"),
    C("inbox.dismiss_selected", "Dismiss the Selected Items", "inbox"),
    C("inbox.fetch", "&Fetch Feeds Now", "inbox"),
    C("inbox.feeds", "F&eeds…", "file"),
    C("dup.next", "Next Duplicate Group"),
    C("dup.previous", "Previous Duplicate Group"),
    *(C(f"dup.master_{n}", f"Keep Paper {n} of the Group (Master)") for n in range(1, 10)),
    C("dup.choose", "Use the Selected Paper's Value for This Field"),
    C("dup.merge", "Merge the Duplicate Group"),
    C("dup.not_duplicates", "Not Duplicates: Keep the Group's Papers Apart"),
    C("reader.back", "Back to the List (Esc first clears the selection, then the matches)"),
    C("reader.down", "Scroll Down (selecting: extend a line down)"),
    C("reader.up", "Scroll Up (selecting: extend a line up)"),
    C("reader.screen_down", "Next Screen"),
    C("reader.screen_up", "Previous Screen"),
    C("reader.start", "First Page"),
    C("reader.end", "Last Page"),
    C("reader.next_page", "Next Page"),
    C("reader.prev_page", "Previous Page"),
    C("reader.goto_page", "Go to Page…"),
    C("reader.zoom_in", "Zoom In"),
    C("reader.zoom_out", "Zoom Out"),
    C("reader.fit_width", "Fit Width"),
    C("reader.fit_page", "Fit Page"),
    C("reader.continuous", "Continuous Scroll or Single Pages"),
    C("reader.outline", "Show or Hide the Page Thumbnails and Outline"),
    C("reader.find", "Find in the PDF"),
    C("reader.next_hit", "Next Match"),
    C("reader.prev_hit", "Previous Match"),
    C("reader.visual", "Select Text with Keys (from the Match Shown)"),
    C("reader.word_forward", "Selection: Extend to the Next Word's End"),
    C("reader.word_back", "Selection: Move Back a Word"),
    C("reader.line_end", "Selection: Extend to the Line's End"),
    C("reader.line_start", "Selection: Move to the Line's Start"),
    C("reader.highlight", "&Highlight the Selection"),
    C("reader.comment", "Comment on the Selection or Highlight…"),
    C("reader.copy_quote", "Copy as Quote (with Page and Citation Key)"),
    C("reader.delete_highlight", "Delete the Highlight"),
    *(
        C(f"reader.color_{n}", f"Highlight Colour {n}: {name}")
        for n, name in enumerate(
            ("Yellow", "Red", "Green", "Blue", "Purple", "Magenta", "Orange", "Gray"), start=1
        )
    ),
    C("help.about", "&About Papershelf", "help"),
)
del C

BY_ID: dict[str, CommandSpec] = {spec.id: spec for spec in COMMANDS}
