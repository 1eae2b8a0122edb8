"""Build ``nlp_models/data/skill_ranker.npz``, the English ESCO skill ranker (run once, output committed).

From the official English ESCO v1.1.1 download in ``../shared/data/esco/en/`` (and the curated
aliases of the committed taxonomy):

- three TF-IDF views of each of the 13,896 skills over folded English lemmas and lemma pairs
  (``nlp_models.ranking.en_terms``): all its labels together (the preferred label counted twice),
  each label alone (preferred and alternative, plus the taxonomy's hand-reviewed aliases of the skill
  from ``nlp_models/data/curation``), and its description;
- per-skill priors: how many ESCO occupations list it (``occupationSkillRelations``), its reuse level,
  whether it is in the digital-skills collection, knowledge or skill, the length of its label; and
  the occupations that list it, for the ranker's occupation-context feature;
- the weights of a logistic model over ``nlp_models.ranking.FEATURES`` that orders each sentence's
  candidates, fitted on the HOUSE *validation* split of Decorte et al. (77 sentences,
  ``../shared/data/benchmarks/skill_extraction/decorte_house_techwolf/``). HOUSE test and TECHWOLF
  test are never read here: they stay the held-out figures of ``python -m nlp_models evaluate``.
  The script prints the 5-fold cross-validated RP@5, RP@10 and MRR of the model on the validation
  split next to the fixed blend it replaces.

Deterministic: same inputs, same bytes (sorted ids and terms, weights in 1/255 steps, a fixed solver).

    .venv/bin/python scripts/build_skill_ranker.py
"""

from __future__ import annotations

import csv
import io
import math
import sys
import uuid
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_models.ranking import FEATURES, RANKER_FILE, EscoSkillRanker, en_terms  # noqa: E402
from nlp_models.taxonomy import load_taxonomy  # noqa: E402
from nlp_models.text import fold  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CLASSIFICATION = SHARED / "esco" / "en" / "ESCO_v1.1.1_classification_en_csv.zip"
RELATIONS = SHARED / "esco" / "en" / "ESCO_v1.1.1_relations_csv.zip"
VALIDATION = (
    SHARED / "benchmarks" / "skill_extraction" / "decorte_house_techwolf" / "house_validation_annotations.csv"
)

# Candidate blend of the three views (labels together, best single label, description): the
# ranking before the learned model, also its fallback baseline in the cross-validation printout.
BLEND = (1.0, 0.5, 0.3)
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
REGULARISATION = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
REUSE = {"occupation-specific": 0.0, "sector-specific": 1 / 3, "cross-sector": 2 / 3, "transversal": 1.0}


def read_csv(archive: Path, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(archive) as z, z.open(name) as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def tfidf(docs: list[list[str]], vocab: dict[str, int]) -> tuple[sp.csr_matrix, np.ndarray]:
    """Term-major (terms x docs) matrix of l2-normalised sublinear TF-IDF rows, and the idf per term."""
    df = np.zeros(len(vocab), dtype=np.float64)
    rows, cols, vals = [], [], []
    for d, terms in enumerate(docs):
        counts = Counter(t for t in terms if t in vocab)
        for term, c in counts.items():
            rows.append(d)
            cols.append(vocab[term])
            vals.append(1.0 + math.log(c))
            df[vocab[term]] += 1
    idf = np.where(df > 0, np.log((1 + len(docs)) / (1 + df)) + 1, 0.0)
    m = sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)), dtype=np.float64)
    m = m.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    m = sp.diags(1 / np.where(norms > 0, norms, 1)) @ m
    out = m.T.tocsr().astype(np.float32)
    out.sort_indices()
    return out, idf.astype(np.float32)


def curated_aliases() -> dict[str, set[str]]:
    """The hand-reviewed aliases of ESCO skills in the shipped taxonomy (``nlp_models/data/curation``:
    "Excel" for *use spreadsheets software*, "Java EE" for *Java*), written for real offers."""
    taxonomy = load_taxonomy()
    return {
        sid: set(aliases)
        for sid, aliases in taxonomy.curated_aliases.items()
        if taxonomy.skills[sid].esco_uri
    }


