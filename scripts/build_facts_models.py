"""Train the « open to beginners » model and measure the offer facts against France Travail's fields.

Reads ``../shared/data/offers/francetravail_M1805_2023-2025_datavizft.jsonl`` (real offers with the
employer's structured answers: ``typeContrat``, ``experienceExige`` D/S/E, ``experienceLibelle``,
``salaire``). Each offer goes to the development part (70 %) or the held-apart test part (30 %) by a
hash of its id; ids listed in ``nlp_models/data/gold/HELD_OUT_IDS.txt`` are left out of both.
Everything is chosen on the development part (5-fold cross-validation, offers of one title in one fold;
the dev offers created before October 2025 against the later ones as a check by time); the test part is
only read by ``--test``, to report, overall, per sub-trade (titles sorted by
``scripts/select_span_gold.py``'s ``TRADES``: the proxy for other trades) and by time.

    .venv/bin/python scripts/build_facts_models.py            # cross-validate on dev, write the model
    .venv/bin/python scripts/build_facts_models.py --test     # also print the held-apart test figures

Writes ``nlp_models/data/beginner_model.json`` (sorted keys, rounded weights: a rebuild is
byte-identical).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp_models.beginner import DEMANDING, MODEL_FILE, WELCOMING, features  # noqa: E402
from nlp_models.facts import extract_contract, extract_experience, extract_salary  # noqa: E402
from nlp_models.text import fold  # noqa: E402
from scripts.select_span_gold import TRADES  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
FT_FILE = SHARED / "offers" / "francetravail_M1805_2023-2025_datavizft.jsonl"
HELD_OUT = ROOT / "nlp_models" / "data" / "gold" / "HELD_OUT_IDS.txt"
CONTRACTS = {"CDI": "CDI", "DIN": "CDI", "CDD": "CDD", "SAI": "CDD", "MIS": "INTERIM", "LIB": "FREELANCE"}
DATA_IA_FILE = SHARED / "offers" / "francetravail_data_ia_2025-12.jsonl"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(0.30 + 0.02 * i, 2) for i in range(21))  # 0.30 … 0.70
TIME_CUTOFF = "2025-10"


def split_of(offer_id: str) -> str:
    return "dev" if int(hashlib.sha256(offer_id.encode()).hexdigest()[:8], 16) % 100 < 70 else "test"


def held_out_ids() -> set[str]:
    if not HELD_OUT.exists():
        return set()
    return {ln.strip() for ln in HELD_OUT.read_text().splitlines() if ln.strip() and not ln.startswith("#")}


def load_offers() -> list[dict]:
    held = held_out_ids()
    with FT_FILE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [dict(r, split=split_of(r["id"])) for r in rows if r["id"] not in held]


def load_data_ia() -> list[dict]:
    """The 1,026 data/AI offers (France Travail's contract label only), split like the others."""
    if not DATA_IA_FILE.exists():
        return []
    held = held_out_ids()
    with DATA_IA_FILE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [dict(r, split=split_of(r["offer_id"])) for r in rows if r["offer_id"] not in held]


def data_ia_contracts(rows: list[dict], label: str) -> None:
    contract_figures(
        [
            (r["description"] or "", r["title"], data_ia_truth(r["contract_type"]), r["contract_type"], None)
            for r in rows
        ],
        label,
    )
    # This file has no « nature » field, so an apprenticeship or an internship is labelled CDD or CDI:
    # where the text alone reads ALTERNANCE or STAGE on such an offer, the label cannot say whether it
    # is right. The figure without those offers is what the label can judge.
    per: dict[str, list[int]] = {}
    unjudged = 0
    for r in rows:
        truth = data_ia_truth(r["contract_type"])
        got = extract_contract(r["description"] or "", r["title"]).type
        if truth is None or got is None:
            continue
        if got in ("ALTERNANCE", "STAGE") and truth in ("CDD", "CDI"):
            unjudged += 1
            continue
        cell = per.setdefault(truth, [0, 0])
        cell[0] += got == truth
        cell[1] += 1
    right = sum(c[0] for c in per.values())
    total = sum(c[1] for c in per.values())
    detail = " ".join(f"{k} {c[0]}/{c[1]}" for k, c in sorted(per.items()))
    print(
        f"{label}: contract text alone, where the label can judge it ({unjudged} apprenticeships or internships"
        f" filed as CDD/CDI left out): {right}/{total} = {right / max(total, 1):.3f} ({detail})"
    )


def fit(feature_dicts: list[dict[str, float]], y: np.ndarray, c: float):
    """A balanced logistic regression whose every weight reads the way a recruiter would: an input of
    :data:`~nlp_models.beginner.WELCOMING` that comes out negative, or of ``DEMANDING`` positive, is a
    quirk of the developer offers' labels, not a reading that carries to other trades, so it is left
    out and the rest refitted."""
    kept: set[str] | None = None
    while True:
        vec = DictVectorizer(sort=True)
        x = vec.fit_transform(
            [{k: v for k, v in f.items() if kept is None or k in kept} for f in feature_dicts]
        )
        model = LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=5000)
        model.fit(x, y)
        names = vec.get_feature_names_out()
        wrong = {
            n
            for n, w in zip(names, model.coef_[0], strict=True)
            if (w < 0 and n in WELCOMING) or (w > 0 and n in DEMANDING)
        }
        if not wrong:
            return vec, model
        kept = set(names) - wrong


