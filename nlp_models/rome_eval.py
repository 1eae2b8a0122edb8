"""Evaluation of the ROME classifier: ``python -m nlp_models rome-evaluate``.

Splits (none of the "test" ones is used to fit or tune anything; the span gold's held-out offers,
``data/gold/HELD_OUT_IDS.txt``, are left out of every one):
- ``m1805-test``: 30 % of the 1,267 France Travail developer offers (by a hash of their id), never
  used for fitting or tuning; ``m1805-dev`` (20 %) tuned the weights and the threshold (build-time
  figures only: the shipped model was then fitted on the train and dev titles).
- ``gold-test`` / ``gold-dev`` (30 titles, tuned on): 80 data/AI offer titles of ``nlp_models/data/gold/rome_titles.jsonl``,
  labelled by hand with the parent code before the model was run on them.
- ``appellations-heldout``: 10 % of ROME synonym appellations (1,204, every trade; a hash of their
  code) kept out of the evaluation fit, each masculine and feminine form a title. Half of them
  (``appellation_tuning``) tune the four combination weights and the threshold; the other half,
  ``appellations-test``, is only scored, as written by ROME and as ``appellations-test-noisy``: the
  same titles dressed like real offer titles by :func:`noisy_title` (gender markers, contract,
  seniority, a place, upper case). Figures measured at build time and stored in the artefact (the
  shipped model was refitted on every appellation).
- ``esco-test`` / ``esco-tune``: the ESCO occupations tied to a ROME parent by their shared titles
  (:func:`esco_rome_links`), a quarter each by a hash of the URI (:func:`esco_split`); their titles
  that ROME does not list, each with the occupation's ESCO description as the text: every trade, a
  title and a description from a source other than ROME. The evaluation fit learns neither their
  titles nor their text; ``esco-tune`` tunes, ``esco-test`` is only scored (also dressed by
  :func:`noisy_title`, and title only).

Every split is printed with the title->nearest-appellation char TF-IDF baseline and the majority
code of the split, in the same run.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

GOLD_FILE = Path(__file__).resolve().parent / "data" / "gold" / "rome_titles.jsonl"
HELD_OUT_FILE = GOLD_FILE.parent / "HELD_OUT_IDS.txt"
M1805_FILE = "offers/francetravail_M1805_2023-2025_datavizft.jsonl"
DATA_IA_FILE = "offers/francetravail_data_ia_2025-12.jsonl"
ROME_DIR = "rome/v460"
ESCO_OCCUPATIONS_FILE = "esco/fr/v1.1.2_occupations_fr.csv"


def default_shared() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def offer_split(offer_id: str) -> str:
    """test (30 %), dev (20 %) or train (50 %), from a hash of the offer id."""
    bucket = int(hashlib.sha256(str(offer_id).encode()).hexdigest(), 16) % 10
    return "test" if bucket < 3 else ("dev" if bucket < 5 else "train")


def appellation_heldout(code_ogr: str, classification: str) -> bool:
    """10 % of the synonym appellations (a hash of their code) are kept out of the evaluation fit."""
    return classification != "PRINCIPALE" and int(hashlib.sha256(code_ogr.encode()).hexdigest(), 16) % 10 == 0


def appellation_tuning(code_ogr: str) -> bool:
    """Half of the held-out appellations (another digit of the same hash) tune the combination weights
    and the abstention threshold; the other half (``appellations-test``) is only scored."""
    return int(hashlib.sha256(code_ogr.encode()).hexdigest(), 16) // 10 % 2 == 0


def esco_split(uri: str) -> str:
    """An ESCO occupation's split, from a hash of its URI: ``tune`` (25 %), ``test`` (25 %) or ``train``.

    The evaluation fit learns the titles of the ``train`` occupations only; ``tune`` occupations tune the
    combination weights, ``test`` ones are only scored."""
    bucket = int(hashlib.sha256(uri.encode()).hexdigest(), 16) % 4
    return "tune" if bucket == 0 else ("test" if bucket == 1 else "train")


def esco_labels(occupation: dict) -> list[str]:
    """Every title form of an ESCO occupation: preferred, alternative and hidden labels, each
    "masculin/féminin" pair split in its two forms ("ingénieur process/ingénieure process")."""
    from .rome import label_variants

    raw = [occupation.get("preferredLabel") or ""]
    for key in ("altLabels", "hiddenLabels"):
        raw += (occupation.get(key) or "").split("\n")
    out: dict[str, None] = {}
    for label in raw:
        label = " ".join(label.split())
        if not label:
            continue
        if "/" in label and " / " not in label and label.count("/") == 1:
            label = label.replace("/", " / ")
        for v in label_variants(label) if " / " in label else [label]:
            out.setdefault(v, None)
    return list(out)


def esco_rome_links(occupations: Sequence[dict], rome_titles: dict[str, set[str]]) -> list[dict]:
    """ESCO occupations tied to a ROME parent fiche by the titles they share with ROME.

    ``rome_titles`` maps a cleaned ROME title (appellation or fiche label) to its parent codes. Each of
    the occupation's labels that is a ROME title of exactly one parent votes for it; the occupation goes
    to the clear winner (no link on a tie or without a vote). ESCO and ROME have no published mapping
    in ../shared/data, so this one is derived; its other labels are title forms ROME does not list.
    Each link: ``uri``, ``code``, ``split``, ``labels`` (all forms), ``new_labels`` (the forms whose
    cleaned title is no ROME title) and ``description``."""
    from .rome import clean_title

    links = []
    for occ in occupations:
        labels = esco_labels(occ)
        votes: Counter[str] = Counter()
        for label in labels:
            codes = rome_titles.get(clean_title(label))
            if codes and len(codes) == 1:
                votes[next(iter(codes))] += 1
        ranked = votes.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            continue
        seen: set[str] = set()
        new = []
        for label in labels:
            key = clean_title(label)
            if key and key not in rome_titles and key not in seen:
                seen.add(key)
                new.append(label)
        links.append(
            {
                "uri": occ["conceptUri"],
                "code": ranked[0][0],
                "split": esco_split(occ["conceptUri"]),
                "labels": labels,
                "new_labels": new,
                "description": occ.get("description") or "",
            }
        )
    return sorted(links, key=lambda link: link["uri"])


# How real offer titles dress a job title (France Travail and job boards): gender markers, the
# contract, a place, seniority, upper case, a gendered pair written in one word.
_MARKERS = ("", " (H/F)", " H/F", " F/H", " (F/H)", " H/F/X", " (H/F/NB)", " - H/F")
_EXTRAS = (
    "",
    "",
    " - CDI",
    " - CDD 6 mois",
    " en alternance",
    "Alternance - ",
    " - Temps partiel",
    " - Intérim",
    " Senior",
    " Junior",
    " confirmé",
    "URGENT - ",
    " - Poste à pourvoir",
)
_PLACES = (
    "Lille",
    "Lens",
    "Arras",
    "Paris 15e",
    "Lyon",
    "Marseille",
    "Amiens",
    "Saint-Quentin",
    "Nantes",
    "Nice",
)


def noisy_title(title: str, gender_pair: str | None = None) -> str:
    """``title`` written the way real offers write titles, deterministically (a hash of the title
    picks the marker, the extra words, the place and the case): the evaluation's "real offer" noise.
    ``gender_pair``: the appellation's "Masculin / Féminin" form, used for some titles."""
    h = int(hashlib.sha256(title.encode()).hexdigest(), 16)
    base = gender_pair if gender_pair and h % 5 == 0 else title
    extra = _EXTRAS[(h >> 8) % len(_EXTRAS)]
    out = extra + base if extra.endswith(" - ") else base + extra
    out += _MARKERS[(h >> 16) % len(_MARKERS)]
    if (h >> 24) % 3 == 0:
        out += f" - {_PLACES[(h >> 28) % len(_PLACES)]}"
    if (h >> 32) % 8 == 0:
        out = out.upper()
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def held_out_ids() -> frozenset[str]:
    """The span gold's held-out offers (``data/gold/HELD_OUT_IDS.txt``): never trained, tuned or scored
    on here (only ``python -m nlp_models evaluate`` scores them)."""
    if not HELD_OUT_FILE.exists():
        return frozenset()
    lines = HELD_OUT_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def load_m1805(shared: Path) -> list[dict]:
    """The France Travail developer offers, without the held-out ones."""
    rows = []
    held = held_out_ids()
    with open(shared / M1805_FILE, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in held:
                continue
            rows.append(
                {
                    "id": r["id"],
                    "title": r.get("intitule") or "",
                    "text": r.get("description") or "",
                    "code": r["romeCode"],
                    "split": offer_split(r["id"]),
                }
            )
    return rows


def load_gold(shared: Path | None) -> list[dict]:
    """The hand-labelled titles, with their descriptions when ``shared`` holds the source file."""
    texts: dict[str, str] = {}
    held = held_out_ids()
    if shared is not None and (shared / DATA_IA_FILE).exists():
        with open(shared / DATA_IA_FILE, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["offer_id"] not in held:
                    texts[r["offer_id"]] = r.get("description") or ""
    rows = []
    with open(GOLD_FILE, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                if g["id"] in held:
                    continue
                rows.append(
                    {
                        "id": g["id"],
                        "title": g["title"],
                        "text": texts.get(g["id"]),
                        "code": g["rome_code"],
                        "split": g["split"],
                    }
                )
    return rows


def scores(
    gold: Sequence[str],
    ranked: Sequence[Sequence[str]],
    answered: Sequence[bool] | None = None,
    domains: Sequence[str | None] | None = None,
) -> dict:
    """top-1 / top-3 / domain accuracy (an abstention counts as wrong for top-1 and domain).

    ``domains``: the domain given per item, also where the fiche is abstained on (the model's domain
    back-off; None where it abstains on the domain too): ``domain_backoff`` is its accuracy, an
    abstention counted wrong, and ``domain_abstain`` its abstention rate."""
    n = len(gold) or 1
    answered = answered if answered is not None else [True] * len(gold)
    top1 = sum(a and r[:1] == [g] for g, r, a in zip(gold, map(list, ranked), answered, strict=True))
    top3 = sum(g in list(r)[:3] for g, r in zip(gold, ranked, strict=True))
    dom = sum(a and bool(r) and r[0][:3] == g[:3] for g, r, a in zip(gold, ranked, answered, strict=True))
    result = {
        "n": len(gold),
        "top1": round(top1 / n, 3),
        "top3": round(top3 / n, 3),
        "domain": round(dom / n, 3),
        "abstain": round(1 - sum(answered) / n, 3),
        # top-1 over the titles it answers (the officer picks for the others)
        "top1_answered": round(top1 / (sum(answered) or 1), 3),
    }
    if domains is not None:
        given = sum(dm is not None for dm in domains)
        result["domain_backoff"] = round(sum(dm == g[:3] for g, dm in zip(gold, domains, strict=True)) / n, 3)
        result["domain_abstain"] = round(1 - given / n, 3)
    return result


class NearestAppellation:
    """Baseline: the title's nearest ROME appellation by character TF-IDF, and that appellation's parent."""

    def __init__(self, labels: Sequence[str], codes: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .text import fold

        self.fold = fold
        self.vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        self.matrix = self.vec.fit_transform([fold(x) for x in labels])
        self.codes = list(codes)

    def rank(self, titles: Sequence[str]) -> list[list[str]]:
        sims = (self.vec.transform([self.fold(t) for t in titles]) @ self.matrix.T).toarray()
        out = []
        for row in sims:
            ranked: list[str] = []
            for i in row.argsort()[::-1]:
                if self.codes[i] not in ranked:
                    ranked.append(self.codes[i])
                if len(ranked) == 3:
                    break
            out.append(ranked)
        return out


def baseline_from_rome(shared: Path) -> NearestAppellation:
    apps = read_csv(shared / ROME_DIR / "unix_referentiel_appellation_v460_utf8.csv")
    return NearestAppellation(
        [a["libelle_appellation_long"] for a in apps], [a["code_rome_parent"] for a in apps]
    )


def evaluate_split(
    name: str,
    rows: Sequence[dict],
    predict: Callable[[list[dict]], tuple[list[list[str]], list[bool]]],
    baseline: NearestAppellation | None,
    out: Callable[[str], None] = print,
) -> dict:
    gold = [r["code"] for r in rows]
    ranked, answered, domains = predict(list(rows))
    result = {"model": scores(gold, ranked, answered, domains)}
    if baseline is not None:
        result["baseline"] = scores(gold, baseline.rank([r["title"] for r in rows]))
    majority = Counter(gold).most_common(1)[0][0] if gold else ""
    result["majority"] = scores(gold, [[majority]] * len(gold))
    result["majority"]["code"] = majority
    m = result["model"]
    line = (
        f"{name:<22} n={m['n']:<5} top1={m['top1']:.3f} top3={m['top3']:.3f} domain={m['domain']:.3f} "
        f"abstain={m['abstain']:.3f} answered-top1={m['top1_answered']:.3f} "
        f"domain-backoff={m['domain_backoff']:.3f} (abstain {m['domain_abstain']:.3f})"
    )
    if baseline is not None:
        line += f" | baseline top1={result['baseline']['top1']:.3f} domain={result['baseline']['domain']:.3f}"
    line += f" | majority({majority}) top1={result['majority']['top1']:.3f}"
    out(line)
    return result


def model_predictor(model, *, use_text: bool = True):
    """``predict(rows)`` -> the top 3 codes, whether the fiche is answered and the domain given (the
    answer's, or on a fiche abstention the most probable domain above the domain threshold, or None)."""

    def predict(rows: list[dict]) -> tuple[list[list[str]], list[bool], list[str | None]]:
        titles = [r["title"] for r in rows]
        texts = [r.get("text") for r in rows] if use_text else None
        if texts is not None and not any(texts):
            texts = None
        p = model.class_scores(titles, texts)
        order = (-p).argsort(axis=1, kind="stable")[:, :3]
        ranked = [[model.classes[k] for k in row] for row in order]
        answered = [bool(p[i, row[0]] >= model.threshold) for i, row in enumerate(order)]
        pd = model.domain_scores(p)
        best_domain = pd.argmax(axis=1)
        domains = [
            r[0][:3] if a else (model.domains[k] if pd[i, k] >= model.domain_threshold else None)
            for i, (r, a, k) in enumerate(zip(ranked, answered, best_domain, strict=True))
        ]
        return ranked, answered, domains

    return predict


def evaluate_rome(shared: str | Path | None = None, model=None, out: Callable[[str], None] = print) -> dict:
    """Print and return top-1, top-3, domain accuracy and abstention per split, with baselines."""
    from .rome import load_model

    model = model or load_model()
    shared_path = Path(shared) if shared else default_shared()
    have_shared = (shared_path / ROME_DIR).exists()
    baseline = baseline_from_rome(shared_path) if have_shared else None
    results: dict[str, dict] = {}
    out(f"ROME classifier {model.version} (threshold {model.threshold:.3f})")
    gold = load_gold(shared_path if have_shared else None)
    predict = model_predictor(model)
    for split in ("test", "dev"):
        rows = [r for r in gold if r["split"] == split]
        results[f"gold-{split}"] = evaluate_split(f"gold-{split}", rows, predict, baseline, out)
    if have_shared and (shared_path / M1805_FILE).exists():
        offers = load_m1805(shared_path)
        # The shipped model was fitted on the titles of the train and dev offers: only test is unseen.
        rows = [r for r in offers if r["split"] == "test"]
        results["m1805-test"] = evaluate_split("m1805-test", rows, predict, baseline, out)
        title_only = model_predictor(model, use_text=False)
        results["m1805-test-title"] = evaluate_split("m1805-test (title only)", rows, title_only, None, out)
    else:
        out(f"(no {shared_path}: only the committed gold titles are scored, without descriptions)")
    built = model.meta.get("metrics", {})
    for name, m in built.items():
        out(f"[build] {name:<30} " + " ".join(f"{k}={v}" for k, v in m.items()))
    results["build"] = built
    return results
