"""Plain-French reasons for a suggestion, for the graduate and for the employer.

The texts are built from the same quantities the model sees (skills matched and missing, distance
against the radius for the mobility mode, contract, start date), never from the model's internals,
so that they stay true whatever model serves.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from .docs import (
    BIKE_FOOT,
    CAR,
    PUBLIC_TRANSPORT,
    REMOTE_FULL,
    REMOTE_PARTIAL,
    CandidateDoc,
    OfferDoc,
    SkillGraph,
)

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MOBILITY_FR = {CAR: "en voiture", PUBLIC_TRANSPORT: "en transports en commun", BIKE_FOOT: "à pied ou à vélo"}
CONTRACT_FR = {
    "cdi": "CDI",
    "cdd": "CDD",
    "alternance": "alternance",
    "stage": "stage",
    "interim": "intérim",
    "freelance": "freelance",
}
MAX_LISTED = 4


def date_fr(d: dt.date) -> str:
    """``5 janvier 2027`` (``1er`` for the first of the month)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def duration_fr(days: int) -> str:
    """``4 jours``, ``3 semaines``, ``2 mois``."""
    days = abs(int(days))
    if days < 14:
        return f"{days} jour{'s' if days > 1 else ''}"
    if days < 61:
        weeks = round(days / 7)
        return f"{weeks} semaines"
    return f"{round(days / 30.44)} mois"


def km_fr(km: float) -> str:
    """``27 km``, ``3,6 km``, ``8 km``, ``moins d'1 km``."""
    if km < 1:
        return "moins d'1 km"
    if km >= 10:
        return f"{km:.0f} km"
    # A whole radius reads « 8 km », not « 8,0 km ».
    return f"{km:.1f} km".replace(".0 ", " ").replace(".", ",")


def listing(labels: list[str]) -> str:
    """Up to four labels, then ``et N autres``; a label read twice (two taxonomy skills both called
    « Java ») is told once."""
    seen: set[str] = set()
    labels = [x for x in labels if not (x.casefold() in seen or seen.add(x.casefold()))]
    shown = labels[:MAX_LISTED]
    text = ", ".join(shown)
    if len(labels) > MAX_LISTED:
        text += f" et {len(labels) - MAX_LISTED} autre{'s' if len(labels) - MAX_LISTED > 1 else ''}"
    return text


def contracts_fr(contracts) -> str:
    """Contract codes as French labels, comma-separated."""
    return ", ".join(CONTRACT_FR.get(c, c) for c in contracts)