def trade_of(title: str) -> str:
    """The sub-trade of a developer offer by its title (first match of ``TRADES``), else ``other``."""
    for trade, pattern in TRADES:
        if re.search(pattern, title, re.IGNORECASE):
            return trade
    return "other"


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    tn = int(((pred == 0) & (y == 0)).sum())
    pos, neg = int((y == 1).sum()), int((y == 0).sum())
    return {
        "accuracy": round((tp + tn) / len(y), 3),
        "balanced_accuracy": round((tp / pos + tn / neg) / 2, 3) if pos and neg else float("nan"),
        "recall_D": round(tp / pos, 3) if pos else float("nan"),
        "specificity": round(tn / neg, 3) if neg else float("nan"),
    }


def rule_beginner(row: dict) -> bool:
    return extract_experience(row["description"], row["intitule"], model=False).beginner_ok


def labels(rows: list[dict]) -> np.ndarray:
    return np.array([r["experienceExige"] == "D" for r in rows], dtype=int)


def predict(vec: DictVectorizer, model: LogisticRegression, data: list[dict[str, float]]) -> np.ndarray:
    return model.predict_proba(vec.transform(data))[:, 1]


def cross_validate(rows: list[dict]) -> tuple[float, float]:
    """C and the threshold, chosen on the dev offers alone: out-of-fold probabilities of a 5-fold
    cross-validation, read as the product reads them (a phrase or the model), the threshold that gives
    the best balanced accuracy (the nearest to 0.5 on a tie) for each C, the best C. The check by time
    (dev offers before October 2025 → later ones) is printed beside it."""
    y = labels(rows)
    data = [features(r["description"], r["intitule"]) for r in rows]
    # Offers of one title (an agency's batch of near-identical ads) stay in one fold, so the score
    # says how the model reads offers it has not seen the like of.
    groups = [fold(r["intitule"]) for r in rows]
    folds = list(StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0).split(data, y, groups))
    rules = np.array([rule_beginner(r) for r in rows], dtype=int)
    past = np.array([(r.get("dateCreation") or "") < TIME_CUTOFF for r in rows])
    print(f"dev: {len(rows)} offers, {int(y.sum())} D (débutant accepté)")
    print("  rules (phrases only)        ", scores(y, rules))
    best = (-1.0, 0.0, 0.5)
    for c in C_GRID:
        prob = np.zeros(len(rows))
        for train, held in folds:
            vec, model = fit([data[i] for i in train], y[train], c)
            prob[held] = predict(vec, model, [data[i] for i in held])
        ba, _, threshold = max(
            (scores(y, (prob >= t).astype(int) | rules)["balanced_accuracy"], -abs(t - 0.5), t)
            for t in THRESHOLDS
        )
        vec, model = fit([d for d, p in zip(data, past, strict=True) if p], y[past], c)
        later = (
            predict(vec, model, [d for d, p in zip(data, past, strict=True) if not p]) >= threshold
        ).astype(int)
        print(
            f"  C={c:<5} threshold {threshold:.2f}: 5-fold + phrases",
            scores(y, (prob >= threshold).astype(int) | rules),
            f"| dev by time ({int(past.sum())} before {TIME_CUTOFF} -> {int((~past).sum())} from)",
            scores(y[~past], later | rules[~past])["balanced_accuracy"],
        )
        if ba > best[0]:
            best = (ba, c, threshold)
    print(f"  chosen on dev balanced accuracy: C={best[1]} threshold {best[2]:.2f}")
    return best[1], best[2]


