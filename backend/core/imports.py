"""What every spreadsheet import shares: reading the upload, decoding its text, the error report.

Imports are all or nothing: a report lists every problem by line and column, in French, and
``created`` stays empty unless the whole file was good.
"""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LineError:
    """One problem: ``line`` counts the header as 1 (0 is the file as a whole); ``field`` is the column."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"Fichier : {self.message}"
        where = f"Ligne {self.line}"
        if self.field:
            where += f", colonne {self.field}"
        return f"{where} : {self.message}"


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    lines: int = 0  # data lines read, header excluded

    @property
    def ok(self) -> bool:
        return not self.errors


def upload_bytes(file, *, max_bytes: int) -> bytes:
    """The upload's bytes, at most ``max_bytes + 1`` of them so the caller can tell it is too big."""
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            return fh.read(max_bytes + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    return data.encode("utf-8") if isinstance(data, str) else data


def decode_spreadsheet_text(data: bytes) -> str | None:
    """Text of a CSV as French spreadsheets save it: UTF-16 with a BOM, UTF-8 (BOM or not), then
    Windows-1252 (Excel's « CSV (séparateur : point-virgule) »). ``None`` when none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# A spreadsheet's XML is highly compressible, so a small upload can expand to gigabytes in memory.
# A 5,000-line import is a few MB once unzipped; anything far larger is refused before it is parsed.
MAX_XLSX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_XLSX_RATIO = 100


def xlsx_within_bounds(data: bytes) -> bool:
    """Whether an .xlsx (a zip) stays small once decompressed: total size and compression ratio bounded.

    Read from the zip's directory alone, so a decompression bomb is refused without inflating it.
    """
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return True  # not a readable zip: the spreadsheet reader refuses it with its own message
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    return total <= MAX_XLSX_UNCOMPRESSED_BYTES and total / packed <= MAX_XLSX_RATIO


def looks_binary(data: bytes) -> bool:
    """A CSV is text: NUL bytes (outside UTF-16, decoded earlier) mean an image, an archive, a program."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in data[:65536]


def shorten(value: str, limit: int = 60) -> str:
    """A cell echoed back in an error message, cut so a hostile file cannot flood the report."""
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"