@dataclass
class PairDetails:
    """Facts behind one suggestion, in plain data (the platform may show them as it likes)."""

    required_matched: list[str] = field(default_factory=list)
    required_missing: list[str] = field(default_factory=list)
    nice_matched: list[str] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (held skill, required skill it is near)
    implied: list[tuple[str, str]] = field(
        default_factory=list
    )  # (required skill implied, held skill implying it)
    to_learn: list[str] = field(
        default_factory=list
    )  # missing required skills worth learning (no soft skill)
    distance_km: float | None = None
    radius_km: float = 0.0
    within_radius: bool | None = None
    mobility: str = PUBLIC_TRANSPORT
    remote: str = "none"
    contract_type: str | None = None
    contract_ok: bool | None = None  # None: unknown or no preference
    start_date: dt.date | None = None
    available_from: dt.date | None = None
    available_now: bool = False  # available_from is on or before the day the pair was scored

    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings)."""
        d = dict(self.__dict__)
        for key in ("start_date", "available_from"):
            d[key] = d[key].isoformat() if d[key] else None
        d["related"] = [list(p) for p in self.related]
        d["implied"] = [list(p) for p in self.implied]
        return d


def pair_details(
    offer: OfferDoc,
    cand: CandidateDoc,
    graph: SkillGraph,
    distance_km: float | None,
    *,
    today: dt.date | None = None,
) -> PairDetails:
    """Collect the facts explained for one pair; ``today`` (the scoring day) tells an availability
    already reached (« dès maintenant ») from one to come."""
    own = set(cand.skills)
    held = set(own)
    implied_by = graph.implied(held)
    req = offer.required_skills
    implied = [(s, implied_by[s]) for s in req if s not in held and s in implied_by]
    held |= set(implied_by)
    missing = [s for s in req if s not in held]
    related = []
    if missing and graph.broader:
        for s in missing:
            near = graph.related(s)
            best = max((h for h in sorted(own) if h in near), key=lambda h: near[h], default=None)
            if best is not None:
                related.append((best, s))
    dist = None if distance_km is None or math.isnan(distance_km) else float(distance_km)
    radius = cand.effective_radius_km
    contract_ok = None
    if offer.contract_type and cand.contract_types:
        contract_ok = offer.contract_type in cand.contract_types
    return PairDetails(
        required_matched=[s for s in req if s in held],
        required_missing=missing,
        nice_matched=[s for s in offer.nice_skills if s in held],
        related=related,
        implied=implied,
        to_learn=[s for s in missing if not graph.is_soft(s)],
        distance_km=dist,
        radius_km=radius,
        within_radius=None if dist is None else dist <= radius,
        mobility=cand.mobility,
        remote=offer.remote,
        contract_type=offer.contract_type,
        contract_ok=contract_ok,
        start_date=offer.start_date,
        available_from=cand.available_from,
        available_now=today is not None and cand.available_from is not None and cand.available_from <= today,
    )


def _hard(ids, graph: SkillGraph) -> list[str]:
    """The skills of ``ids`` that are not soft skills (savoir-être), in order."""
    return [s for s in ids if not graph.is_soft(s)]


def _n_near(d: PairDetails, graph: SkillGraph) -> int:
    """Required skills (soft skills aside) not held but close to one held."""
    return len({near for _held, near in d.related if not graph.is_soft(near)})


def _skills_reasons(d: PairDetails, graph: SkillGraph, audience: str) -> list[str]:
    # Presentation only: the count and lists name skills (savoir-faire); soft skills in common
    # (« Travail en équipe ») are said apart, as qualities (« 1 sur 17 (Travail en équipe) » read
    # as if the graduate held one skill of the trade). The model's features are untouched.
    label = graph.label
    out = []
    matched, missing = _hard(d.required_matched, graph), _hard(d.required_missing, graph)
    n_req = len(matched) + len(missing)
    if n_req:
        text = f"Compétences requises : {len(matched)} sur {n_req}"
        if matched:
            text += f" ({listing([label(s) for s in matched])})"
        elif n_near := _n_near(d, graph):
            # « 0 sur 9 » alone reads as « nothing for you »: say why the offer is there all the same.
            who = (
                "de ce que vous savez faire" if audience == "graduate" else "de ce que la personne sait faire"
            )
            text += f", mais {n_near} {'sont proches' if n_near > 1 else 'est proche'} {who}"
        out.append(text)
    elif d.required_matched or d.required_missing:
        out.append("L'offre ne précise pas de compétence requise, seulement des qualités attendues")
    else:
        out.append("L'offre ne précise pas de compétence requise")
    if audience == "graduate" and d.to_learn:
        out.append(f"À acquérir : {listing([label(s) for s in d.to_learn])}")
    elif audience != "graduate" and missing:
        out.append(f"Compétences manquantes : {listing([label(s) for s in missing])}")
    for skill, via in d.implied[:2]:
        out.append(f"{label(skill)} : acquis avec {label(via)}")
    for held, near in [p for p in d.related if not graph.is_soft(p[1])][:2]:
        who = "vous maîtrisez" if audience == "graduate" else "maîtrise"
        out.append(f"Compétence proche : {who} {label(held)}, voisine de {label(near)}")
    if nice := _hard(d.nice_matched, graph):
        head = "Un plus que vous avez" if audience == "graduate" else "Un plus"
        out.append(f"{head} : {listing([label(s) for s in nice])}")
    soft = [s for s in (*d.required_matched, *d.nice_matched) if graph.is_soft(s)]
    if soft:
        head = "Qualités attendues que vous avez" if audience == "graduate" else "Qualités en commun"
        out.append(f"{head} : {listing([label(s) for s in soft])}")
    return out


def _place_reason(d: PairDetails, audience: str) -> str:
    mode = MOBILITY_FR.get(d.mobility, "")
    radius = km_fr(d.radius_km)
    your = "votre" if audience == "graduate" else "son"
    if d.remote == REMOTE_FULL:
        where = f" ({km_fr(d.distance_km)})" if d.distance_km is not None else ""
        return f"Télétravail complet : la distance compte peu{where}"
    if d.distance_km is None:
        return "Lieu non précisé : distance inconnue"
    prefix = "" if audience == "graduate" else "Habite à "
    dist = km_fr(d.distance_km)
    text = f"{prefix}{dist}, " + (
        f"dans {your} rayon de {radius} {mode}"
        if d.within_radius
        else f"au-delà de {your} rayon de {radius} {mode}"
    )
    if d.remote == REMOTE_PARTIAL:
        text += " (télétravail partiel possible)"
    return text[0].upper() + text[1:]


def _contract_reason(d: PairDetails, wanted: tuple[str, ...], audience: str) -> str:
    if not d.contract_type:
        return "Type de contrat non précisé"
    c = CONTRACT_FR.get(d.contract_type, d.contract_type)
    if d.contract_ok is None:
        return f"Contrat : {c}" + (
            ", tous contrats acceptés" if audience == "graduate" else ", accepte tout contrat"
        )
    if d.contract_ok:
        return (
            f"{c} : un contrat que vous recherchez"
            if audience == "graduate"
            else f"{c} : un contrat recherché"
        )
    return f"{c} : hors des contrats recherchés ({contracts_fr(wanted)})"


def _start_reason(d: PairDetails, audience: str) -> str | None:
    # A date already past reads as a delay to come (« dès le 16 septembre » in December): say « maintenant ».
    since = "maintenant" if d.available_now else f"le {date_fr(d.available_from)}" if d.available_from else ""
    if d.start_date is None:
        return None if d.available_from is None else f"Disponible dès {since}"
    start = f"Début le {date_fr(d.start_date)}"
    if d.available_from is None:
        return start
    delay = (d.available_from - d.start_date).days
    if delay <= 0:
        you = "vous êtes disponible" if audience == "graduate" else "disponible"
        return f"{start}, {you} dès {since}"
    who = "votre" if audience == "graduate" else "sa"
    return f"{start}, soit {duration_fr(delay)} avant {who} disponibilité ({date_fr(d.available_from)})"


def reasons_fr(
    d: PairDetails, graph: SkillGraph, cand: CandidateDoc, *, audience: str = "graduate"
) -> list[str]:
    """The reasons shown under a suggestion. ``audience`` is ``graduate`` or ``employer``."""
    reasons = _skills_reasons(d, graph, audience)
    reasons.append(_place_reason(d, audience))
    reasons.append(_contract_reason(d, cand.contract_types, audience))
    start = _start_reason(d, audience)
    if start:
        reasons.append(start)
    return reasons


def summary_fr(d: PairDetails, graph: SkillGraph) -> str:
    """One line, as on the suggestion card: ``7 sur 9 compétences requises · 12 km · CDI`` (soft
    skills aside, as in :func:`reasons_fr`)."""
    parts = []
    matched = _hard(d.required_matched, graph)
    n_req = len(matched) + len(_hard(d.required_missing, graph))
    if n_req:
        noun = "compétence requise" if n_req == 1 else "compétences requises"
        text = f"{len(matched)} sur {n_req} {noun}"
        if not matched and (n_near := _n_near(d, graph)):
            text += f" ({n_near} proche{'s' if n_near > 1 else ''})"
        parts.append(text)
    if d.remote == REMOTE_FULL:
        parts.append("télétravail")
    elif d.distance_km is not None:
        parts.append(km_fr(d.distance_km))
    if d.contract_type:
        parts.append(CONTRACT_FR.get(d.contract_type, d.contract_type))
    return " · ".join(parts)


def opening_fr(skill_label: str, n_offers: int, radius_km: float) -> str:
    """``Docker vous ouvrirait 14 offres de plus à moins de 30 km``."""
    noun = "offre" if n_offers == 1 else "offres"
    skill_label = skill_label[:1].upper() + skill_label[1:]
    return f"{skill_label} vous ouvrirait {n_offers} {noun} de plus à moins de {radius_km:.0f} km"