DEVELOPER_TRADES = frozenset({"software", "web", "mobile"})


def family_apart(rows: list[dict], c: float, threshold: float, label: str) -> None:
    """The reading held apart by trade family: fitted on the offers titled as developers (software, web,
    mobile) and scored on every other title of the file (technicians, project and product, data, devops,
    programmers of machines…), then the reverse. No other labelled trade is in ``../shared/data``
    (the data/AI offers carry no ``experienceExige``), so this is the nearest check of a reading that
    has to hold on trades it was not fitted on."""
    developer = np.array([trade_of(r["intitule"]) in DEVELOPER_TRADES for r in rows])
    data = [features(r["description"], r["intitule"]) for r in rows]
    y = labels(rows)
    rules = np.array([rule_beginner(r) for r in rows], dtype=int)
    for name, fit_mask in (
        ("developer titles -> other titles", developer),
        ("other titles -> developer titles", ~developer),
    ):
        vec, model = fit([d for d, m in zip(data, fit_mask, strict=True) if m], y[fit_mask], c)
        score_mask = ~fit_mask
        prob = predict(vec, model, [d for d, m in zip(data, score_mask, strict=True) if m])
        got = (prob >= threshold).astype(int) | rules[score_mask]
        print(
            f"{label}, family held apart, {name} ({int(fit_mask.sum())} -> {int(score_mask.sum())} offers, "
            f"{int(y[score_mask].sum())} D):",
            scores(y[score_mask], got),
        )


def export(vec: DictVectorizer, model: LogisticRegression, version: str, threshold: float) -> dict:
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return {
        "version": version,
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
        "weights": dict(sorted(weights.items())),
    }


def contract_truth(row: dict) -> str | None:
    """Our contract label for a France Travail offer: its ``typeContrat`` (MIS = intérim, SAI =
    saisonnier, DIN = CDI intérimaire, LIB = profession libérale), an apprenticeship or a
    professionalisation contract (``natureContrat``, filed as a CDD or CDI) being ALTERNANCE."""
    nature = (row.get("natureContrat") or "").lower()
    if row.get("alternance") or "apprentissage" in nature or "professionnalisation" in nature:
        return "ALTERNANCE"
    return CONTRACTS.get(row.get("typeContrat") or "")


def data_ia_truth(label: str | None) -> str | None:
    """The same for the data/AI offers, which carry France Travail's contract label only ("CDD - 12
    Mois", "Intérim - 6 Mois", "CDI Intérimaire"...): no nature, so an apprenticeship reads as CDD."""
    label = (label or "").lower()
    for prefix, kind in (
        ("cdi", "CDI"),
        ("cdd", "CDD"),
        ("saisonnier", "CDD"),
        ("intérim", "INTERIM"),
        ("mission intérimaire", "INTERIM"),
        ("profession libérale", "FREELANCE"),
    ):
        if label.startswith(prefix):
            return kind
    return None


