"""France Travail "Offres d'emploi v2" offers to Tremplin's offer fields (pure functions, no database).

``read_offer(payload)`` returns the fields an ``employers.Offer`` takes, with the commune and ROME code
left as codes for the caller to resolve, or raises ``Rejected`` with a French reason a person can act on.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

POSTING_URL = "https://candidat.francetravail.fr/offres/recherche/detail/{id}"

# typeContrat codes of the API (référentiel typesContrats) to Offer.ContractType.
CONTRACTS = {
    "CDI": "CDI",
    "DIN": "CDI",  # CDI intérimaire
    "CDD": "CDD",
    "SAI": "CDD",  # saisonnier
    "DDI": "CDD",  # CDD d'insertion
    "MIS": "INTERIM",
    "TTI": "INTERIM",  # travail temporaire d'insertion
    "LIB": "FREELANCE",  # profession libérale
    "FRA": "FREELANCE",  # franchise
    "REP": "FREELANCE",  # reprise d'entreprise
}
_MONTHS = re.compile(r"(\d+)\s*Mois", re.IGNORECASE)
_DAYS = re.compile(r"(\d+)\s*Jour", re.IGNORECASE)
_HOURS = re.compile(r"(\d{1,2})H(\d{2})?", re.IGNORECASE)
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*Euros", re.IGNORECASE)
_PERIODS = {"mensuel": "month", "annuel": "year", "horaire": "hour"}


class Rejected(ValueError):
    """An offer Tremplin cannot show; ``str(exc)`` is the reason, in French."""


@dataclass(frozen=True)
class ReadOffer:
    external_id: str
    fields: dict
    commune_insee: str
    rome_code: str
    # experienceExige "D": France Travail's "débutant accepté" (what the prospects and home figures count).
    beginner: bool = False

    def payload_hash(self) -> str:
        """What a change means: any field Tremplin stores, not the API's refresh dates."""
        data = {**self.fields, "commune": self.commune_insee, "rome": self.rome_code}
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _months(text: str) -> int | None:
    if m := _MONTHS.search(text or ""):
        return max(1, int(m.group(1)))
    if m := _DAYS.search(text or ""):
        return max(1, round(int(m.group(1)) / 30))
    return None


def read_salary(label: str) -> tuple[Decimal | None, Decimal | None, str]:
    """'Mensuel de 2000.0 Euros à 2500.0 Euros sur 12.0 mois' -> (2000, 2500, 'month')."""
    label = (label or "").strip()
    period = _PERIODS.get(label.split(" ", 1)[0].lower(), "") if label else ""
    amounts = []
    for raw in _AMOUNT.findall(label):
        try:
            amounts.append(Decimal(raw.replace(",", ".")).quantize(Decimal("0.01")))
        except InvalidOperation:
            continue
    amounts = [a for a in amounts if a > 0]
    if not period or not amounts:
        return None, None, "month"
    return min(amounts), max(amounts), period


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_offer(payload: dict) -> ReadOffer:
    """Read one offer of ``offres/search`` (or of its JSON Lines dump)."""
    if not isinstance(payload, dict):
        raise Rejected("une offre doit être un objet JSON")
    external_id = str(payload.get("id") or "").strip()
    if not external_id or len(external_id) > 32:
        raise Rejected("offre sans référence France Travail (champ « id »)")
    title = str(payload.get("intitule") or "").strip()
    description = str(payload.get("description") or "").strip()
    if not title:
        raise Rejected("offre sans intitulé")
    if not description:
        raise Rejected("offre sans description")
    place = payload.get("lieuTravail") or {}
    insee = str(place.get("commune") or "").strip()
    if not insee:
        where = place.get("libelle") or "non précisé"
        raise Rejected(f"lieu de travail sans commune ({where}) : l'offre ne peut pas être située")

    code = str(payload.get("typeContrat") or "").upper()
    label = str(payload.get("typeContratLibelle") or "")
    if payload.get("alternance"):
        nature = str(payload.get("natureContrat") or "").lower()
        contract = "PROFESSIONNALISATION" if "professionnalisation" in nature else "APPRENTISSAGE"
    elif code in CONTRACTS:
        contract = CONTRACTS[code]
    else:
        raise Rejected(f"type de contrat « {code or 'vide'} » inconnu")
    months = _months(label)
    if contract == "CDD" and months is None:
        raise Rejected(f"CDD sans durée (« {label or 'vide'} »)")

    salary = payload.get("salaire") or {}
    salary_min, salary_max, period = read_salary(str(salary.get("libelle") or ""))

    fields = {
        "title": title[:200],
        "description": description,
        "contract_type": contract,
        "contract_months": months if contract in ("CDD", "INTERIM") else None,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_period": period,
        "openings": max(1, int(payload.get("nombrePostes") or 1)),
        # France Travail publishes no remote policy: the one read in the text fills it.
        "remote": "onsite",
        "remote_answered": False,
        "published_employer": str((payload.get("entreprise") or {}).get("nom") or "").strip()[:200],
        "external_url": str((payload.get("origineOffre") or {}).get("urlOrigine") or "").strip()[:500]
        or POSTING_URL.format(id=external_id),
        "published_at": _date(payload.get("dateCreation")),
    }
    hours = _HOURS.search(str(payload.get("dureeTravailLibelle") or ""))
    part_time = "partiel" in str(payload.get("dureeTravailLibelleConverti") or "").lower()
    if part_time and hours and 0 < int(hours.group(1)) < 35:
        fields["working_time"] = "part_time"
        fields["weekly_hours"] = Decimal(hours.group(1)) + Decimal(int(hours.group(2) or 0)) / 60
    else:
        fields["working_time"] = "full_time"
        fields["weekly_hours"] = None
    return ReadOffer(
        external_id=external_id,
        fields=fields,
        commune_insee=insee,
        rome_code=str(payload.get("romeCode") or "").strip().upper(),
        beginner=str(payload.get("experienceExige") or "").upper() == "D",
    )
