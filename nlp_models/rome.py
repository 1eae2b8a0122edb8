"""The ROME fiche of an offer, by a linear classifier trained on ROME 4.0 appellations and real offers.

The model (``nlp_models/data/rome_model.npz``) is built by ``scripts/build_rome_model.py``. It scores
the 532 *parent* fiches France Travail writes in an offer's ``romeCode`` (an appellation's
``code_rome_parent``: "Administrateur de serveurs" M1843 is published as M1801) from character
n-grams and words of the title, then re-weighs them by how close the description is to each fiche's
own text (definition, compétences, savoirs), so "Serveur" over a text about Linux and VMware is a
server administrator, not a waiter. A second linear model scores the ROME *domain* (first three
characters: M18 computing, G18 restaurants) from the same title features, and the description's words
are read against each domain's pooled fiche texts (cosine and naive Bayes); both add to every fiche of
the domain. When the fiche is left to the officer, the domain is still given if its probability (the
fiche probabilities summed over the domain) passes its own threshold. Within the chosen parent, the nearest appellation by the same
title features gives the finer fiche and the job title. Below a confidence threshold chosen on
held-out data the code is left empty and the best candidates are listed for the officer to pick.

Runtime needs only numpy and scipy; the feature functions below are the ones the build script uses.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from .text import fold

MODEL_FILE: Path = Path(__file__).resolve().parent / "data" / "rome_model.npz"

# Gender markers, contract and seniority words and references carry nothing about the trade.
_NOISE = re.compile(
    r"\((?:[^()]*\b(?:h|f|m|nb|x|cdi|cdd|ref|réf)\b[^()]*)\)|"
    r"\b[hfm]\s*/\s*[hfm](?:\s*/\s*(?:nb|x))?\b|"
    r"\((?:e|s|es|euse|euses|se|ne|trice|rice|ice|le|ive|ere|ère)\)|"
    r"[.·](?:e|se|euse|trice|ne)\b|"
    # The feminine ending written after the masculine: "Conseiller(ère)", "Infirmier(ière)",
    # "Administratif(ve)", "Chef(fe)", "Développeur(-euse)", "Développeur/se", "Expert/e", "Technicien-ne".
    r"(?<=[a-z])(?:\(-?|[/.·-])(?:e|se|euse|euses|trice|rice|ice|ne|ve|iere|ere|eure|fe|le|te)\b\)?|"
    r"\b(?:cdi|cdd|stage|stagiaire|alternance|alternant|alternante|apprenti|apprentie|apprentissage|interim|"
    r"freelance|junior|senior|confirme|confirmee|experimente|experimentee|debutant|debutante)s?\b|"
    r"\bref\b.*$|\d+k?\b|\d+",
)
_STOP = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "en",
        "a",
        "au",
        "aux",
        "un",
        "une",
        "pour",
        "ou",
        "sur",
        "chez",
        "dans",
        "avec",
        "par",
        "the",
        "of",
        "and",
        "in",
        "for",
        "to",
        "at",
        "on",
        "an",
        "h",
        "f",
        "nb",
        "e",
    ]
)
_DESC_STOP = frozenset(
    [
        "les",
        "des",
        "une",
        "pour",
        "dans",
        "avec",
        "vous",
        "nous",
        "sur",
        "par",
        "est",
        "sont",
        "qui",
        "que",
        "aux",
        "son",
        "ses",
        "leur",
        "leurs",
        "votre",
        "vos",
        "nos",
        "notre",
        "cette",
        "ces",
        "plus",
        "tout",
        "tous",
        "toute",
        "toutes",
        "etre",
        "avoir",
        "sera",
        "seront",
        "ainsi",
        "afin",
        "entre",
        "mais",
        "comme",
        "poste",
        "profil",
        "mission",
        "missions",
        "entreprise",
        "equipe",
        "societe",
        "client",
        "clients",
        "travail",
        "candidat",
        "emploi",
        "the",
        "and",
        "for",
        "with",
        "you",
        "our",
        "are",
        "will",
        "your",
        "this",
        "that",
    ]
)
_WORD = re.compile(r"[a-z0-9+#]+")
CHAR_NGRAMS = (3, 5)


# A title's parts after its job: "Serveur - Lille", "Vendeur (Arras)", "Aide-soignant à Lens 62".
_SEGMENTS = re.compile(r"(\s+[-–|/]\s+|\s*[()\[\],]\s*|\s+(?:[àa]|sur|secteur|r[ée]gion)\s+)", re.I)
_EXTRA_NOISE = re.compile(
    r"\burgent\b|\bposte a pourvoir\b|\btemps (?:plein|partiel|complet)\b|\bh\s*/\s*f\s*/\s*x\b|"
    r"\ball genders?\b|\b\d+\s*mois\b|\bi?le[ -]de[ -]france\b|"
    r"\b(?:[0-9]{1,2})(?:e|er|eme)? arrondissement\b"
)


def _strip_places(title: str) -> str:
    """The title without the commune names that end it ("Serveur - Lille", "Vendeur (Arras) H/F",
    "Aide-soignant à Lens"): capitalised, after a dash, a bar, a bracket or "à", from the end back."""
    from .places import resolve_commune  # places needs facts; loaded on first use only

    parts = _SEGMENTS.split(title)  # with the separators, which stay ("Ingénieur(e)")
    for i in range(len(parts) - 1, 1, -2):
        seg = parts[i].strip(" -–|/")
        if not _WORD.findall(_NOISE.sub(" ", _EXTRA_NOISE.sub(" ", fold(seg)))):
            continue  # gender markers, contract words, département numbers: clean_title drops them
        name = re.sub(r"\s*\d{1,3}(?:e|er|eme|ème)?$|^\d{2,3}\s*", "", seg)
        acronym = name.isupper() and len(name) <= 4  # "(EPS)", "(BTP)"
        if len(name) > 2 and name[0].isupper() and not acronym and resolve_commune(name):
            parts[i - 1] = re.sub(r"[^)\]]", "", parts[i - 1]) + " "  # a bracket it closes stays
            parts[i] = " "
            continue
        break
    return "".join(parts)


def clean_title(title: str) -> str:
    """Folded title without gender markers, contract words, places, numbers or punctuation."""
    text = _NOISE.sub(" ", _EXTRA_NOISE.sub(" ", fold(_strip_places(title or ""))))
    return " ".join(_WORD.findall(text))


# Offers write in franglais and abbreviations what ROME spells in French (the same mapping is applied
# to the training labels, so it only merges spellings).
_SPELLINGS = {
    "dev": "developpeur",
    "developer": "developpeur",
    "engineer": "ingenieur",
    "ingenieure": "ingenieur",
}


def title_words(title: str) -> list[str]:
    return [_SPELLINGS.get(w, w) for w in clean_title(title).split() if w not in _STOP and len(w) > 1]


def title_features(title: str) -> list[str]:
    """Words, word pairs and character n-grams (within words) of a title, as feature names."""
    words = title_words(title)
    feats = [f"w:{w}" for w in words]
    feats += [f"p:{w[:5]}" for w in words if len(w) > 5]
    feats += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    lo, hi = CHAR_NGRAMS
    for w in words:
        padded = f" {w} "
        for n in range(lo, hi + 1):
            feats += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return feats


def _fast_fold(text: str) -> str:
    """``fold`` for long texts whose non-ASCII letters other than accents do not matter."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def description_words(text: str) -> list[str]:
    """Content words of a description or a fiche text (folded, 3+ letters, no common words, no
    plural s: "serveurs" and "serveur" are one word)."""
    return [
        w[:-1] if len(w) > 4 and w.endswith("s") else w
        for w in _WORD.findall(_fast_fold(text or ""))
        if len(w) > 2 and not w.isdigit() and w not in _DESC_STOP
    ]


