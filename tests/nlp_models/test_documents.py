"""CV uploads: type sniffing, size cap, active PDF content, zip bombs."""

import io
import zipfile

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from nlp_models.documents import DocumentRejected, sniff_type, text_from_upload


def make_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(javascript: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x')"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = action
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_docx_text_is_extracted_whatever_the_file_name():
    data = make_docx("Compétences : Python, Docker")
    assert sniff_type(data) == "docx"
    assert "Python, Docker" in text_from_upload(data, "cv.pdf")


def test_blank_pdf_is_read_but_has_no_text():
    data = make_pdf()
    assert sniff_type(data) == "pdf"
    with pytest.raises(DocumentRejected, match="Aucun texte"):
        text_from_upload(data, "cv.pdf")


def test_pdf_with_javascript_open_action_is_rejected():
    with pytest.raises(DocumentRejected, match="contenu actif"):
        text_from_upload(make_pdf(javascript=True), "cv.pdf")


def test_oversized_and_unknown_files_are_rejected_in_french():
    with pytest.raises(DocumentRejected, match="taille maximale"):
        text_from_upload(b"%PDF-" + b"0" * 100, "cv.pdf", max_bytes=50)
    with pytest.raises(DocumentRejected, match="ni un PDF ni un document Word"):
        text_from_upload(b"MZ\x90\x00 this is an exe", "cv.docx")


def test_zip_bomb_disguised_as_docx_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>" + " " * (20 * 1024 * 1024))
    with pytest.raises(DocumentRejected, match="compressé|volumineux"):
        text_from_upload(buffer.getvalue(), "cv.docx")