def contract_figures(rows: list[tuple[str, str, str | None, str, str | None]], label: str) -> None:
    """Per class: how often the contract read from « Contrat : <France Travail's label> » + the
    description (the way offers are imported), from « Contrat : <its code> » (MIS, SAI…) and from the
    description alone matches the truth. ``rows``: (description, title, truth, label, code)."""
    for mode in ("with « Contrat : <label> » line", "with « Contrat : <code> » line", "text alone"):
        per: dict[str, list[int]] = {}
        for text, title, truth, lib, code in rows:
            if truth is None or ("<code>" in mode and not code):
                continue
            head = lib if "<label>" in mode else code
            body = f"Contrat : {head}\n\n{text}" if mode.startswith("with") else text
            got = extract_contract(body, title).type
            if mode == "text alone" and got is None:
                continue  # the text alone often says nothing: scored only where it states one
            cell = per.setdefault(truth, [0, 0])
            cell[0] += got == truth
            cell[1] += 1
        if not per:
            continue
        right = sum(c[0] for c in per.values())
        total = sum(c[1] for c in per.values())
        detail = " ".join(f"{k} {c[0]}/{c[1]}" for k, c in sorted(per.items()))
        print(f"{label}: contract {mode}: {right}/{total} = {right / max(total, 1):.3f} ({detail})")


_NUMBER_WORDS = {1: "un|une", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}


def stated_years(text: str, years: int, *, months: bool = False) -> bool:
    """Whether ``text`` states ``years`` years ("3 ans", "3+ années", "trois ans") anywhere (with
    ``months``: that many months, « 6 mois d'expérience »)."""
    if months:
        return re.search(rf"(?<!\d){years}\s*mois\b", text, re.I) is not None
    word = _NUMBER_WORDS.get(years, "")
    pattern = rf"(?<!\d){years}\s*(?:\+\s*)?(?:ans?|ann[ée]es?)\b"
    if word:
        pattern += rf"|\b(?:{word})\s+(?:ans?|ann[ée]es?)\b"
    return re.search(pattern, text, re.I) is not None


def fact_figures(rows: list[dict], label: str) -> None:
    """Contract, experience years and salary read from the text against the employer's fields."""
    contract_figures(
        [
            (
                r["description"],
                r["intitule"],
                contract_truth(r),
                r.get("typeContratLibelle") or r["typeContrat"],
                r["typeContrat"],
            )
            for r in rows
        ],
        label,
    )
    both = right = stated = stated_right = 0
    for r in rows:
        m = re.match(r"(?:Expérience exigée de )?(\d+) (An|Mois)", r.get("experienceLibelle") or "")
        got = extract_experience(r["description"], model=False).years_min
        if not m or got is None or got == 0:
            continue
        truth = int(m.group(1)) / (12 if m.group(2) == "Mois" else 1)
        both += 1
        right += abs(got - truth) < 1e-6
        # The form's number often appears nowhere in the text ("5 ans minimum" in the text, "1 An" in
        # the form): the reader can only be judged where the text states the form's number.
        if stated_years(r["description"], int(m.group(1)), months=m.group(2) == "Mois"):
            stated += 1
            stated_right += abs(got - truth) < 1e-6
    print(
        f"{label}: experience years where both the text and the field give a number: {right}/{both}"
        f" = {right / max(both, 1):.3f}; where the text states the field's number: {stated_right}/{stated}"
        f" = {stated_right / max(stated, 1):.3f}"
    )
    both = right = 0
    for r in rows:
        lib = (r.get("salaire") or {}).get("libelle")
        if not lib:
            continue
        m = re.search(r"(Annuel|Mensuel|Horaire) de ([\d.]+) Euros", lib)
        s = extract_salary(f"Salaire : {lib}\n\n{r['description']}")
        if not m:
            continue
        both += 1
        right += s.min is not None and abs(s.min - float(m.group(2))) < 0.01
    print(
        f"{label}: salary with the « Salaire : » line on top, minimum equal: {right}/{both} = {right / max(both, 1):.3f}"
    )


