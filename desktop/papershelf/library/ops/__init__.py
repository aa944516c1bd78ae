"""Every change to a library as an undoable operation, for the GUI and the CLI alike.

`run(lib, SetStatus((3, 4), ReadingStatus.READ), history)` applies the op, records its undo
in the history and returns what changed. See `base.py` for what an op is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papershelf.library.ops.annotations import (
        UNCHANGED,
        AddHighlight,
        DeleteAnnotations,
        EditAnnotation,
        ReadPdfAnnotations,
        RestoreAnnotations,
    )
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

_HOMES: dict[str, str] = {
    "AddHighlight": "papershelf.library.ops.annotations",
    "DeleteAnnotations": "papershelf.library.ops.annotations",
    "EditAnnotation": "papershelf.library.ops.annotations",
    "ReadPdfAnnotations": "papershelf.library.ops.annotations",
    "RestoreAnnotations": "papershelf.library.ops.annotations",
    "UNCHANGED": "papershelf.library.ops.annotations",
    "Op": "papershelf.library.ops.base",
    "OpResult": "papershelf.library.ops.base",
    "MergeDuplicates": "papershelf.library.ops.duplicates",
    "NotDuplicates": "papershelf.library.ops.duplicates",
    "SetDuplicatePairs": "papershelf.library.ops.duplicates",
    "UnmergeDuplicates": "papershelf.library.ops.duplicates",
    "AddInputs": "papershelf.library.ops.imports",
    "AttachFile": "papershelf.library.ops.imports",
    "AttachFiles": "papershelf.library.ops.imports",
    "AttachOutcome": "papershelf.library.ops.imports",
    "ChooseRecord": "papershelf.library.ops.imports",
    "DetachFiles": "papershelf.library.ops.imports",
    "ImportDrafts": "papershelf.library.ops.imports",
    "ImportFile": "papershelf.library.ops.imports",
    "ImportText": "papershelf.library.ops.imports",
    "LoadSample": "papershelf.library.ops.imports",
    "ReattachFiles": "papershelf.library.ops.imports",
    "RefreshMetadata": "papershelf.library.ops.imports",
    "ResolveTitles": "papershelf.library.ops.imports",
    "AddFeed": "papershelf.library.ops.inbox",
    "FetchFeeds": "papershelf.library.ops.inbox",
    "MarkSeen": "papershelf.library.ops.inbox",
    "RemoveFeed": "papershelf.library.ops.inbox",
    "Triage": "papershelf.library.ops.inbox",
    "UndoTriage": "papershelf.library.ops.inbox",
    "describe_triage": "papershelf.library.ops.inbox",
    "AddAnnotation": "papershelf.library.ops.notes",
    "AppendNote": "papershelf.library.ops.notes",
    "DeleteAnnotation": "papershelf.library.ops.notes",
    "RestoreAnnotation": "papershelf.library.ops.notes",
    "SaveNote": "papershelf.library.ops.notes",
    "SetNote": "papershelf.library.ops.notes",
    "ChangePriority": "papershelf.library.ops.papers",
    "MergePapers": "papershelf.library.ops.papers",
    "RestorePapers": "papershelf.library.ops.papers",
    "RestoreStatuses": "papershelf.library.ops.papers",
    "SetCitationKey": "papershelf.library.ops.papers",
    "SetPaperFields": "papershelf.library.ops.papers",
    "SetPriorities": "papershelf.library.ops.papers",
    "SetPriority": "papershelf.library.ops.papers",
    "SetStatus": "papershelf.library.ops.papers",
    "SetStatuses": "papershelf.library.ops.papers",
    "TrashPapers": "papershelf.library.ops.papers",
    "DeleteSearch": "papershelf.library.ops.searches",
    "RenameSearch": "papershelf.library.ops.searches",
    "SaveSearch": "papershelf.library.ops.searches",
    "ChangeTags": "papershelf.library.ops.tags",
    "DeleteTag": "papershelf.library.ops.tags",
    "RenameTag": "papershelf.library.ops.tags",
    "RestoreTags": "papershelf.library.ops.tags",
    "SetTags": "papershelf.library.ops.tags",
    "UndoHistory": "papershelf.library.undo",
    "run": "papershelf.library.undo",
}
"""Where each name lives. An op's module is imported when the name is first used: the
imports, additions and Inbox ops pull in the HTTP client, the importers and the PDF tools,
which `papershelf list` or a status change never needs (tests/search/test_lazy_imports.py)."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
    "DeleteAnnotations",
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
    "ReadPdfAnnotations",
    "ReattachFiles",
    "RefreshMetadata",
    "RemoveFeed",
    "RenameSearch",
    "RenameTag",
    "ResolveTitles",
    "RestoreAnnotation",
    "RestoreAnnotations",
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
