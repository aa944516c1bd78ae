"""Writing small, valid PDFs for tests: real files that pypdf reads like any other."""

from __future__ import annotations


def _escape(text: str) -> bytes:
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_content(text: str) -> bytes:
    """A content stream showing `text` line by line in Helvetica."""
    ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
    ops += [b"(" + _escape(line) + b") Tj T*" for line in text.splitlines()]
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(
    pages: list[str] | None = None,
    *,
    title: str | None = None,
    contents: list[bytes] | None = None,
) -> bytes:
    """A PDF with one page per text (or per raw content stream), optionally an Info title."""
    streams = contents if contents is not None else [page_content(t) for t in pages or [""]]
    n = len(streams)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(n))
        + f"] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> " + f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    info_ref = b""
    if title is not None:
        objects.append(b"<< /Title (" + _escape(title) + b") >>")
        info_ref = f" /Info {len(objects)} 0 R".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R".encode()
        + info_ref
        + f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