def beginner_test(dev: list[dict], test: list[dict], c: float, threshold: float) -> None:
    """The shipped reading (phrases, then the model) on the held-apart test offers: overall, per
    sub-trade, and held out by time as well (the same C and threshold refitted on the dev offers created
    before October 2025, scored on the test offers created from October 2025)."""
    from nlp_models.beginner import load_model

    load_model.cache_clear()
    yt = labels(test)
    pt = np.array([extract_experience(r["description"], r["intitule"]).beginner_ok for r in test], dtype=int)
    print(f"test: {len(test)} offers, {int(yt.sum())} D; beginner_ok (rules + model)", scores(yt, pt))
    print("test: rules (phrases only)", scores(yt, np.array([rule_beginner(r) for r in test], dtype=int)))
    trades = np.array([trade_of(r["intitule"]) for r in test])
    for trade in sorted(set(trades)):
        mask = trades == trade
        print(
            f"test: {trade} ({int(mask.sum())} offers, {int(yt[mask].sum())} D)", scores(yt[mask], pt[mask])
        )
    mask = trades != "software"
    print(f"test: every sub-trade but software ({int(mask.sum())} offers)", scores(yt[mask], pt[mask]))
    past = [r for r in dev if (r.get("dateCreation") or "") < TIME_CUTOFF]
    later = [r for r in test if (r.get("dateCreation") or "") >= TIME_CUTOFF]
    vec, model = fit([features(r["description"], r["intitule"]) for r in past], labels(past), c)
    pred = predict(vec, model, [features(r["description"], r["intitule"]) for r in later]) >= threshold
    rules = np.array([rule_beginner(r) for r in later], dtype=bool)
    yl = labels(later)
    print(
        f"time split: fitted on {len(past)} dev offers created before {TIME_CUTOFF}, scored on {len(later)} test "
        f"offers created from {TIME_CUTOFF} ({int(yl.sum())} D): beginner_ok (rules + model)",
        scores(yl, (pred | rules).astype(int)),
    )


def beginner_model(dev: list[dict]) -> tuple[float, float, bytes]:
    """C and the threshold chosen by cross-validation on ``dev``, and the model fitted on it, as bytes."""
    c, threshold = cross_validate(dev)
    vec, model = fit([features(r["description"], r["intitule"]) for r in dev], labels(dev), c)
    digest = hashlib.sha256(FT_FILE.read_bytes()).hexdigest()[:12]
    payload = export(vec, model, f"ft-m1805-{digest}-dev-groups-signed-C{c}", threshold)
    return c, threshold, (json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode()


def build() -> dict[Path, bytes]:
    """The beginner model's bytes by target path (``scripts/rebuild.py`` writes or checks them); the
    test part is not read."""
    if not FT_FILE.exists():
        raise SystemExit(f"{FT_FILE} not found: this script needs ../shared/data")
    dev = [r for r in load_offers() if r["split"] == "dev"]
    return {MODEL_FILE: beginner_model(dev)[2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also print the held-apart test figures")
    parser.add_argument(
        "--facts-only", action="store_true", help="only print the contract/experience/salary figures"
    )
    args = parser.parse_args()
    if not FT_FILE.exists():
        sys.exit(f"{FT_FILE} not found: this script needs ../shared/data")
    rows = load_offers()
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    ia = load_data_ia()
    if args.facts_only:
        fact_figures(dev, "M1805 dev")
        data_ia_contracts([r for r in ia if r["split"] == "dev"], "data/AI dev")
        if args.test:
            fact_figures(test, "M1805 test")
            data_ia_contracts([r for r in ia if r["split"] == "test"], "data/AI test")
        return
    c, threshold, data = beginner_model(dev)
    MODEL_FILE.write_bytes(data)
    print(f"wrote {MODEL_FILE.relative_to(ROOT)} ({len(data)} bytes)")
    family_apart(dev, c, threshold, "M1805 dev")
    fact_figures(dev, "M1805 dev")
    data_ia_contracts([r for r in ia if r["split"] == "dev"], "data/AI dev")
    if args.test:
        family_apart(test, c, threshold, "M1805 test")
        beginner_test(dev, test, c, threshold)
        fact_figures(test, "M1805 test")
        data_ia_contracts([r for r in ia if r["split"] == "test"], "data/AI test")


if __name__ == "__main__":
    main()
