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
