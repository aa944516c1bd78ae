"""Every change to a library as an undoable operation, for the GUI and the CLI alike.

`run(lib, SetStatus((3, 4), ReadingStatus.READ), history)` applies the op, records its undo
in the history and returns what changed. See `base.py` for what an op is.
"""

from papershelf.library.ops.annotations import UNCHANGED, AddHighlight, EditAnnotation
from papershelf.library.ops.base import Op, OpResult
from papershelf.library.ops.duplicates import (
    MergeDuplicates,
    NotDuplicates,
    SetDuplicatePairs,
    UnmergeDuplicates,
)
from papershelf.library.ops.imports import (
    AddInputs,
    AttachFile,
    AttachFiles,
    AttachOutcome,
    ChooseRecord,
    DetachFiles,
    ImportDrafts,
    ImportFile,
    ImportText,
    LoadSample,
    ReattachFiles,
    RefreshMetadata,
    ResolveTitles,
)
from papershelf.library.ops.inbox import (
    AddFeed,
    FetchFeeds,
    MarkSeen,
    RemoveFeed,
    Triage,
    UndoTriage,
    describe_triage,
)
from papershelf.library.ops.notes import (
    AddAnnotation,
    AppendNote,
    DeleteAnnotation,
    RestoreAnnotation,
    SaveNote,
    SetNote,
)
from papershelf.library.ops.papers import (
    ChangePriority,
    MergePapers,
    RestorePapers,
    RestoreStatuses,
    SetCitationKey,
    SetPaperFields,
    SetPriorities,
    SetPriority,
    SetStatus,
    SetStatuses,
    TrashPapers,
)
from papershelf.library.ops.searches import DeleteSearch, RenameSearch, SaveSearch
from papershelf.library.ops.tags import ChangeTags, DeleteTag, RenameTag, RestoreTags, SetTags
from papershelf.library.undo import UndoHistory, run

__all__ = [
    "UNCHANGED",
    "AddAnnotation",
    "AddFeed",
    "AddHighlight",
    "AddInputs",
    "AppendNote",
    "AttachFile",
    "AttachFiles",
    "AttachOutcome",
    "ChangePriority",
    "ChangeTags",
    "ChooseRecord",
    "DeleteAnnotation",
    "DeleteSearch",
    "DeleteTag",
    "DetachFiles",
    "EditAnnotation",
    "FetchFeeds",
    "ImportDrafts",
    "ImportFile",
    "ImportText",
    "LoadSample",
    "MarkSeen",
    "MergeDuplicates",
    "MergePapers",
    "NotDuplicates",
    "Op",
    "OpResult",
    "ReattachFiles",
    "RefreshMetadata",
    "RemoveFeed",
    "RenameSearch",
    "RenameTag",
    "ResolveTitles",
    "RestoreAnnotation",
    "RestorePapers",
    "RestoreStatuses",
    "RestoreTags",
    "SaveNote",
    "SaveSearch",
    "SetCitationKey",
    "SetDuplicatePairs",
    "SetNote",
    "SetPaperFields",
    "SetPriorities",
    "SetPriority",
    "SetStatus",
    "SetStatuses",
    "SetTags",
    "TrashPapers",
    "Triage",
    "UndoHistory",
    "UndoTriage",
    "UnmergeDuplicates",
    "describe_triage",
    "run",
]
