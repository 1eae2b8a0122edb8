"""CV uploads (PDF, DOCX) to text, with type sniffing, size caps and active-content checks."""

from __future__ import annotations

import io
import re
import zipfile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A DOCX is a zip: refuse archives that inflate beyond this or by more than this ratio (zip bombs).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia)\b")


class DocumentRejected(ValueError):
    """The upload is refused; ``message`` is a French sentence for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff_type(data: bytes) -> str | None:
    """``"pdf"``, ``"docx"`` or None, from the content (magic bytes), never from the file name."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if _PDF_ACTIVE.search(data):
        raise DocumentRejected(
            "Ce PDF contient du contenu actif (JavaScript ou action automatique) : "
            "enregistrez-le à nouveau en PDF simple puis réessayez."
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentRejected(
                "Ce PDF est protégé par un mot de passe : envoyez une version non protégée."
            )
        root = reader.trailer["/Root"]
        if "/OpenAction" in root or "/AA" in root or "/JavaScript" in root.get("/Names", {}):
            raise DocumentRejected("Ce PDF contient du contenu actif : envoyez une version sans script.")
        pages = [page.extract_text() or "" for page in reader.pages[:50]]
    except DocumentRejected:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        # PyPdfError covers LimitReachedError: a stream that inflates past pypdf's bounds (a bomb).
        raise DocumentRejected(
            "Ce PDF est illisible, endommagé ou anormalement volumineux une fois décompressé : "
            "exportez-le à nouveau en PDF depuis votre traitement de texte."
        ) from exc
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                raise DocumentRejected("Ce fichier Word est anormalement compressé et a été refusé.")
        if total > MAX_UNCOMPRESSED_BYTES:
            raise DocumentRejected("Ce fichier Word est trop volumineux une fois décompressé.")
        if any(name.lower().endswith("vbaproject.bin") for name in zf.namelist()):
            raise DocumentRejected(
                "Ce fichier Word contient des macros : enregistrez-le au format .docx sans macro."
            )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on broken files
        raise DocumentRejected("Ce fichier Word est illisible ou endommagé.") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def text_from_upload(data: bytes, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Text of an uploaded CV (PDF or DOCX), checked for size, real type and active content.

    Raises :class:`DocumentRejected` with a French message when the file is refused. ``filename`` is
    only used in messages: the type is read from the content.
    """
    if not data:
        raise DocumentRejected("Le fichier est vide.")
    if len(data) > max_bytes:
        raise DocumentRejected(
            f"Le fichier « {filename} » dépasse la taille maximale de {max_bytes // (1024 * 1024)} Mo."
        )
    kind = sniff_type(data)
    if kind is None:
        raise DocumentRejected(f"Le fichier « {filename} » n'est ni un PDF ni un document Word (.docx).")
    text = _pdf_text(data) if kind == "pdf" else _docx_text(data)
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        raise DocumentRejected("Aucun texte n'a pu être lu dans ce fichier (document scanné ?).")
    return text
