"""Input bytes in every encoding users have, and the inputs that must be refused."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from papershelf.core.errors import ImportFormatError
from papershelf.importers.textio import decode_bytes, read_input

TEXT = "Stützle – “quoted” café\nsecond line: naïve façade, 5 €\n"


def test_plain_utf8() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), path="a.txt") == TEXT


def test_utf8_with_bom_drops_the_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), path="a.txt") == TEXT


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + TEXT.encode(encoding), path="a.txt") == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(encoding: str) -> None:
    assert decode_bytes(TEXT.encode(encoding), path="a.txt") == TEXT


def test_utf16_with_bom_and_crlf() -> None:
    data = codecs.BOM_UTF16_LE + "one\r\ntwo\r\n".encode("utf-16-le")
    assert decode_bytes(data, path="a.txt") == "one\ntwo\n"


def test_cp1252_decodes_quotes_dashes_and_umlauts() -> None:
    assert decode_bytes("Stützle – “quoted”".encode("cp1252"), path="a.txt") == "Stützle – “quoted”"
    assert decode_bytes(TEXT.encode("cp1252"), path="a.txt") == TEXT


def test_latin1_names() -> None:
    text = "Müller, Jürgen; Ærø; Gödel, Kurt"
    assert decode_bytes(text.encode("latin-1"), path="a.txt") == text


def test_cyrillic_legacy_encoding_is_left_to_charset_detection() -> None:
    text = "Нейронные сети для обработки естественного языка. " * 5
    assert decode_bytes(text.encode("cp1251"), path="a.txt") == text


def test_cp1252_byte_after_a_long_ascii_prefix_is_still_found() -> None:
    # Detection samples the input; the sample must include the first non-UTF-8 byte.
    prefix = ("plain ascii line number one two three\n" * 60_000).encode("ascii")
    assert len(prefix) > 2 * 1024 * 1024
    text = decode_bytes(prefix + "Stützle – “quoted”\n".encode("cp1252"), path="a.txt")
    assert text.endswith("Stützle – “quoted”\n")
    assert len(text) == len(prefix) + len("Stützle – “quoted”\n")


def test_mostly_utf8_with_one_broken_byte_stays_utf8() -> None:
    data = TEXT.encode("utf-8") * 3 + b"\xff" + TEXT.encode("utf-8")
    text = decode_bytes(data, path="a.txt")
    assert text == TEXT * 3 + "\ufffd" + TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"abc\xff",
        b"\xc3",
        b"\xc3(",
        b"\xe2\x82",
        b"\xed\xa0\x80 surrogate",
        b"\xf4\x90\x80\x80 beyond unicode",
        b"\x80\x81\x82\x83 text",
        codecs.BOM_UTF8 + b"bad \xff\xfe after bom",
        codecs.BOM_UTF16_LE + b"a\x00b",  # odd length
        b"\xff\xfe\x00\xd8\x00\xd8",  # lone surrogates in UTF-16
    ],
)
def test_invalid_utf8_never_raises_unicode_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, path="a.txt")
    except ImportFormatError:
        return
    assert isinstance(text, str)


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"SQLite format 3\x00", "SQLite"),
    ],
)
def test_binary_formats_are_refused_by_magic_number(data: bytes, looks_like: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        decode_bytes(data + b"some more bytes", path="paper.bin")
    message = str(info.value)
    assert message.startswith("paper.bin: binary file, not text")
    assert looks_like in message
    assert info.value.path == "paper.bin"


def test_nul_bytes_in_non_utf16_data_are_refused() -> None:
    data = b"\x00\x01\x02\x03\x00\x00\x00\x07binary\x00\x00\x00\x00\x10\x11" * 20
    with pytest.raises(ImportFormatError, match=r"^blob\.dat: binary file, not text"):
        decode_bytes(data, path="blob.dat")


def test_control_characters_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="binary file, not text"):
        decode_bytes(bytes(range(1, 9)) * 50, path="blob.dat")


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \n\r\n\t \n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n", codecs.BOM_UTF16_LE],
)
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match=r"^empty\.txt: empty file"):
        decode_bytes(data, path="empty.txt")


def test_error_without_a_path_names_the_input() -> None:
    with pytest.raises(ImportFormatError, match=r"^<input>: empty file"):
        decode_bytes(b"", path=None)


def test_line_endings_become_lf() -> None:
    assert decode_bytes(b"a\r\nb\rc\nd\r\n", path="a.txt") == "a\nb\nc\nd\n"


def test_read_input_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "listing.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"))
    text, name = read_input(str(path))
    assert text == TEXT
    assert name == str(path)


def test_read_input_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode("cp1252")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert read_input("-") == (TEXT, "<stdin>")


def test_read_input_refuses_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    with pytest.raises(ImportFormatError, match=r"^<stdin>: empty file"):
        read_input("-")


def test_read_input_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.bib"
    with pytest.raises(ImportFormatError) as info:
        read_input(str(missing))
    assert str(info.value) == f"{missing}: no such file"


def test_read_input_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError) as info:
        read_input(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: is a directory, not a file"


def test_read_input_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("a title\n", encoding="utf-8")

    def deny(self: Path, *args: object, **kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied", str(self))

    # Tests may run as root, where chmod 000 does not stop reading.
    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ImportFormatError) as info:
        read_input(str(path))
    assert str(info.value) == f"{path}: permission denied"


def test_read_input_binary_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)))
    with pytest.raises(ImportFormatError) as info:
        read_input(str(path))
    assert str(info.value) == f"{path}: binary file, not text (looks like PDF)"


def test_read_input_refuses_too_large_input(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ImportFormatError, match="too large"):
        read_input(str(path), max_bytes=100)
    assert read_input(str(path), max_bytes=101)[0] == "x" * 101


def test_read_input_50_mb_file(tmp_path: Path) -> None:
    paragraph = "A Title About Rectified Flow\r\n\r\n" + "We present a method. " * 40 + "\r\n\r\n"
    chunk = paragraph.encode("utf-8")
    path = tmp_path / "big.txt"
    repeats = 50 * 1024 * 1024 // len(chunk) + 1
    tail = "Stützle – “quoted”\r\n"
    path.write_bytes(chunk * repeats + tail.encode("cp1252"))
    text, _ = read_input(str(path))
    expected_length = (len(paragraph) - 4) * repeats + len(tail) - 1
    assert len(text) == expected_length
    assert text.endswith("Stützle – “quoted”\n")
    assert "\r" not in text


_interesting_bytes = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda prefix, body: prefix + body,
        st.sampled_from(
            [
                b"",
                codecs.BOM_UTF8,
                codecs.BOM_UTF16_LE,
                codecs.BOM_UTF16_BE,
                codecs.BOM_UTF32_LE,
                b"%PDF-",
                b"\x00",
            ]
        ),
        st.binary(max_size=300),
    ),
    st.text(max_size=200).map(lambda text: text.encode("utf-16-le")),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
)


@settings(max_examples=400, database=None, deadline=None)
@given(_interesting_bytes)
def test_any_bytes_give_text_or_import_format_error(data: bytes) -> None:
    outcome: str | ImportFormatError
    try:
        outcome = decode_bytes(data, path="fuzz.txt")
    except ImportFormatError as exc:  # any other exception fails the test
        outcome = exc
    if isinstance(outcome, ImportFormatError):
        assert str(outcome).startswith("fuzz.txt: ")
    else:
        assert "\r" not in outcome
        assert outcome.strip()