def context_words(title: str, text: str | None) -> list[str]:
    """The description's words other than the title's: the context must add to the title, not
    repeat it ("serveur" over a text about Linux counts the Linux, not the serveur again)."""
    own = set(description_words(title))
    return [w for w in description_words(text or "") if w not in own]


def _gendered_pair(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 3 or a == b


def label_variants(label: str) -> list[str]:
    """The masculine and feminine forms of a ROME label, and the label itself.

    "Agent commercial / Agente commerciale de banque" -> "Agent commercial de banque",
    "Agente commerciale de banque"; "Chef / Cheffe de projet" -> "Chef de projet", "Cheffe de projet".
    """
    label = " ".join(label.split())
    out = [label]
    if " / " in label:
        left, _, right = label.partition(" / ")
        a, b = left.split(), right.split()
        # The feminine form rewrites the last j words of the masculine one (the largest j that pairs).
        j = next(
            (
                k
                for k in range(min(len(a), len(b)), 0, -1)
                if all(_gendered_pair(a[len(a) - k + i], b[i]) for i in range(k))
            ),
            1,
        )
        out += [" ".join(a + b[j:]), " ".join(a[: len(a) - j] + b)]
    seen: set[str] = set()
    return [v for v in out if not (v in seen or seen.add(v))]


# ---------------------------------------------------------------------------------------------
def weigh(feats: list[str], vocab: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted feature ids and their sublinear tf x idf weights, L2-normalised (unknown ones dropped)."""
    counts = Counter(vocab[f] for f in feats if f in vocab)
    if not counts:
        return np.zeros(0, dtype=np.int32), np.zeros(0)
    cols = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    vals = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    vals = (1.0 + np.log(vals)) * idf[cols]
    vals /= math.sqrt(float(vals @ vals)) or 1.0
    order = np.argsort(cols)
    return cols[order], vals[order]


def row_dot(matrix: csr_matrix, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """``vals @ matrix[cols]`` for one sparse row, without scipy's per-call overhead."""
    starts, ends = matrix.indptr[cols], matrix.indptr[cols + 1]
    lens = ends - starts
    total = int(lens.sum())
    if not total:
        return np.zeros(matrix.shape[1])
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(total)
    weights = matrix.data[offsets] * np.repeat(vals, lens)
    return np.bincount(matrix.indices[offsets], weights=weights, minlength=matrix.shape[1])


def vectorise(feature_lists, vocab: dict[str, int], idf: np.ndarray) -> csr_matrix:
    """Rows of sublinear tf x idf, L2-normalised, over ``vocab`` (unknown features are dropped)."""
    indptr, indices, data = [0], [], []
    for feats in feature_lists:
        cols, vals = weigh(feats, vocab, idf)
        indices.append(cols)
        data.append(vals)
        indptr.append(indptr[-1] + len(cols))
    return csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32),
            np.asarray(indptr),
        ),
        shape=(len(indptr) - 1, len(vocab)),
    )