def build_index() -> dict[str, np.ndarray]:
    skills = sorted(read_csv(CLASSIFICATION, "skills_en.csv"), key=lambda r: r["conceptUri"])
    digital = {r["conceptUri"] for r in read_csv(CLASSIFICATION, "digitalSkillsCollection_en.csv")}
    relations = read_csv(RELATIONS, "occupationSkillRelations.csv")
    occupations = Counter(r["skillUri"] for r in relations)
    occupation_ids = {uri: n for n, uri in enumerate(sorted({r["occupationUri"] for r in relations}))}
    listed_by: dict[str, list[int]] = {}
    for r in relations:
        listed_by.setdefault(r["skillUri"], []).append(occupation_ids[r["occupationUri"]])

    extra = curated_aliases()
    lab_docs, desc_docs, alt_docs, owner = [], [], [], []
    for n, row in enumerate(skills):
        labels = sorted(
            {row["preferredLabel"].strip()}
            | {a.strip() for a in row["altLabels"].split("\n") if a.strip()}
            | extra.get(row["conceptUri"], set())
        )
        terms = [en_terms(label) for label in labels]
        lab_docs.append(en_terms(row["preferredLabel"]) + [t for ts in terms for t in ts])
        for ts in terms:
            alt_docs.append(list(dict.fromkeys(ts)))
            owner.append(n)
        desc_docs.append(en_terms(row["description"]))
    # Every label term, and the description terms seen in two skills at least (rarer ones are noise).
    desc_df = Counter(t for terms in desc_docs for t in set(terms))
    vocab_terms = sorted({t for terms in lab_docs for t in terms} | {t for t, c in desc_df.items() if c >= 2})
    vocab = {t: i for i, t in enumerate(vocab_terms)}
    lab, idf_lab = tfidf(lab_docs, vocab)
    alt, idf_alt = tfidf(alt_docs, vocab)
    desc, idf_desc = tfidf(desc_docs, vocab)

    top = math.log1p(max(occupations.values()))
    prior = np.array(
        [
            [
                math.log1p(occupations[row["conceptUri"]]) / top,
                REUSE.get(row["reuseLevel"], 1 / 3),
                float(row["conceptUri"] in digital),
                float(row["skillType"] == "knowledge"),
                math.log(max(1, len(row["preferredLabel"].split()))),
            ]
            for row in skills
        ],
        dtype=np.float16,
    )
    out: dict[str, np.ndarray] = {
        # ESCO skill URIs as prefix + 16 bytes of UUID; terms as one UTF-8 text, a term a line.
        "id_prefix": np.frombuffer(SKILL_PREFIX.encode(), dtype=np.uint8),
        "ids": np.array([uuid.UUID(r["conceptUri"].removeprefix(SKILL_PREFIX)).bytes for r in skills]).view(
            np.uint8
        ),
        "terms": np.frombuffer("\n".join(vocab_terms).encode(), dtype=np.uint8),
        "idf_lab": idf_lab.astype(np.float16),
        "idf_alt": idf_alt.astype(np.float16),
        "idf_desc": idf_desc.astype(np.float16),
        "alt_owner": np.array(owner, dtype=np.int32),
        "alt_size": np.array([max(1, len(set(ts) & vocab.keys())) for ts in alt_docs], dtype=np.int16),
        "prior": prior,
        "occ_counts": np.array(
            [len(set(listed_by.get(r["conceptUri"], ()))) for r in skills], dtype=np.int16
        ),
        "occupations": np.array(
            [o for r in skills for o in sorted(set(listed_by.get(r["conceptUri"], ())))], dtype=np.int16
        ),
        "blend": np.array(BLEND, dtype=np.float32),
        # Until fitted: the blend alone (labels, best label, description; nothing else).
        "coef": np.array([*BLEND] + [0] * (len(FEATURES) - 3), dtype=np.float32),
        "intercept": np.zeros(1, dtype=np.float32),
    }
    for name, m in (("lab", lab), ("alt", alt), ("desc", desc)):
        # Weights to 1/255 steps (a label's weights are not stored: idf over the label's norm); each term's document numbers as gaps from the previous one (the
        # first from 0): both compress several times better than raw floats and ids.
        if name != "alt":
            out[f"{name}_data"] = np.round(m.data * 255).clip(1, 255).astype(np.uint8)
        gaps = np.diff(m.indices, prepend=0).astype(np.int32)
        gaps[m.indptr[:-1][np.diff(m.indptr) > 0]] = m.indices[m.indptr[:-1][np.diff(m.indptr) > 0]]
        out[f"{name}_gaps"] = gaps
        out[f"{name}_counts"] = np.diff(m.indptr).astype(np.int32)
    return out


