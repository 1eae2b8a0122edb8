"""Turn source records into the text the extractor reads."""

from __future__ import annotations


def francetravail_offer_text(record: dict) -> str:
    """A France Travail offer as one text: its structured fields as header lines, then the description.

    The header mirrors what an employer's form holds (contract, salary, place), so the same extractor
    serves imported offers and typed ones.
    """
    lines = []
    if record.get("contract_type"):
        lines.append(f"Contrat : {record['contract_type']}")
    if record.get("salary"):
        lines.append(f"Salaire : {record['salary']}")
    if record.get("location"):
        lines.append(f"Lieu : {record['location']}")
    header = "\n".join(lines)
    description = record.get("description") or ""
    return f"{header}\n\n{description}" if header else description