# ---------------------------------------------------------------------------------------------
def write_model(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """A deterministic ``.npz`` (fixed timestamps, sorted members) with ``meta`` as JSON bytes."""
    arrays = dict(arrays)
    arrays["meta"] = np.frombuffer(
        json.dumps(meta, ensure_ascii=False, sort_keys=True).encode(), dtype=np.uint8
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def _strings(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode().split("\n") if blob.size else []


@dataclass(frozen=True)
class TitleInfo:
    """Per title: how its nearest appellations spread over domains (1 - the largest domain's share
    of their similarity; 1 for a title near no appellation), how much of each class's nearest
    appellations the description completes (the share of their other words it holds), the share of
    its features the model knows, and whether a description came with it."""

    ambiguity: np.ndarray
    completion: np.ndarray
    coverage: np.ndarray
    has_text: np.ndarray


@dataclass(frozen=True)
class RomeCandidate:
    code: str
    label: str
    score: float


@dataclass(frozen=True)
class RomeMatch:
    """The classifier's answer. ``code`` is the parent fiche France Travail publishes (None when the
    classifier abstains: then ``candidates`` lists what the officer picks from)."""

    code: str | None
    label: str | None
    fiche_code: str | None
    fiche_label: str | None
    appellation_code: str | None
    appellation: str | None
    confidence: float
    candidates: tuple[RomeCandidate, ...] = ()
    # The domain (first three characters of the code: "M18"): the answer's own when the classifier
    # answers; when it abstains, the most probable domain if its probability (summed over its fiches)
    # reaches the domain threshold, else None.
    domain: str | None = None
    domain_label: str | None = None
    domain_confidence: float = 0.0

    @property
    def score(self) -> float:
        return self.confidence

    @property
    def abstained(self) -> bool:
        return self.code is None


class RomeModel:
    """The trained artefact: title classifier, fiche-text centroids and appellations."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        with np.load(path, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
        self.meta: dict = json.loads(a["meta"].tobytes().decode())
        vocab = _strings(a["title_vocab"])
        self.title_vocab = {f: i for i, f in enumerate(vocab)}
        self.title_idf = a["title_idf"].astype(np.float64)
        # features x classes, so an offer's few features select a few rows.
        self.coef = csr_matrix(
            (a["coef_data"].astype(np.float32), a["coef_indices"], a["coef_indptr"]),
            shape=(len(vocab), len(a["intercept"])),
        )
        self.intercept = a["intercept"].astype(np.float64)
        dvocab = _strings(a["desc_vocab"])
        self.desc_vocab = {w: i for i, w in enumerate(dvocab)}
        self.desc_idf = a["desc_idf"].astype(np.float64)
        self.desc = csr_matrix(
            (a["desc_data"].astype(np.float32), a["desc_indices"], a["desc_indptr"]),
            shape=(len(dvocab), len(a["intercept"])),
        )
        self.classes = _strings(a["classes"])
        # The description's nearness to each ROME domain (first 3 characters: M18 computing, G18
        # restaurants...): the fiche texts of a domain pooled, one L2-normalised column per domain.
        domains = sorted({c[:3] for c in self.classes})
        self.class_domain = np.array([domains.index(c[:3]) for c in self.classes])
        member = csr_matrix(
            (np.ones(len(self.classes)), (np.arange(len(self.classes)), self.class_domain)),
            shape=(len(self.classes), len(domains)),
        )
        pooled = csr_matrix(self.desc @ member)
        norms = np.sqrt(np.asarray(pooled.multiply(pooled).sum(axis=0)).ravel())
        norms[norms == 0] = 1.0
        self.desc_domain = csr_matrix(pooled.multiply(1.0 / norms[None, :]))
        # The domain model: title features x domains (linear SVM) and the description's naive Bayes
        # log-likelihood per domain (description words x domains, stored as the excess over each
        # domain's floor for an unseen word). Older artefacts have neither: both weights are then 0.
        self.domains = domains
        self.domain_labels = (
            dict(zip(domains, _strings(a["domain_labels"]), strict=True)) if "domain_labels" in a else {}
        )
        if "dom_coef_data" in a:
            self.dom_coef = csr_matrix(
                (a["dom_coef_data"].astype(np.float32), a["dom_coef_indices"], a["dom_coef_indptr"]),
                shape=(len(vocab), len(domains)),
            )
            self.dom_intercept = a["dom_intercept"].astype(np.float64)
            self.dom_nb = csr_matrix(
                (a["dom_nb_data"].astype(np.float32), a["dom_nb_indices"], a["dom_nb_indptr"]),
                shape=(len(dvocab), len(domains)),
            )
            self.dom_nb_floor = a["dom_nb_floor"].astype(np.float64)
        else:
            self.dom_coef = csr_matrix((len(vocab), len(domains)), dtype=np.float32)
            self.dom_intercept = np.zeros(len(domains))
            self.dom_nb = csr_matrix((len(dvocab), len(domains)), dtype=np.float32)
            self.dom_nb_floor = np.zeros(len(domains))
        self.class_labels = _strings(a["class_labels"])
        fiche_codes = _strings(a["fiche_codes"])
        fiche_labels = _strings(a["fiche_labels"])
        self.fiche_label = dict(zip(fiche_codes, fiche_labels, strict=True))
        self.app_codes = _strings(a["app_codes"])
        self.app_labels = _strings(a["app_labels"])
        self.app_fiche = [fiche_codes[i] for i in a["app_fiche"]]
        self.app_class = a["app_class"]
        # Appellations x title features, rebuilt from the stored feature ids (tf x idf, L2-normalised).
        idx = a["app_feat_indices"].astype(np.int32)
        apps = csr_matrix(
            (self.title_idf[idx], idx, a["app_feat_indptr"]), shape=(len(self.app_codes), len(vocab))
        )
        apps.sum_duplicates()
        norms = np.sqrt(np.asarray(apps.multiply(apps).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        apps = csr_matrix(apps.multiply(1.0 / norms[:, None]))
        self.app_matrix_t = csr_matrix(apps.T)  # features x appellations
        # Appellations are stored grouped by class: class k owns rows app_start[k]:app_start[k+1].
        self.app_start = np.searchsorted(self.app_class, np.arange(len(self.classes) + 1))
        self.knn_weight = float(self.meta.get("appellation_weight", 0.0))
        self.temperature = float(self.meta["temperature"])
        self.beta = float(self.meta["description_weight"])
        self.domain_weight = float(self.meta.get("domain_weight", 0.0))
        self.threshold = float(self.meta["abstain_below"])
        self.domain_title_weight = float(self.meta.get("domain_title_weight", 0.0))
        self.domain_nb_weight = float(self.meta.get("domain_nb_weight", 0.0))
        self.domain_threshold = float(self.meta.get("domain_abstain_below", 1.01))
        # One scale on the combined scores, chosen for likelihood on the tuning sets (ranking unchanged).
        self.calibration = float(self.meta.get("calibration", 1.0))
        # rome-clf-5: how a title's nearest appellations spread over domains (its ambiguity) moves
        # weight from the domain SVM to the description; the description completing an appellation
        # of the title ("Technicien de maintenance" + "informatique"); an exact appellation; a title
        # whose features the model mostly does not know reads as no title. Older artefacts: all off.
        self.ambiguity_margin = float(self.meta.get("ambiguity_margin", 0.1))
        self.ambiguity_title_discount = float(self.meta.get("ambiguity_title_discount", 0.0))
        self.ambiguity_description_boost = float(self.meta.get("ambiguity_description_boost", 0.0))
        self.completion_weight = float(self.meta.get("completion_weight", 0.0))
        self.exact_weight = float(self.meta.get("exact_weight", 0.0))
        self.min_title_coverage = float(self.meta.get("min_title_coverage", 0.0))
        self.app_domain = self.class_domain[self.app_class]
        self._app_words: list[frozenset[str]] | None = None

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    def _appellation_sims(self, x: csr_matrix) -> np.ndarray:
        return np.asarray((x @ self.app_matrix_t).todense())

    def components(self, titles: list[str], texts: list[str | None] | None = None):
        """The raw signals: linear title score per class and per domain, nearest appellation per
        class, the description's signals (per class and per domain: cosine, naive Bayes) or None,
        and what is known of the title (:class:`TitleInfo`)."""
        return self._components(titles, texts)[:5]

    @property
    def app_words(self) -> list[frozenset[str]]:
        """Each appellation's content words (as :func:`description_words` reads a text)."""
        if self._app_words is None:
            self._app_words = [frozenset(description_words(label)) for label in self.app_labels]
        return self._app_words

    def _naive_bayes(self, words: list[str]) -> np.ndarray:
        """Mean log-likelihood of the description's words (a word seen n times weighs log(1 + n))
        under each domain's word distribution, minus the best domain's."""
        counts = Counter(self.desc_vocab[w] for w in words if w in self.desc_vocab)
        if not counts:
            return np.zeros(len(self.domains))
        cols = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
        vals = np.log1p(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        order = np.argsort(cols)
        scores = self.dom_nb_floor + row_dot(self.dom_nb, cols[order], vals[order]) / vals.sum()
        return scores - scores.max()

    def title_info(
        self, titles: list[str], texts: list[str | None] | None, sims: np.ndarray, margin: float | None = None
    ) -> TitleInfo:
        """What the title's nearest appellations (similarity within ``margin`` of the best) say:
        how they spread over domains, which of them the description completes, and the share of the
        title's features the model knows."""
        margin = self.ambiguity_margin if margin is None else margin
        n = len(titles)
        ambiguity = np.ones(n)
        completion = np.zeros((n, len(self.classes)))
        coverage = np.zeros(n)
        for i, title in enumerate(titles):
            feats = title_features(title)
            if feats:
                coverage[i] = sum(f in self.title_vocab for f in feats) / len(feats)
            s = sims[i]
            best = float(s.max()) if s.size else 0.0
            if best <= 0:
                continue
            near = np.nonzero(s >= best - margin)[0]
            votes = np.bincount(self.app_domain[near], weights=s[near], minlength=len(self.domains))
            ambiguity[i] = 1.0 - votes.max() / votes.sum()
            text = texts[i] if texts is not None else None
            if not text:
                continue
            own, words = set(description_words(title)), set(description_words(text))
            for a in near:
                rest = self.app_words[a] - own
                if rest:
                    k = int(self.app_class[a])
                    completion[i, k] = max(completion[i, k], len(rest & words) / len(rest))
        has_text = np.array([bool(texts is not None and texts[i]) for i in range(n)])
        return TitleInfo(ambiguity, completion, coverage, has_text)

    def _components(self, titles: list[str], texts: list[str | None] | None = None):
        contexts = None
        if texts is not None:
            contexts = [context_words(t, x) for t, x in zip(titles, texts, strict=True)]
        if len(titles) == 1:  # the pipeline's case: one offer at a time, without scipy overhead
            cols, vals = weigh(title_features(titles[0]), self.title_vocab, self.title_idf)
            linear = (row_dot(self.coef, cols, vals) + self.intercept)[None, :]
            dlinear = (row_dot(self.dom_coef, cols, vals) + self.dom_intercept)[None, :]
            sims = row_dot(self.app_matrix_t, cols, vals)[None, :]
            desc = domain = None
            if contexts is not None:
                dcols, dvals = weigh(contexts[0], self.desc_vocab, self.desc_idf)
                desc = row_dot(self.desc, dcols, dvals)[None, :]
                domain = row_dot(self.desc_domain, dcols, dvals)[None, :]
        else:
            x = vectorise([title_features(t) for t in titles], self.title_vocab, self.title_idf)
            linear = np.asarray((x @ self.coef).todense()) + self.intercept
            dlinear = np.asarray((x @ self.dom_coef).todense()) + self.dom_intercept
            sims = self._appellation_sims(x)
            desc = domain = None
            if contexts is not None:
                d = vectorise(contexts, self.desc_vocab, self.desc_idf)
                desc = np.asarray((d @ self.desc).todense())
                domain = np.asarray((d @ self.desc_domain).todense())
        nearest = np.maximum.reduceat(sims, self.app_start[:-1], axis=1)
        if domain is not None:
            nb = np.vstack([self._naive_bayes(words) for words in contexts])
            desc = (desc, domain[:, self.class_domain], nb[:, self.class_domain])
        info = self.title_info(titles, texts, sims)
        return linear, dlinear[:, self.class_domain], nearest, desc, info, sims

    def combine(
        self,
        linear,
        dlinear,
        nearest,
        desc,
        info: TitleInfo,
        temperature=None,
        knn_weight=None,
        beta=None,
        domain_weight=None,
        domain_title_weight=None,
        domain_nb_weight=None,
        calibration=None,
        ambiguity_title_discount=None,
        ambiguity_description_boost=None,
        completion_weight=None,
        exact_weight=None,
        min_title_coverage=None,
    ) -> np.ndarray:
        t = self.temperature if temperature is None else temperature
        g = self.knn_weight if knn_weight is None else knn_weight
        b = self.beta if beta is None else beta
        dw = self.domain_weight if domain_weight is None else domain_weight
        dtw = self.domain_title_weight if domain_title_weight is None else domain_title_weight
        nbw = self.domain_nb_weight if domain_nb_weight is None else domain_nb_weight
        mu = self.ambiguity_title_discount if ambiguity_title_discount is None else ambiguity_title_discount
        lam = (
            self.ambiguity_description_boost
            if ambiguity_description_boost is None
            else ambiguity_description_boost
        )
        cw = self.completion_weight if completion_weight is None else completion_weight
        xw = self.exact_weight if exact_weight is None else exact_weight
        tau = self.min_title_coverage if min_title_coverage is None else min_title_coverage
        # An ambiguous title (its nearest appellations spread over several domains) lends the
        # domain SVM's vote less weight and the description's domain signals more, when there is a
        # description (the ambiguity is between domains: the fiche-level signals keep their weight).
        amb = np.where(info.has_text, info.ambiguity, 0.0)[:, None]
        logits = t * linear + g * nearest + dtw * (1.0 - mu * amb) * dlinear
        exact = nearest >= 0.999  # the title is one of the fiche's appellations
        if xw:
            logits = logits + xw * exact
        # A title with (almost) no known feature says nothing: flat scores, the classifier abstains
        # (a description alone is not read: over a generic text it would answer with confidence). A
        # ROME title is known, even a short one (« Nez »).
        unknown = (info.coverage < max(tau, 1e-9)) & ~exact.any(axis=1)
        if desc is not None:
            fiche_sim, domain_sim, domain_nb = desc
            logits = logits + b * fiche_sim + (1.0 + lam * amb) * (dw * domain_sim + nbw * domain_nb)
            logits = logits + cw * info.completion
        logits = (self.calibration if calibration is None else calibration) * logits
        logits = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        if unknown.any():
            p[unknown] = 1.0 / p.shape[1]
        return p

    def domain_scores(self, p: np.ndarray) -> np.ndarray:
        """Domain probabilities: the class probabilities summed over each domain's fiches."""
        out = np.zeros((p.shape[0], len(self.domains)))
        np.add.at(out.T, self.class_domain, p.T)
        return out

    def class_scores(self, titles: list[str], texts: list[str | None] | None = None) -> np.ndarray:
        """Calibrated class probabilities, one row per title (``texts``: their descriptions)."""
        if len(titles) > 256:
            parts = [
                self.class_scores(titles[i : i + 256], texts[i : i + 256] if texts is not None else None)
                for i in range(0, len(titles), 256)
            ]
            return np.vstack(parts)
        return self.combine(*self.components(titles, texts))

    def predict(self, title: str, text: str | None = None, *, top: int = 3) -> RomeMatch:
        """The parent fiche, the nearest appellation within it (ties: the first listed, the parent's
        principal appellation first), the ``top`` candidates and the domain (given on its own when the
        fiche is abstained on, if the domain is confident enough)."""
        *parts, sims = self._components([title], [text] if text else None)
        p = self.combine(*parts)[0]
        order = np.argsort(-p, kind="stable")[:top]
        candidates = tuple(
            RomeCandidate(self.classes[k], self.class_labels[k], round(float(p[k]), 3)) for k in order
        )
        best = int(order[0])
        conf = float(p[best])
        lo, hi = int(self.app_start[best]), int(self.app_start[best + 1])
        app = lo + int(np.argmax(sims[0, lo:hi]))
        fiche = self.app_fiche[app]
        answer = conf >= self.threshold
        dom_p = self.domain_scores(p[None, :])[0]
        dom = int(self.class_domain[best]) if answer else int(np.argmax(dom_p))
        dom_conf = float(dom_p[dom])
        give_domain = answer or dom_conf >= self.domain_threshold
        return RomeMatch(
            code=self.classes[best] if answer else None,
            label=self.class_labels[best] if answer else None,
            fiche_code=fiche if answer else None,
            fiche_label=self.fiche_label.get(fiche) if answer else None,
            appellation_code=self.app_codes[app] if answer else None,
            appellation=self.app_labels[app] if answer else None,
            confidence=round(conf, 3),
            candidates=candidates,
            domain=self.domains[dom] if give_domain else None,
            domain_label=self.domain_labels.get(self.domains[dom]) if give_domain else None,
            domain_confidence=round(dom_conf, 3),
        )


@functools.lru_cache(maxsize=1)
def load_model() -> RomeModel:
    return RomeModel()


class RomeMatcher:
    """The pipeline's entry point (kept under its historical name): ``match(title, text)``."""

    def __init__(self, taxonomy=None, model: RomeModel | None = None) -> None:
        self.taxonomy = taxonomy
        self.model = model or load_model()
        self._cache: dict[str, RomeMatch] = {}

    def match(self, title: str, text: str | None = None) -> RomeMatch | None:
        """Best parent fiche for an offer titled ``title`` (its description ``text`` as context).

        None only for an empty title; an uninformative one gives a match with ``code`` None."""
        if not title or not title.strip():
            return None
        if text:
            return self.model.predict(title, text)
        if title not in self._cache:
            if len(self._cache) > 20_000:
                self._cache.clear()
            self._cache[title] = self.model.predict(title)
        return self._cache[title]