def validation_gold(ids: list[str], labels: list[str]) -> dict[str, set[str]]:
    by_label = {fold(label): sid for sid, label in zip(ids, labels, strict=True)}
    gold: dict[str, set[str]] = {}
    with VALIDATION.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            sid = by_label.get(fold(row["label"].strip()))
            gold.setdefault(row["sentence"], set())
            if sid:
                gold[row["sentence"]].add(sid)
    return {s: g for s, g in gold.items() if g}


def scores(order: list[list[str]], gold: list[set[str]]) -> str:
    """RP@5, RP@10 and MRR (first gold skill in the top 10) of ranked ids against gold sets."""
    rp5 = sum(len(set(o[:5]) & g) / min(5, len(g)) for o, g in zip(order, gold, strict=True))
    rp10 = sum(len(set(o[:10]) & g) / min(10, len(g)) for o, g in zip(order, gold, strict=True))
    mrr = sum(
        next((1 / r for r, x in enumerate(o[:10], 1) if x in g), 0.0)
        for o, g in zip(order, gold, strict=True)
    )
    n = len(gold)
    return f"RP@5 {rp5 / n:.3f} RP@10 {rp10 / n:.3f} MRR {mrr / n:.3f}"


def fit_model(ranker: EscoSkillRanker, gold: dict[str, set[str]]) -> tuple[np.ndarray, float]:
    sentences = sorted(gold)
    per = [ranker.features(s) for s in sentences]
    wanted = [gold[s] for s in sentences]
    labels = [np.array([ranker.ids[c] in g for c in cand]) for (cand, _), g in zip(per, wanted, strict=True)]

    def fit(which: list[int], c: float) -> LogisticRegression:
        x = np.vstack([per[i][1] for i in which])
        y = np.concatenate([labels[i] for i in which])
        return LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x, y)

    def order(i: int, score) -> list[str]:
        cand, rows = per[i]
        return [ranker.ids[cand[j]] for j in np.argsort(-score(rows), kind="stable")]

    folds = [list(range(f, len(sentences), 5)) for f in range(5)]
    truth = [wanted[i] for test in folds for i in test]
    blended = [
        order(i, lambda rows: rows[:, :3] @ np.array(BLEND, dtype=np.float32)) for test in folds for i in test
    ]
    print(f"HOUSE validation, 5-fold cross-validation ({len(sentences)} sentences):")
    print(f"  fixed blend          {scores(blended, truth)}")
    # The regularisation is the one choice made on these folds: the best summed RP@5 + RP@10 + MRR.
    best = None
    for c in REGULARISATION:
        learned = []
        for test in folds:
            model = fit([i for i in range(len(sentences)) if i not in test], c)
            learned.extend(order(i, model.decision_function) for i in test)
        line = scores(learned, truth)
        total = sum(float(x) for x in line.split()[1::2])
        print(f"  learned, C={c:<6}    {line}")
        if best is None or total > best[0] + 1e-9:
            best = (total, c)
    c = best[1]
    model = fit(list(range(len(sentences))), c)
    print(
        f"weights (C={c}):", ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, model.coef_[0], strict=True))
    )
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def build() -> dict[Path, bytes]:
    """The ranker's bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    if not CLASSIFICATION.exists():
        raise SystemExit(f"{CLASSIFICATION} not found: the ESCO English download lives in ../shared/data")
    arrays = build_index()
    index = io.BytesIO()
    np.savez_compressed(index, **arrays)
    index.seek(0)
    ranker = EscoSkillRanker(index)
    labels = {r["conceptUri"]: r["preferredLabel"] for r in read_csv(CLASSIFICATION, "skills_en.csv")}
    coef, intercept = fit_model(ranker, validation_gold(ranker.ids, [labels[i] for i in ranker.ids]))
    arrays["coef"] = np.round(coef, 4)
    arrays["intercept"] = np.array([round(intercept, 4)], dtype=np.float32)
    out = io.BytesIO()
    np.savez_compressed(out, **arrays)
    print(f"{RANKER_FILE.relative_to(ROOT)}: {len(ranker.ids)} skills, {len(ranker.vocab)} terms")
    return {RANKER_FILE: out.getvalue()}


def main() -> int:
    for path, data in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
