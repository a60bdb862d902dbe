"""PDFs made in code for the tests (fpdf2 for text layers, Pillow for scans): no binary fixtures.

`text_pdf` lays out the given lines exactly, one per line, so a test decides where a line ends (and
so where a word is hyphenated); an empty string is a paragraph break.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FIXED_DATE = dt.datetime(2011, 5, 4, 9, 30, tzinfo=dt.UTC)  # the files' CreationDate unless a test sets one


def text_pdf(
    *pages: list[str],
    title: str | None = None,
    author: str | None = None,
    heading: str | None = None,
    header: str | None = None,
    page_numbers: bool = False,
    created: dt.datetime | None = FIXED_DATE,
    user_password: str | None = None,
) -> bytes:
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if title is not None:
        pdf.set_title(title)
    if author is not None:
        pdf.set_author(author)
    if created is not None:
        pdf.set_creation_date(created)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    for number, lines in enumerate(pages):
        pdf.add_page()
        if header:
            pdf.set_font("Helvetica", size=8)
            pdf.set_xy(20, 10)
            pdf.cell(0, 5, header)
        pdf.set_xy(20, 30)
        if heading and number == 0:
            pdf.set_font("Helvetica", "B", 20)
            pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("Times", size=12)
        for line in lines:
            if line:
                pdf.set_x(20)
                pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(6)
        if page_numbers:
            pdf.set_xy(20, 282)
            pdf.set_font("Helvetica", size=9)
            pdf.cell(170, 5, str(number + 1), align="C")
    return bytes(pdf.output())


def scan_image(lines: list[str]) -> Image.Image:
    """A picture of text as a scanner makes it: 200 dpi, A4, no text layer."""
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    y = 200
    for line in lines:
        if line:
            draw.text((160, y), line, fill=0, font=font)
        y += 70
    return image


def scanned_pdf(lines: list[str]) -> bytes:
    """A page that is only a picture of text (no text layer)."""
    buffer = io.BytesIO()
    scan_image(lines).save(buffer, "PDF", resolution=200.0)
    return buffer.getvalue()


def bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream is `megabytes` MB of spaces, deflated to a few hundred KB."""
    packer = zlib.compressobj(1)
    chunk = b" " * 1024 * 1024
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _assemble(objects)


def stamped_scan_pdf(lines: list[str], stamp: str) -> bytes:
    """A scanned page (a picture of `lines`) with one line of real text stamped on it, as archives do."""
    picture = scan_image(lines)
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.image(picture, x=0, y=0, w=210, h=297)
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(10, 290)
    pdf.cell(0, 4, stamp)
    return bytes(pdf.output())


def operators_pdf(operators: bytes, times: int) -> bytes:
    """A one-page PDF with one real line, then `operators` repeated `times` times in the same content stream
    (deflated: three million text operators are 87 MB inflated, 212 KB in the file), Helvetica as /F1."""
    content = b"BT /F1 12 Tf 72 720 Td (A real line of text.) Tj ET\n" + operators * times
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    """Numbered objects, the cross-reference table and the trailer: a PDF pdfminer reads."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
