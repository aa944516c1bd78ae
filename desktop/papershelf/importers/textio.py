"""Turn the bytes of an input file into text, whatever its encoding, or refuse it clearly."""

from __future__ import annotations

import codecs
import re
import stat
import sys
from pathlib import Path

from charset_normalizer import from_bytes

from papershelf.core.errors import ImportFormatError

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

# Detection looks at this much of the input; the whole input is always decoded.
_SAMPLE_BYTES = 1024 * 1024
_UTF16_PROBE_BYTES = 4096
# A decoded text whose first characters hold more C0 control characters than this is binary.
_CONTROL_PROBE_CHARS = 64 * 1024
_MAX_CONTROL_RATIO = 0.01
# Legacy text where more than this share of letters is non-ASCII is not Western European.
_MAX_NON_ASCII_LETTERS = 0.3

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "a ZIP archive or Office/EPUB document"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, line feed, vertical tab, form feed, carriage return and the DOS
# end-of-file mark (0x1A), which real text files do contain.
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if c not in (9, 10, 11, 12, 13, 26))
_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")


def decode_bytes(data: bytes, *, path: str | None) -> str:
    """Decode an input file's bytes to text with LF line endings.

    UTF-8 (with or without a BOM), UTF-16/32 with a BOM and BOM-less UTF-16 are recognised;
    anything else is decoded as Windows-1252 or as the encoding charset-normalizer guesses.
    Undecodable bytes become U+FFFD, so this never raises `UnicodeDecodeError`.

    Args:
        data: the whole input.
        path: how to name the input in error messages.

    Returns:
        The text, without a leading BOM and with CRLF/CR line endings turned into LF.

    Raises:
        ImportFormatError: the input is empty, only whitespace, or binary (PDF, ZIP, image,
            NUL bytes, control characters).
    """
    if not data:
        raise ImportFormatError("empty file", path=path)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ImportFormatError(f"binary file, not text (looks like {kind})", path=path)

    text = _decode(data, path=path)

    if text.startswith("\ufeff"):
        text = text[1:]
    probe = text[:_CONTROL_PROBE_CHARS]
    if "\x00" in text:
        raise ImportFormatError("binary file, not text (contains NUL bytes)", path=path)
    controls = sum(1 for ch in probe if ch in _BINARY_CONTROLS)
    if controls > max(1, len(probe) * _MAX_CONTROL_RATIO):
        raise ImportFormatError("binary file, not text (contains control characters)", path=path)
    if not text or text.isspace():
        raise ImportFormatError("empty file (only whitespace)", path=path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes, *, path: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
    if b"\x00" in data:
        raise ImportFormatError("binary file, not text (contains NUL bytes)", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc.start
    sample = _sample_around(data, first_error)
    return data.decode(_guess_encoding(sample), errors="replace")


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its NUL bytes: mostly-ASCII text has one per character."""
    probe = data[: _UTF16_PROBE_BYTES & ~1]
    pairs = len(probe) // 2
    if pairs == 0:
        return None
    nul_even = probe[0::2].count(0)
    nul_odd = probe[1::2].count(0)
    if nul_odd >= 0.3 * pairs and nul_even <= 0.05 * pairs:
        return "utf-16-le"
    if nul_even >= 0.3 * pairs and nul_odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _sample_around(data: bytes, position: int) -> bytes:
    """The start of `data` plus the region around `position`, at most `_SAMPLE_BYTES` long."""
    if len(data) <= _SAMPLE_BYTES or position < _SAMPLE_BYTES // 2:
        return data[:_SAMPLE_BYTES]
    quarter = _SAMPLE_BYTES // 4
    return data[: 2 * quarter] + b"\n" + data[position - quarter : position + quarter]


def _guess_encoding(sample: bytes) -> str:
    """The encoding of text that is not valid UTF-8."""
    as_utf8 = sample.decode("utf-8", errors="replace")
    errors = as_utf8.count("\ufffd")
    decoded_non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore")) - errors
    if decoded_non_ascii > errors:
        # Mostly valid multi-byte UTF-8 with a few broken sequences: legacy text almost never
        # forms valid UTF-8 sequences by chance, so keep UTF-8 and replace the broken bytes.
        return "utf-8"
    try:
        western = sample.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        ascii_letters = len(sample.translate(None, _NOT_ASCII_LETTERS))
        non_ascii_letters = sum(
            1 for run in _NON_ASCII_RUN_RE.findall(western) for ch in run if ch.isalpha()
        )
        if non_ascii_letters <= (ascii_letters + non_ascii_letters) * _MAX_NON_ASCII_LETTERS:
            return "cp1252"
    best = from_bytes(sample).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        return "cp1252"
    return best.encoding


def read_input(path_or_dash: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read and decode a file, or standard input when the path is `-`.

    Args:
        path_or_dash: a file path, or `-` for standard input.
        max_bytes: inputs longer than this are refused rather than read into memory.

    Returns:
        `(text, display name)`; the display name is the path as given, or `<stdin>`.

    Raises:
        ImportFormatError: the file is missing, a directory, unreadable, too large, empty or
            binary. The message names the file.
    """
    if path_or_dash == "-":
        name = "<stdin>"
        if sys.stdin is None:
            raise ImportFormatError("no standard input to read", path=name)
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise ImportFormatError(f"cannot read standard input: {exc}", path=name) from exc
    else:
        name = path_or_dash
        data = _read_file(Path(path_or_dash).expanduser(), name=name, max_bytes=max_bytes)
    if len(data) > max_bytes:
        raise ImportFormatError(f"file too large (more than {_format_size(max_bytes)})", path=name)
    return decode_bytes(data, path=name), name


def _read_file(path: Path, *, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refused by type and size before anything is read.

    Opening a FIFO blocks until some other program writes to it, and a device such as
    /dev/zero never ends, so what the path names is checked before it is opened.
    """
    try:
        info = path.stat()
    except ValueError as exc:  # a NUL character in the name
        raise ImportFormatError("not a usable file name", path=repr(name)) from exc
    except FileNotFoundError as exc:
        raise ImportFormatError("no such file", path=name) from exc
    except PermissionError as exc:
        raise ImportFormatError("permission denied", path=name) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read file: {exc.strerror or exc}", path=name) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ImportFormatError("is a directory, not a file", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise ImportFormatError(
            f"not a regular file (it is {_file_kind(info.st_mode)}); "
            "to read from a pipe, give - and redirect it to standard input",
            path=name,
        )
    if info.st_size > max_bytes:
        raise ImportFormatError(f"file too large (more than {_format_size(max_bytes)})", path=name)
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ImportFormatError("no such file", path=name) from exc
    except IsADirectoryError as exc:
        raise ImportFormatError("is a directory, not a file", path=name) from exc
    except PermissionError as exc:
        raise ImportFormatError("permission denied", path=name) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read file: {exc.strerror or exc}", path=name) from exc


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _format_size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{size} bytes"
