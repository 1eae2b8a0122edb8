"""CV files: sniff the type from the content, refuse active content and bombs, extract the text.

A name or a Content-Type header proves nothing; the first bytes do. PDFs carrying JavaScript or a
launch action are refused (a CV has no business running code), and a DOCX — a zip — is refused when
it would inflate past a sane size, before anything decompresses it.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 2000
MAX_TEXT_CHARS = 100_000

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Names as written in PDF syntax; "#4A" style escapes are decoded before the search.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)\b")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class CvDocument:
    kind: str
    data: bytes
    text: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _read(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if hasattr(file, "size") and file.size is not None and file.size > MAX_BYTES:
        raise _too_big()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(MAX_BYTES + 1)


def _too_big() -> ApplicationError:
    return ApplicationError(
        _("Le fichier dépasse 5 Mo : enregistrez votre CV en PDF plus léger (sans photos lourdes)."),
        extra={"field": "cv", "max_bytes": MAX_BYTES},
    )


def sniff(data: bytes) -> str | None:
    """``pdf``, ``docx`` or None, from the bytes themselves."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def _check_pdf(data: bytes) -> None:
    decoded = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    if _PDF_ACTIVE.search(decoded):
        raise _active_pdf()


def _active_pdf() -> ApplicationError:
    return ApplicationError(
        _(
            "Ce PDF contient du contenu actif (JavaScript, lancement de programme ou fichier joint) : "
            "nous ne l'acceptons pas. Réenregistrez votre CV avec « Exporter en PDF » ou « Imprimer en PDF »."
        ),
        extra={"field": "cv", "reason": "active_content"},
    )


def _check_pdf_structure(reader) -> None:
    """Actions hidden in compressed object streams escape the byte scan; the catalog does not."""
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        raise _active_pdf()
    if "/AA" in root:
        raise _active_pdf()
    action = root.get("/OpenAction")
    if action is not None:
        action = action.get_object()
        if hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch"):
            raise _active_pdf()


def _check_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        compressed = sum(info.compress_size for info in infos) or 1
        macros = any(info.filename.lower().endswith("vbaproject.bin") for info in infos)
    if len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNCOMPRESSED or total / compressed > MAX_RATIO:
        raise ApplicationError(
            _(
                "Ce fichier Word se décompresse en un volume anormal (archive piégée ?) : nous ne l'ouvrons pas. "
                "Enregistrez votre CV en PDF et réessayez."
            ),
            extra={"field": "cv", "reason": "zip_bomb"},
        )
    if macros:
        raise ApplicationError(
            _("Ce fichier Word contient des macros : enregistrez-le en .docx simple ou en PDF."),
            extra={"field": "cv", "reason": "active_content"},
        )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PdfReadError("encrypted")
        _check_pdf_structure(reader)
        parts = []
        for page in reader.pages[:20]:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT_CHARS:
                break
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ApplicationError(
            _("Ce PDF est illisible ou protégé par un mot de passe : réenregistrez-le puis réessayez."),
            extra={"field": "cv", "reason": "unreadable", "detail": exc.__class__.__name__},
        )
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds of errors on a broken file
        raise ApplicationError(
            _("Ce fichier Word est illisible : réenregistrez-le en .docx ou en PDF."),
            extra={"field": "cv", "reason": "unreadable", "detail": exc.__class__.__name__},
        )
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" · ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _clean(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


def cv_read(file) -> CvDocument:
    """Validate an uploaded CV and extract its text, or raise ``ApplicationError`` in plain French."""
    data = _read(file)
    if len(data) > MAX_BYTES:
        raise _too_big()
    if not data:
        raise ApplicationError(_("Le fichier est vide."), extra={"field": "cv"})
    kind = sniff(data)
    if kind is None:
        raise ApplicationError(
            _(
                "Seuls les CV au format PDF ou Word (.docx) sont acceptés. Ce fichier n'est ni l'un ni l'autre."
            ),
            extra={"field": "cv", "reason": "type"},
        )
    if kind == PDF:
        _check_pdf(data)
        text = _pdf_text(data)
    else:
        _check_docx(data)
        text = _docx_text(data)
    return CvDocument(kind=kind, data=data, text=_clean(text))
