"""What the graduates tests build: skills by uid, CVs (PDF, DOCX, hostile files). The personas (``cohort``,
``graduate``, ``visible_graduate``, ``graduate_client``) are in tests/fixtures/personas.py."""

import io
import zipfile

from backend.taxonomy.models import Skill
from tests.factories.graduates import CohortFactory, GraduateFactory  # noqa: F401 - still imported from here by the tests


def skill(uid: str) -> Skill:
    return Skill.objects.get(uid=uid)


def make_pdf(text: str = "Développeuse web React et Symfony à Liévin", *, extra: bytes = b"") -> bytes:
    """A small valid PDF with one page of text (and optional raw objects for active content)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    safe = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream.set_data(b"BT /F1 12 Tf 72 760 Td (" + safe + b") Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if extra:
        data = data.replace(b"%%EOF", extra + b"\n%%EOF")
    return data


def make_pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('coucou');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(text: str = "Technicien domotique KNX et Home Assistant") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip_bomb() -> bytes:
    """A "DOCX" (it has word/document.xml) whose one member inflates to 60 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()
