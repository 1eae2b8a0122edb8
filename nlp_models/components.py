"""spaCy components of the Tremplin pipeline, registered as factories.

- ``tremplin_norms``: the matching form of every token (accent-folded, light plural folding, lookup
  lemma for conjugated verbs) in ``token.norm_``;
- ``tremplin_skills``: a PhraseMatcher on those norms over the taxonomy labels and aliases, longest
  match, context rules for ambiguous aliases; results in ``doc.spans["skills"]`` (label = skill id);
- ``tremplin_skill_context``: negation and requirement level of each skill span, in
  ``doc._.skill_info`` (span (start, end) -> (negated, level)).
Facts are read by plain functions in :mod:`nlp_models.facts` on the text.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .taxonomy import Taxonomy, load_taxonomy
from .text import CaselessPattern, clause_bounds, fold, token_norm
from .wordlists import cased_forms, folded_set

if not Doc.has_extension("skill_info"):
    Doc.set_extension("skill_info", default=None)
if not Doc.has_extension("lang_code"):
    Doc.set_extension("lang_code", default="fr")


class Norms:
    """Installs the matching form as every lexeme's NORM (see :func:`nlp_models.text.token_norm`).

    The form depends on the word alone (its folded spelling and its lookup lemma from
    ``spacy-lookups-data``), so it is computed once per vocabulary entry when the tokenizer first
    meets the word, instead of once per token: calling the component on a doc costs nothing.
    """

    def __init__(self, nlp: Language, name: str, *, lang: str) -> None:
        self.nlp = nlp
        self.name = name
        self.lang = lang
        self.table = None

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        """Load the lookup lemma table and set the NORM getter (and the norms already in the vocab)."""
        from spacy.attrs import NORM

        nlp = nlp or self.nlp
        self.table = lemma_table(self.lang)
        nlp.vocab.lex_attr_getters[NORM] = self.norm
        for lexeme in nlp.vocab:
            lexeme.norm_ = self.norm(lexeme.orth_)

    def lemma(self, lower: str) -> str:
        assert self.table is not None
        value = self.table.get(lower)
        if isinstance(value, list):
            value = value[0] if value else None
        return value or lower

    def norm(self, orth: str) -> str:
        lower = orth.lower()
        return token_norm(lower, self.lemma(lower), self.lang)

    def __call__(self, doc: Doc) -> Doc:
        return doc

    # The lemma table comes from spacy-lookups-data; nothing of our own to save, but loading a saved
    # pipeline must install the NORM getter again.
    def to_disk(self, path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()) -> Norms:
        self.initialize()
        return self


@Language.factory("tremplin_norms", default_config={"lang": "fr"})
def make_norms(nlp: Language, name: str, *, lang: str) -> Norms:
    """The norm installer; call ``initialize()`` before the first document."""
    return Norms(nlp, name, lang=lang)


# ------------------------------------------------------------------------------------------ ambiguity
# Aliases that are also ordinary words or other things. Each needs its original casing (key) and, for
# most, a technical context nearby.
AMBIGUOUS_CASED = cased_forms("ambiguous_cased")
NEEDS_TECH_CONTEXT = folded_set("needs_tech_context")
# Product names that are also common words ("Access", "Sage", "Nexus"): taken only as an item of a list
# that names another skill ("Excel, Access", "Sage ou Cegid").
NEEDS_LIST_CONTEXT = folded_set("needs_list_context")
# Between two items of a list: separators, "et" / "ou", parentheses ("SAS ou R", "Python, R").
_LIST_GAP = re.compile(r"[\s,;/&+|()-]*(?:(?:ou|et|or|and)[\s,;/&+|()-]+)?")
_LIST_GAP_MAX = 8
# Words that are ESCO labels or aliases but, alone, say nothing a recruiter would file as a skill.
GENERIC_FORMS = folded_set("generic_forms")
_TECH_CUES = re.compile(
    r"langages?|programmation|d[ée]velopp|framework|librair|code|coder|scripts?|python|java|sql|stack|"
    r"outils?|technolog|environnement|logiciel|statisti|data|donn[ée]es|api|cloud|devops|\bIT\b|informatique|"
    r"bi\b|dashboards?|tableaux de bord|reporting|power\s?bi|excel|bureautique|ma[îi]trise|connaissance",
    re.I,
)


_LANGUAGE_CUES = re.compile(
    r"langues?|parl[ée]|courant|niveau|ma[îi]tris|bilingue|[ée]crit|oral|toeic|toefl|ielts|\b[abc][12]\b|"
    r"professionnel|technique|natif|native|fluent|speak|spoken|written|notions|lu,|interm[ée]diaire|"
    r"anglophone|francophone",
    re.I,
)


_STOP_WORDS = frozenset(fold(w) for w in FR_STOP_WORDS | EN_STOP_WORDS)


@functools.lru_cache(maxsize=4)
def lemma_table(lang: str):
    """The lookup lemma table of ``spacy-lookups-data`` for ``lang``, loaded once per process."""
    from spacy.lookups import load_lookups

    return load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], tuple]:
    # Both languages: offers mix French and English ("Lead", "Scripting", "avec").
    tables = (lemma_table("fr"), lemma_table("en"))
    words = set(FR_STOP_WORDS) | set(EN_STOP_WORDS)
    for table in tables:
        for value in table.values():
            for lemma in value if isinstance(value, list) else [value]:
                if isinstance(lemma, str):
                    words.add(lemma.lower())
    return frozenset(words), tables


def is_dictionary_word(word: str) -> bool:
    """Whether ``word`` is an ordinary French or English word, per the lookup lemma tables of
    ``spacy-lookups-data`` (their inflected forms and their lemmas) and spaCy's stop words."""
    words, tables = _dictionary()
    return word in words or any(word in table for table in tables)


class SkillMatcher:
    """PhraseMatcher over the taxonomy's folded labels and aliases, with context rules."""

    def __init__(self, nlp: Language, name: str, *, lang: str, scope: str, min_chars: int) -> None:
        self.nlp = nlp
        self.name = name
        self.lang = lang
        self.scope = scope
        self.min_chars = min_chars
        self.matcher: PhraseMatcher | None = None
        self.upper_only: set[str] = set()
        self.area_keys: set[str] = set()
        self.task_objects: dict[str, str] = {}
        self.verb_skills: dict[str, list[tuple[tuple[int, int], str]]] = {}
        self.patterns: list[tuple[str, str]] = []

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        """Build the patterns from the taxonomy (the packaged file unless one is given)."""
        taxonomy = taxonomy or load_taxonomy()
        nlp = nlp or self.nlp
        ids = taxonomy.core_ids if self.scope == "core" else frozenset(taxonomy.skills)
        is_word = is_dictionary_word
        # form -> (owner skill id, original spellings). When one form names several skills, curated
        # skills win, then the smallest id, so the choice is stable across builds.
        owners: dict[str, str] = {}
        spellings: dict[str, set[str]] = {}
        # One-word knowledge areas derived from ROME / ESCO ("réseaux", "sauvegardes"): taken although
        # they are ordinary words, with the guards of _accept (role names, "sous la supervision de"…).
        self.area_keys = {fold(a) for forms in taxonomy.area_forms.values() for a in forms}

        # hand-curated skills first, then the knowledge areas (their words name them), then by id
        def order(s: str) -> tuple:
            return (s not in taxonomy.curated_ids, s not in taxonomy.area_forms, s)

        for sid in sorted(ids, key=order):
            skill = taxonomy.skills[sid]
            curated = {fold(a) for a in taxonomy.curated_aliases.get(sid, ())}
            curated |= {fold(a) for a in taxonomy.area_forms.get(sid, ())}
            if sid.startswith("tremplin:") and sid in taxonomy.curated_ids:
                curated |= {fold(skill.label_fr), fold(skill.label_en)}
            for label in (skill.label_fr, skill.label_en, *skill.aliases):
                if "(" in label:
                    label = re.sub(r"\s*\([^)]*\)$", "", label).strip()
                key = fold(label)
                if not key or (len(key) < self.min_chars and key not in AMBIGUOUS_CASED):
                    continue
                # A single ordinary word ("ponts", "algorithmes", "data") from ESCO's alternative labels
                # names a skill too loosely; only hand-curated aliases may be one such word.
                if key not in curated and (
                    key in GENERIC_FORMS or (" " not in key and is_word(label.lower()))
                ):
                    continue
                owners.setdefault(key, sid)
                if owners[key] == sid:
                    spellings.setdefault(key, set()).add(label)
        # Acronyms written only in capitals ("AVEC", "MDM") must appear in capitals.
        # (only when the lower-case form is a word or very short: "knx" is still KNX).
        self.upper_only = {
            k
            for k, v in spellings.items()
            if all(x.isupper() for x in v) and (len(k) <= 3 or k in _STOP_WORDS)
        }
        # Patterns are tokenised from the original spellings, not the folded keys: the lookup lemma of
        # "données" exists, that of "donnees" does not, and both sides must get the same norms.
        self.patterns = [
            (owners[key], spelling) for key in sorted(owners) for spelling in sorted(spellings[key])
        ]
        self.taxonomy = taxonomy
        self._index_tasks(taxonomy)
        self.role_heads = role_heads(taxonomy)
        self._build_matcher(nlp)

    def _index_tasks(self, taxonomy: Taxonomy) -> None:
        """Task objects of design skills ("maquettes") and, per French verb, the core skills whose label
        starts with it ("Intégrer des éléments graphiques…"), to give "intégrer des maquettes" to the
        task's skill rather than to the design discipline."""
        self.task_objects = {
            fold(form): sid for sid, forms in taxonomy.task_objects.items() for form in forms
        }
        self.verb_skills: dict[str, list[tuple[tuple[int, int], str]]] = {}
        if not self.task_objects:
            return
        romes = {r for sid in set(self.task_objects.values()) for r in taxonomy.skills[sid].rome_codes}
        objects = {re.sub(r"[sx]$", "", key) for key in self.task_objects}
        design_verbs = set()
        for sid in sorted(taxonomy.core_ids):
            skill = taxonomy.skills[sid]
            words = fold(skill.label_fr).replace("'", " ").split()
            if len(words) < 2 or not re.fullmatch(r"[a-z]+(?:er|ir|re)", words[0]):
                continue
            if objects & {re.sub(r"[sx]$", "", w) for w in words[1:]}:
                design_verbs.add(words[0])  # "concevoir la maquette": the design discipline's own task
            elif romes & set(skill.rome_codes):
                # most ROME fiches shared with the design skills first, then the shortest label
                rank = (-len(romes & set(skill.rome_codes)), len(skill.label_fr))
                self.verb_skills.setdefault(words[0], []).append((rank, sid))
        for verb in design_verbs | _GENERIC_VERBS:
            self.verb_skills.pop(verb, None)

    def _build_matcher(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        by_owner: dict[str, list[Doc]] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        docs_iter = nlp.tokenizer.pipe([spelling for _, spelling in self.patterns], batch_size=1000)
        for (sid, _), doc in zip(self.patterns, docs_iter, strict=True):
            norms = tuple(t.norm_ for t in doc)
            variants = [(doc, norms)]
            if len(norms) > 1 and ("de" in norms or "a" in norms):
                variants += [(v, tuple(t.norm_ for t in v)) for v in _article_variants(doc, norms)]
            hyphenated = _hyphen_variant(doc)
            if hyphenated is not None:
                joined = nlp.tokenizer(hyphenated)
                variants.append((joined, tuple(t.norm_ for t in joined)))
            for variant, variant_norms in variants:
                if (sid, variant_norms) in seen:
                    continue
                seen.add((sid, variant_norms))
                by_owner.setdefault(sid, []).append(variant)
        for sid, docs in by_owner.items():
            self.matcher.add(sid, docs)

    def to_disk(self, path, *, exclude=()) -> None:
        """Save the patterns (skill id, spelling) and the taxonomy version they were built from."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        payload = {
            "taxonomy_version": self.taxonomy.version,
            "scope": self.scope,
            "upper_only": sorted(self.upper_only),
            "area_keys": sorted(self.area_keys),
            "patterns": self.patterns,
        }
        (path / "patterns.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> SkillMatcher:
        """Rebuild the matcher from saved patterns; refuses patterns of another taxonomy version."""
        payload = json.loads((Path(path) / "patterns.json").read_text(encoding="utf-8"))
        taxonomy = load_taxonomy()
        if payload["taxonomy_version"] != taxonomy.version:
            raise ValueError(
                f"skill patterns built for taxonomy {payload['taxonomy_version']}, "
                f"packaged taxonomy is {taxonomy.version}: rebuild the pipeline"
            )
        self.taxonomy = taxonomy
        self._index_tasks(taxonomy)
        self.role_heads = role_heads(taxonomy)
        self.upper_only = set(payload["upper_only"])
        self.area_keys = set(payload.get("area_keys", ()))
        self.patterns = [tuple(p) for p in payload["patterns"]]
        self._build_matcher(self.nlp)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        spans = []
        # doc.text is rebuilt from the tokens on every access; the tokenizer keeps the original.
        text = doc.user_data.get("tremplin_text") or doc.text
        in_list_only = []
        qualities_only = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            verdict = self._accept(text, span, self.nlp.vocab.strings[match_id])
            if verdict is True:
                spans.append(span)
            elif verdict == _IN_LIST:
                in_list_only.append(span)
            elif verdict == _IN_QUALITIES:
                qualities_only.append(span)
        # An adjective with no cue of the candidate is still a quality asked as an item of a list of other
        # soft skills: "Excellent relationnel, force de proposition, pédagogue".
        if qualities_only:
            soft = sorted(
                (s.start_char, s.end_char)
                for s in spans
                if self.taxonomy.skills[s.label_].kind == "soft_skill"
            )
            spans.extend(
                s
                for s in qualities_only
                if soft and _next_to_a_skill(text, s, soft) and _list_of_qualities(text, s.start_char, soft)
            )
        # An ambiguous word with no technical cue nearby is still a skill when it is an item of a list
        # next to another skill: "(SAS ou R)", "Excel, Access".
        if in_list_only and spans:
            accepted = sorted((s.start_char, s.end_char) for s in spans)
            spans.extend(s for s in in_list_only if _next_to_a_skill(text, s, accepted))
        if self.task_objects:
            spans = [self._as_task(doc, span) for span in spans]
        if spans:
            spans.extend(self._coordinated(doc, text, spans))
        spans = filter_spans(spans)
        if spans:
            spans = self._asked(text, spans)
        doc.spans["skills"] = spans
        return doc

    def _asked(self, text: str, spans: list[Span]) -> list[Span]:
        """Drop the hard skills that the offer does not ask for (SKILL_SPANS, "not a mention"): those of
        a benefits, recruitment-process or company section and of a sentence describing a unit of the
        organisation ("Le bureau du support … est en charge de …"), and a generic category named with
        its product ("serveurs Linux" asks for Linux). Soft skills have their own rules."""
        regions = not_asked_regions(text)
        out = []
        for i, span in enumerate(spans):
            if self.taxonomy.skills[span.label_].kind == "soft_skill":
                out.append(span)
                continue
            start = span.start_char
            if regions and any(a <= start < b for a, b in regions):
                continue
            if (
                fold(span.text) in GENERIC_CATEGORIES
                and i + 1 < len(spans)
                and not _ESTABLISHED_HEAD_BEFORE.search(text, max(0, start - 20), start)
            ):
                nxt = spans[i + 1]
                if (
                    self.taxonomy.skills[nxt.label_].kind != "soft_skill"
                    and _CATEGORY_GAP.fullmatch(text[span.end_char : nxt.start_char])
                    and not nxt.text.islower()
                    or nxt.text.lower() in _LOWER_PRODUCTS
                    and _CATEGORY_GAP.fullmatch(text[span.end_char : nxt.start_char])
                ):
                    continue
            if (
                fold(span.text) == "programmation"
                and _LANGUAGE_CATEGORY_BEFORE.search(text, max(0, start - 40), start)
                and i + 1 < len(spans)
                and self.taxonomy.skills[spans[i + 1].label_].kind != "soft_skill"
                and _LANGUAGE_LIST_GAP.fullmatch(text[span.end_char : spans[i + 1].start_char])
            ):
                # "un langage de programmation (ex : Python, PHP)": the languages named are asked for, the
                # category is the generic word before them (SKILL_SPANS, category + product)
                continue
            out.append(span)
        return out

    def _coordinated(self, doc: Doc, text: str, spans: list[Span]) -> list[Span]:
        """Skills named by a head left out in a coordination: "tests unitaires et d'intégration",
        "tests (unitaires, fonctionnels)", "réseaux LAN et WAN" give one mention per item (SKILL_SPANS:
        lists give one mention per item), when the head with the item is itself a form of a skill."""
        out: list[Span] = []
        taken = {(s.start_char, s.end_char) for s in spans}
        for span in spans:
            head = span[0]
            if (
                not head.is_alpha
                or len(head.text) < 3
                or (len(span) == 1 and fold(head.text) not in self.area_keys)
            ):
                continue
            pos = span.end_char
            items = 0
            while items < 4:
                m = _COORDINATED_ITEM.match(text, pos)
                if m is None:
                    break
                start, end = m.start("item"), m.end("item")
                found = self._skill_of(f"{head.text} {m.group('item')}")
                if found is None or (start, end) in taken:
                    break
                item = doc.char_span(start, end, label=found, alignment_mode="expand")
                if item is None:
                    break
                out.append(item)
                items += 1
                pos = end
        return out

    def _skill_of(self, phrase: str) -> str | None:
        """The skill whose whole form ``phrase`` is (matched as the matcher matches), or None."""
        assert self.matcher is not None
        doc = self.nlp.tokenizer(phrase)
        whole = [m for m in self.matcher(doc) if m[1] == 0 and m[2] == len(doc)]
        return self.nlp.vocab.strings[whole[0][0]] if whole else None

    def _as_task(self, doc: Doc, span: Span) -> Span:
        """``span`` unchanged, or, when it is the object of a design skill governed by a verb that names
        another task of the same trades ("intégrer des maquettes"), the verb phrase given to that task's
        skill."""
        owner = self.task_objects.get(fold(span.text))
        if owner is None or owner != span.label_:
            return span
        i = span.start - 1
        while i >= 0 and span.start - i <= 3 and doc[i].norm_ in _DETERMINER_NORMS:
            i -= 1
        if i < 0 or doc[i].norm_ not in self.verb_skills:
            return span
        _, sid = min(self.verb_skills[doc[i].norm_])
        return Span(doc, i, span.end, label=sid)

    def _is_method(self, sid: str) -> bool:
        """Whether ``sid`` is a work method (ESCO's ICT project management methodologies and what they
        hold: Agile, Scrum, Kanban): "une équipe Agile" says how the team works, not what it is called."""
        return sid == _METHODS_ESCO or _METHODS_ESCO in self.taxonomy.ancestors(sid, max_depth=3)

    def _accept(self, text: str, span: Span, sid: str) -> bool | str:
        """True to keep the match, False to drop it, ``_IN_LIST`` to keep it only as an item of a list
        of skills."""
        surface = text[span.start_char : span.end_char]
        key = fold(surface)
        if key in self.upper_only and not surface.isupper():
            return False
        chunk_start = max(text.rfind(" ", 0, span.start_char), text.rfind("\n", 0, span.start_char)) + 1
        chunk_end = min(
            i for i in (text.find(" ", span.end_char), text.find("\n", span.end_char), len(text)) if i >= 0
        )
        chunk = text[chunk_start:chunk_end]
        if "://" in chunk or "www." in chunk or "@" in chunk:
            return False  # part of a URL or an e-mail address
        if self.taxonomy.skills[sid].kind == "language":
            window = text[max(0, span.start_char - 50) : span.end_char + 50]
            if not _LANGUAGE_CUES.search(window):
                return False  # "un grand média français" is not a language requirement
        if len(span) == 1 and span[0].is_punct:
            return False
        if key in self.area_keys:
            if not _area_in_context(text, span.start_char, span.end_char):
                return False
            if key in AREA_LIST_ONLY:
                return _IN_LIST  # "systèmes et réseaux" yes, "la qualité globale du système" no
        soft = self.taxonomy.skills[sid].kind == "soft_skill"  # "un technicien rigoureux" asks for rigour
        if soft and not _soft_asked(text, span.start_char, span.end_char, surface):
            return False
        if (
            soft
            and is_quality_adjective(surface)
            and not said_of_candidate(text, span.start_char, span.end_char, self.role_heads)
        ):
            return (
                _IN_QUALITIES  # "une entreprise dynamique", "un environnement calme", "missions ponctuelles"
            )
        if (
            not soft
            and ((key not in self.area_keys and surface.islower()) or key in _ROLE_DOMAINS)
            and _ROLE_RIGHT_BEFORE.search(text[max(0, span.start_char - 40) : span.start_char])
        ):
            # a role or team name: "technicien support utilisateurs", "équipe support technique",
            # "Ingénieur DevOps", "responsable Cloud" (a product stays: "développeur Symfony")
            return False
        if (
            self.taxonomy.skills[sid].kind != "tool"
            and _UNIT_RIGHT_BEFORE.search(text[max(0, span.start_char - 60) : span.start_char])
            and not self._is_method(sid)
        ):
            # the name of a unit of the organisation: "la section réseaux et téléphonie", "au sein d'un
            # service de production informatique", "son pôle Data Science", "la Direction Marketing et
            # Communication" (a product stays: "notre pôle SAP")
            return False
        if (
            not soft
            and (key in self.area_keys or surface.islower() or _TITLED_PHRASE.fullmatch(surface))
            and _in_diploma(text, span.start_char)
        ):
            # "Bac+2 (BTS, DUT) en informatique, réseaux et télécommunications", "BTS Systèmes
            # Numériques": a diploma, not a skill asked for (a product named there, "SQL", stays)
            return False
        if sid in _PRACTICE_SKILLS and _NON_TECHNICAL_OBJECT.match(text, span.end_char):
            return False  # "le déploiement de la stratégie Data", not a deployment of software
        if key == "hp" and re.search(r"\d\s*$", text[max(0, span.start_char - 10) : span.start_char]):
            return False  # "150 HP" of an engine, not the maker
        if key in ("recette", "recettes") and not _ACCEPTANCE_CUES.search(
            text[max(0, span.start_char - 120) : span.end_char + 120]
        ):
            return False  # a cook's or an accountant's "recettes", not acceptance testing
        cased = AMBIGUOUS_CASED.get(key)
        if cased is not None and surface != cased:
            return False
        if key in NEEDS_LIST_CONTEXT:
            return False if surface.islower() else _IN_LIST
        # Single lower-case words that are also tech names ("vue", "node", "shell", "excel" the verb).
        if key in NEEDS_TECH_CONTEXT:
            # French has no verb "excel": "excel (power query)" is the spreadsheet.
            if surface.islower() and key != "scala" and not (key == "excel" and self.lang == "fr"):
                return False
            before = text[max(0, span.start_char - 60) : span.start_char]
            after = text[span.end_char : span.end_char + 60]
            if key == "java" and re.search(r"[îi]le de\s*$|island of\s*$", before, re.I):
                return False
            if key == "go" and (re.search(r"\d\s*$", before) or re.match(r"\s+to\b", after, re.I)):
                return False  # "16 Go de RAM"
            if key in ("c", "r") and (re.match(r"\s*[&'’+°]", after) or re.search(r"[°&]\s*$", before)):
                return False
            if key == "tableau" and re.match(r"\s*(?:de|des|d'|croisé)", after, re.I):
                return False
            if key == "excel" and re.match(r"\s*(?:in|at|as)\b", after) and self.lang == "en":
                return False
            if key == "swift" and re.search(r"virement|bancaire|\bBIC\b|paiement", before + after, re.I):
                return False
            window = before + " " + after
            if not _TECH_CUES.search(window) and not re.search(
                r"[,/]\s*$|^\s*[,/]", before[-3:] + "|" + after[:3]
            ):
                return _IN_LIST
        return True


_IN_LIST = "in_list"
_IN_QUALITIES = "in_qualities"
# Practices named by a noun that also heads a plan or a policy ("déploiement de la stratégie").
_ACCEPTANCE_CUES = re.compile(
    r"applicati|tests?\b|production|fonctionnel|logiciel|d[ée]ploi|d[ée]velopp|informatique|sp[ée]cifications|"
    r"anomalies|livraison|projets?\b|utilisateurs|MOA|AMOA",
    re.I,
)
_PRACTICE_SKILLS = frozenset({"tremplin:deployment", "tremplin:industrialisation-it"})
_NON_TECHNICAL_OBJECT = re.compile(
    r"\s+(?:de|du|des|d['’])\s*(?:la |l['’]|le |les |notre |nos |cette |ces |sa |ses |leur |leurs )?"
    r"(?:strat[ée]gie|politique|d[ée]marche|offre|plan\b|programme|feuille de route|vision|culture|"
    r"gouvernance|nouvelles? (?:organisation|proc[ée]dure)|organisation|process(?:us)?\b|m[ée]thodes?\b)",
    re.I,
)

# Sections and sentences that ask for nothing (SKILL_SPANS: company descriptions, benefits, the
# recruitment process are no mentions). A heading line naming one starts a region that ends at the next
# heading or at a line that turns to the job ("Vous …", "Missions", "Le poste").
_SKIP_HEADING = re.compile(
    r"avantages|ce que nous (?:vous )?(?:offrons|proposons)|nous vous (?:offrons|proposons)|"
    r"^(?:le|notre) process(?:us)?(?: de recrutement)?\s*(?:\(|:|$)|pourquoi (?:nous |les |l['’]|la |le )?rejoindre|processus de recrutement|(?:d[ée]roulement|[ée]tapes?) d[ue] "
    r"(?:recrutement|process)|qui sommes[- ]nous|^l['’]entreprise\b|^pr[ée]sentation de|^[àa] propos|"
    r"^(?:notre|la) (?:soci[ée]t[ée]|entreprise|structure|collectivit[ée])\b|^le groupe\b|"
    r"^r[ée]mun[ée]ration|^conditions (?:de travail|d['’]emploi|salariales)|^package|infos? pratiques|"
    r"^informations compl[ée]mentaires"
)
_PROCESS_HEAD = re.compile(r"process|recrutement|entretiens?\b")
_PROCESS_START = re.compile(r"\s*(?:le|notre|nos|votre) (?:process(?:us)?|[ée]tapes?|entretiens?)\b", re.I)
_PROCESS_LINE = re.compile(r"(?:processus|[ée]tapes?|d[ée]roulement) d[ue] (?:recrutement|process)", re.I)
_NOT_SKIP_HEADING = re.compile(
    r"requis|profil|comp[ée]tences|exig|savoir|qualifications|missions?\b|poste\b|\b(?:toi|vous|candidat)"
)
_JOB_LINE = re.compile(
    r"\s*[-•*]?\s*(?:vous\b|votre (?:mission|r[ôo]le|poste)|vos missions|en tant que|le poste|"
    r"nous recherchons|nous recrutons|missions?\b|profil|rattach[ée]|au sein d|tu\b)"
    r"|^.{0,40}\b(?:profil|vous (?:ma[îi]trisez|avez|[êe]tes|serez)|tu (?:as|es|ma[îi]trises))\b",
    re.I,
)
# A sentence whose subject is a unit of the organisation, saying what it is in charge of.
_ORG_SENTENCE = re.compile(
    r"(?:^|[\n.;]\s*)[-•*]?\s*(?:le|la|l['’]|notre|nos|chaque)\s*(?:bureau|service|direction|d[ée]partement|p[ôo]le|"
    r"section|cellule|division|soci[ée]t[ée]|entreprise|groupe|structure|collectivit[ée]|agence|cabinet|"
    r"[ée]tablissement|DSI|centre)\b[^.\n;]{0,120}?\b(?:est|sont) (?:en charge|charg[ée]e?s?|responsables?)\b"
    r"[^.\n]*",
    re.I,
)


# A sentence whose subject is a unit of the organisation, saying what it does or how big it is ("Ce pôle
# compte 17 personnes et a en responsabilité…", "La Direction des infrastructures met en œuvre…"), and the
# sentences right after it that go on with the unit as "Il" / "Elle" ("Il met en œuvre et administre les
# services…"): the unit's activity, not what the candidate is asked for. The sentence ends at a turn to
# the job ("…, recherche un Développeur PHP", "Le service que tu rejoindras…" is not the unit's alone).
_UNIT_NOUNS = (
    r"p[ôo]le|service|direction|d[ée]partement|bureau|section|cellule|division|DSI|unit[ée]|centre|agence|"
    r"[ée]tablissement|collectivit[ée]|structure|soci[ée]t[ée]|entreprise|groupe"
)
_UNIT_VERBS = (
    r"compte|regroupe|r[ée]unit|est compos[ée]e?|a (?:en|pour) (?:responsabilit[ée]|charge|missions?|r[ôo]le)|"
    r"assure|g[èe]re|administre|met en (?:œ|oe)uvre|pilote|intervient|prend en charge|exploite|accompagne|"
    r"d[ée]ploie|maintient|con[çc]oit|d[ée]veloppe|fournit|propose|couvre"
)
_UNIT_ACTIVITY = re.compile(
    r"(?:^|(?<=[.\n;!?]))[ \t]*[-•*]?[ \t]*(?:ce|cette|le|la|l['’]|notre)\s*(?:" + _UNIT_NOUNS + r")\b"
    r"(?:(?!\b(?:que|qui) (?:tu|vous)\b)[^.\n;]){0,80}?\b(?:" + _UNIT_VERBS + r")\b",
    re.I,
)
_UNIT_PRONOUN = re.compile(r"\s*(?:Il|Elle)\s+(?:" + _UNIT_VERBS + r")\b")
_UNIT_ACTIVITY_END = re.compile(
    r"[.;!?\n]|\s(?:recrute|recherche)\b|\b(?:vous|tu|votre|ton|le poste|ce poste|candidat)\b", re.I
)


def _unit_activity(text: str) -> list[tuple[int, int]]:
    """The sentences saying what a unit of the organisation does (see ``_UNIT_ACTIVITY``)."""
    out = []
    for m in _UNIT_ACTIVITY.finditer(text):
        start, pos = m.start(), m.end()
        while True:
            end = _UNIT_ACTIVITY_END.search(text, pos)
            stop = end.start() if end else len(text)
            if end is None or end.group().strip() not in (".", ";", "!", "?", ""):
                out.append((start, stop))
                break
            nxt = _UNIT_PRONOUN.match(text, end.end())
            if nxt is None:
                out.append((start, stop))
                break
            pos = nxt.end()
    return out


# A line or list item of benefits that no heading announced ("Ticket restaurant 8 € (50 % pris en charge)",
# "De nombreux avantages : restaurant d'entreprise, infrastructures sportives…", "- Une prime de participation
# aux bénéfices en fonction de vos heures travaillées"): meal vouchers, profit sharing, works council, paid
# leave, a company car. Cut at line breaks, "***", " - " and ": " (offers pasted on one line) and at most 200
# characters long, with nothing asked of the candidate in it ("vous maîtrisez", "compétences", "profil"…).
_BENEFIT_CUE = re.compile(
    r"mutuelle (?:d['’]entreprise|prise en charge|familiale|avantageuse|et pr[ée]voyance)|\bRTT\b|"
    r"tickets?[- ]resto|tickets?[- ]restaurants?|titres?[- ]restaurants?|carte (?:ticket|swile|d[ée]jeuner|restaurant)|"
    r"int[ée]ressement|\bCSE\b|\bprimes? (?:de |d['’]|annuelles?|vacances|de fin)|"
    r"ch[èe]ques?[- ](?:vacances|cadeaux?|d[ée]jeuner)|13[èe]?m?e? mois|salle de sport|conciergerie|cr[èe]che|"
    r"restaurant d['’]entreprise|restaurant inter|[ée]pargne salariale|forfait mobilit|\bPEE\b|\bPERCOL?\b|"
    r"participation (?:aux b[ée]n[ée]fices|et int)|abonnement (?:de )?transport|jours? de (?:cong[ée]s|RTT)|"
    r"cong[ée]s pay[ée]s|v[ée]hicule de (?:service|fonction)|voiture de fonction",
    re.I,
)
_BENEFIT_ASKED = re.compile(
    r"\b(?:vous (?:ma[îi]tris|avez|[êe]tes|disposez|poss[ée]dez|connaissez|savez)|tu (?:ma[îi]trises|as|es|connais)|"
    r"comp[ée]tences?|connaissances?|profil|missions?|exig|requis|ma[îi]trise|certifi)",
    re.I,
)
_BENEFIT_SEPARATOR = re.compile(r"\n|\s-\s|:\s|\*\*\*|(?<=[.!?])\s*-\s|(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý•·*])")


def _benefit_items(text: str) -> list[tuple[int, int]]:
    """The lines and items of benefits that no heading announced (see ``_BENEFIT_CUE``)."""
    out = []
    pos = 0
    for sep in [*_BENEFIT_SEPARATOR.finditer(text), None]:
        end = sep.start() if sep else len(text)
        segment = text[pos:end]
        if len(segment) <= 200 and _BENEFIT_CUE.search(segment) and not _BENEFIT_ASKED.search(segment):
            out.append((pos, end))
        pos = sep.end() if sep else end
    return out


# Cheap substring test before the line scan: most offers have none of these headings.
_SKIP_CUES = (
    "avantage", "rémun", "remun", "recrutement", "qui sommes", "entreprise", "soci", "propos", "conditions",
    "package", "pratique", "compl", "groupe", "structure", "collectivit", "offrons", "proposons", "rejoindre",
)  # fmt: skip


_TEAM_MAKEUP = re.compile(
    r"(?<!sein de son )(?<!sein de notre )(?<!sein de l['’])(?<!sein de l['’]\s)\b[ée]quipes?\b"
    r"(?:(?!autonomie|comp[ée]tences|mont[ée]e)[^.;:()\n]){0,50}\((?P<items>[^()\n]{1,120})\)",
    re.I,
)
# A sentence offering benefits ("Bénéficiez de la sécurité et des avantages sociaux d'un salarié").
_BENEFITS_SENTENCE = re.compile(
    r"(?:^|[\n.;!]\s*)[-•*]?\s*(?:vous )?(?:b[ée]n[ée]ficiez|b[ée]n[ée]ficierez|nous (?:vous )?offrons)\b[^.\n]*",
    re.I,
)
# What an organisation specialises in ("une entreprise spécialisée dans l'ingénierie logicielle et les
# infrastructures cloud, un(e) Ingénieur DevOps…", "pôle technique spécialisé sur la partie mobilité et IA
# de leur solution, tu intègres…"): up to the sentence's end, a recruiting verb or a comma that turns to the
# job. Not said of the candidate ("vous êtes spécialisé dans…", "En tant qu'ingénieur spécialisé en Java").
_SPECIALISED = re.compile(r"\bsp[ée]cialis[ée]e?s?\s+(?:dans|sur|en)\b", re.I)
_SPECIALISED_END = re.compile(
    r"[.;!?\n]|(?:,\s*|\s)(?:recrute|recherche)\b|,\s*(?:un|une|un\(e\)|tu|vous|nous|il|elle|votre|ton|"
    r"en tant|pour (?:son|leur|notre)|afin|qui|dont)\b",
    re.I,
)
_SPECIALISED_NOT_AFTER = re.compile(r"\b(?:vous|tu|toi|en tant qu|candidat|profil)\b|[:•]", re.I)
# The organisation's own expertise ("grâce à leur haut niveau de compétences en Software, DevOps, Cloud",
# "reconnu pour son expertise sur la supply chain"), not the candidate's ("vos compétences en Java").
_OWN_EXPERTISE = re.compile(
    r"\b(?:leur|leurs|nos|notre|ses|son)\s+(?:[\w'’-]+\s+){0,3}(?:comp[ée]tences?|expertises?|savoir-faire)"
    r"\s+(?:en|dans|sur)\b[^.;!?\n]*",
    re.I,
)


def _organisation_clauses(text: str, low: str) -> list[tuple[int, int]]:
    """What the organisation specialises in or is expert at: no skill asked of the candidate."""
    out = []
    if "cialis" in low:
        for m in _SPECIALISED.finditer(text):
            begin = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start())) + 1
            if _SPECIALISED_NOT_AFTER.search(text, begin, m.start()):
                continue
            end = _SPECIALISED_END.search(text, m.end())
            out.append((m.start(), end.start() if end else len(text)))
    if "comp" in low or "expertise" in low or "savoir-faire" in low:
        out.extend(m.span() for m in _OWN_EXPERTISE.finditer(text))
    return out


_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")
_COMPANY_CUE = re.compile(
    r"\bfond[ée]e? en\b|\best (?:un|une|le|la|l['’])\s*(?:\w+\s+){0,3}(?:groupe|soci[ée]t[ée]|entreprise|ESN|"
    r"cabinet|leader|acteur|[ée]diteur|sp[ée]cialiste|r[ée]seau|structure|start-?up|PME|filiale|organisme|"
    r"association|collectivit[ée]|agence|[ée]tablissement)\b|chiffre d['’]affaires|"
    r"\b\d[\d\s.,]*\s*(?:collaborateurs|salari[ée]s|employ[ée]s|agences|clients|implantations|sites)\b|"
    r"\bnos (?:clients|collaborateurs|valeurs|ing[ée]nieurs|consultants|experts|[ée]quipes)\b",
    re.I,
)
# What a paragraph about the job or the candidate says (list items too: missions are often bullets).
_CANDIDATE_CUE = re.compile(
    r"\b(?:vous|votre|vos|tu|ton|tes|toi|le poste|ce poste|nous recherchons|recherch|recrut|missions?|profil|"
    r"candidat|h/f|f/h|au sein de (?:notre|l['’]|la|le)|rattach|requis|exig|indispensable|ma[îi]tris|souhait)"
    r"|^\s*[-•*·]",
    re.I | re.M,
)


def _short_heading(line: str) -> bool:
    stripped = line.strip().strip("#*-•:_ ").strip()
    if not stripped or len(stripped) > 60:
        return False
    if line.rstrip().endswith(":") or stripped.isupper():
        return True
    if re.match(r"\s*[-•*·–]", line):
        return False  # a short list item ("- Un entretien technique")
    return len(stripped.split()) <= 5 and not stripped.endswith((".", ";", ","))


def not_asked_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of an offer that ask for no skill: benefits, recruitment process and
    company sections, and sentences describing what a unit of the organisation is in charge of."""
    out = []
    low = text.lower()
    if any(cue in low for cue in _SKIP_CUES):
        skip_from = None
        in_process = False  # a recruitment process: its steps are short lines, not headings
        for m in re.finditer(r"[^\n]+", text):
            line = m.group()
            process = line.rstrip().endswith(":") and _PROCESS_LINE.search(line)
            if process or _short_heading(line):
                head = line.strip().strip("#*-•:_ ").strip().lower()
                if in_process and not line.rstrip().endswith(":") and not _NOT_SKIP_HEADING.search(head):
                    continue
                if skip_from is not None:
                    out.append((skip_from, m.start()))
                    skip_from = None
                in_process = False
                if process or (_SKIP_HEADING.search(head) and not _NOT_SKIP_HEADING.search(head)):
                    skip_from = m.start()
                    in_process = bool(process or _PROCESS_HEAD.search(head))
            elif skip_from is not None and _JOB_LINE.match(line):
                out.append((skip_from, m.start()))
                skip_from = None
                in_process = False
            elif skip_from is not None and _PROCESS_START.match(line):
                in_process = True
        if skip_from is not None:
            out.append((skip_from, len(text)))
    if " charg" in low or "responsable" in low:
        out.extend(m.span() for m in _ORG_SENTENCE.finditer(text))
    out.extend(_unit_activity(text))
    if "bénéfici" in low or "offrons" in low:
        out.extend(m.span() for m in _BENEFITS_SENTENCE.finditer(text))
    if _BENEFIT_CUE.search(text):
        out.extend(_benefit_items(text))
    # The trades a team is made of: "une équipe pluridisciplinaire (PO, UI/UX, QA, back, mobile)".
    if "quipe" in low:
        out.extend(m.span("items") for m in _TEAM_MAKEUP.finditer(text))
    out.extend(_organisation_clauses(text, low))
    # A paragraph of prose about the company ("Fondé en 1969, X est un groupe…", "… compte 900
    # collaborateurs") that says nothing of the job or the candidate.
    for m in _PARAGRAPH.finditer(text):
        if _COMPANY_CUE.search(m.group()) and not _CANDIDATE_CUE.search(m.group()):
            out.append(m.span())
    return out


# A generic category named with its product: only the product is asked for ("serveurs Linux", "machines
# sous Windows"); a technical function keeps both ("virtualisation VMware"). Not "bases de données" or
# "systèmes d'exploitation", knowledge areas of their own (the dev gold marks "bases de données Oracle").
GENERIC_CATEGORIES = folded_set("generic_categories")
# SKILL_SPANS keeps the head of an established skill name: "Administration systèmes Linux" asks for system
# administration and Linux, where "des systèmes Linux" asks for Linux.
_ESTABLISHED_HEAD_BEFORE = re.compile(r"\badministration\s+$", re.I)
_CATEGORY_GAP = re.compile(r"\s*(?:sous|de type|type|\(|:)?\s*")
_LOWER_PRODUCTS = folded_set("lower_products")
# "langage(s) de programmation" followed by the languages it names ("(ex : Python, PHP)", "tels que Java").
_LANGUAGE_CATEGORY_BEFORE = re.compile(r"\blangages?\s+(?:et\s+outils\s+)?de\s+$", re.I)
_LANGUAGE_LIST_GAP = re.compile(
    r"\s*(?:\(\s*(?:(?:ex(?:emple)?\.?|par\s+ex(?:emple)?\.?|notamment|type)\s*:?\s*)?|:|,?\s*(?:tels?\s+que|notamment|comme))?\s*",
    re.I,
)
# Soft skills that are not asked of the candidate (SKILL_SPANS: company values and descriptions are no
# mentions): the company's values ("nos valeurs : rigueur…"), someone else's quality ("développer leur
# autonomie"), a thing's property ("systèmes communicants"), a verb of a task with its object
# ("Organiser et animer les cérémonies", "Organiser les réunions").
_VALUES_CLAUSE = re.compile(
    r"\b(?:nos|les|ses|leurs|des|mêmes) valeurs\b|\bvaleurs\s*(?::|humaines|fortes|d['’]entreprise)|"
    r"\bnotre ADN\b|au fondement de",
    re.I,
)
_OTHERS_BEFORE = re.compile(r"\b(?:leur|leurs)\s+$", re.I)
_THING_BEFORE = re.compile(
    r"\b(?:syst[èe]mes?|objets?|[ée]quipements?|dispositifs?|r[ée]seaux|outils?|capteurs?|b[âa]timents?|"
    r"maisons?|solutions?|logiciels?|machines?|produits?)\s+$",
    re.I,
)
_TASK_OBJECT_AFTER = re.compile(
    r"^(?:\s+et\s+\w+er)?\s+(?:les|la|le|l['’]|des|un|une|nos|vos|ces|l['’]ensemble)\b(?!\s*(?:travail|temps|activit))",
    re.I,
)


# A technical qualifier right after a soft skill's verb phrase makes it a task of the trade, not a quality.
_TECHNICAL_OBJECT_AFTER = re.compile(
    r"\s+(?:informatiques?|techniques?|mat[ée]riels?|logiciels?|r[ée]seaux?|li[ée]e?s?\s+(?:à|au|aux)\b)",
    re.I,
)
_ABILITY_BEFORE = re.compile(
    r"(?:capacit[ée]s?|aptitudes?|facilit[ée]s?)\s+[àa]\s+$|\bsav(?:ez|oir)\s+$", re.I
)


def _soft_asked(text: str, start: int, end: int, surface: str) -> bool:
    """Whether a soft-skill match is a quality asked of the candidate (see the patterns above)."""
    before = text[max(0, start - 30) : start]
    if _OTHERS_BEFORE.search(before) or _THING_BEFORE.search(before):
        return False
    line_start = start < 6 or bool(re.search(r"[\n.;:!?][\s*•·-]*$", text[start - 6 : start]))
    if re.fullmatch(r"\w+er", surface) and line_start and _TASK_OBJECT_AFTER.match(text[end : end + 40]):
        return False  # a mission bullet: "- Organiser les réunions" (not "vous savez vulgariser les…")
    if (
        " " in surface
        and re.match(r"\w+(?:er|ir|re)\b", surface)
        and _TECHNICAL_OBJECT_AFTER.match(text, end)
        and not _ABILITY_BEFORE.search(before)
    ):
        # "résoudre les problèmes informatiques / liés à l'infrastructure": the trade's task (not "capacité
        # à prendre des décisions techniques", a quality asked)
        return False
    clause_start = max(text.rfind(c, 0, start) for c in ".\n;!?") + 1
    return not _VALUES_CLAUSE.search(text[max(clause_start, start - 150) : start])


# A soft skill written as an adjective ("réactif", "ponctuelle", "ouvert d'esprit", "rigoureux") is a quality
# asked only when said of the person sought (SKILL_SPANS: company descriptions and values are no mentions):
# after "vous êtes", "être", "profil", "qualités", "savoir-être", "une personne", a role noun ("un technicien
# rigoureux"), "votre" ("votre sérieux"), or as an item of a list of qualities that opens a line ("- Ponctuel,
# discret"); never of the company, the team, the environment or the post ("entreprise dynamique", "une
# équipe bienveillante", "environnement calme", "missions ponctuelles", "sérieux de l'entreprise").
# Adjective endings of the soft skills' one-word forms; nouns ("rigueur", "curiosité", "engagement") end
# otherwise.
_QUALITY_ADJECTIVE = re.compile(
    r"^[\w-]*(?:eux|euse|(?<=[\w-]{3})if|ive|ant|ante|(?<!m)ent|(?<!m)ente|(?<!t)é|(?<!t)ée|ique|able|ible|el|elle|ome|ace|"
    r"ois|oise|et|ète|ert|erte|[^q]u|[^q]ue|ate|ogue|alme|ard|arde|ateur|atrice)s?(?:\s+(?:d['’]|au|aux)\s*\w+)?$",
    re.I,
)
# What introduces the candidate's qualities, up to the adjective: no article or preposition in between
# (a noun phrase would be what the adjective is said of).
_QUALITY_CUE = re.compile(
    r"(?:\b[êe]tes\b|\bvous\s+(?:soyez|restez|savez\s+rester)|\btu\s+es\b|\b[êe]tre\b|\bsoyez\b|"
    r"\brester\b|\bse\s+montrer\b|\bquelqu['’]un\s+de\b|\b(?:une|la)\s+personne\b|\bprofils?\b|\bqualit[ée]s\b|"
    r"\bsavoir[- ]?[êe]tre\b|\bsoft[- ]?skills?\b|\bcomp[ée]tences\s+(?:comportementales|humaines|relationnelles)\b|"
    r"\baptitudes\b|\bcandidat(?:e|\(e\)|·e)?s?\b|\bvotre\s*$|\bton\s*$|\b[ée]tant\b|"
    r"(?:\b(?:une|la|des|les)\s+|^[\s\-•*·]*)personnes?\b|"
    r"\b(?:esprit|nature|personnalit[ée]|mentalit[ée]|temp[ée]rament|caract[èe]re)\b)",
    re.I,
)
_GAP_NOUN_PHRASE = re.compile(
    r"\b(?:un|une|le|la|les|des|du|au|aux|à|a|dans|sur|pour|avec|par|chez|notre|nos|vos|son|sa|ses|leur|leurs|"
    r"ce|cette|ces|qui|que|dont|où|est|sont|sera|mais|afin|lors|vers)\b|\b[ld]['’]",
    re.I,
)
# After a heading cue and its colon ("Qualités requises : sens du contact, ponctuel"), items of the list may
# hold "de"; an article, a preposition or a verb still starts a noun phrase or a sentence.
_COLON_GAP = re.compile(r"^[^:]{0,30}:(?P<items>[^:]*)$")
_ITEMS_NOUN_PHRASE = re.compile(
    r"\b(?:un|une|le|la|les|au|aux|à|dans|sur|pour|avec|par|chez|notre|nos|son|sa|ses|leur|leurs|ce|cette|ces|"
    r"qui|que|dont|où|est|sont|sera)\b",
    re.I,
)
# A line of qualities: the adjective opens the line (after a bullet) or follows other short items of it.
_QUALITY_LINE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:[-•*·–>▪◦✓]+[ \t]*)?(?:[\w'’()·/.-]+[ \t]*(?:,|et|/)[ \t]*){0,5}"
    r"(?:(?:tr[èe]s|bon(?:ne|\(ne\))?|excellente?|vraie?)[ \t]+)?$",
    re.I,
)
_CLAUSE_END = re.compile(r"[.!?;](?=\s)|\.(?=[A-ZÀ-Ý][a-zà-ÿ])|\n")
_APPOSITION_AFTER = re.compile(r"(?:\(\w{1,5}\)|[·.-]\w{1,5})?[^.;!?\n:]{0,60}?,\s*(?:vous|tu)\b", re.I)
_LIST_LEFT = re.compile(
    r"(?:^|,|\bet|\bou|\btrès|\bplutôt|\w+ment|\bbon(?:ne|\(ne\))?|\bexcellente?|\bvraie?)\s*$", re.I
)
# Right before the adjective, in the clause of a cue: after the last noun phrase, a comma closing that item of
# the list of qualities ("passionné par la technique, rigoureux", "…par le digital, rigoureux et autonomes");
# or the cue's whole complement is "un bon", "un leader" ("vous êtes un leader proactif").
_LIST_ITEM_LEFT = re.compile(r",(?:[^,]*?(?:,|\bet|\bou))?\s*$", re.I)
_ONE_NOUN_GAP = re.compile(r"^\s*une?\s+[\w-]+(?:\(\w{1,5}\))?\s*$", re.I)
_CLAUSE_OPENS_NOUN_PHRASE = re.compile(
    r"\s*[-•*·–]?\s*(?:dans|au|aux|avec|pour|chez|en|sur|à|par|de|du|des|une?|le|la|les|l['’]|notre|nos|leur|son|sa|"
    r"ses|cet|cette|ce|ces|votre|vos)\b",
    re.I,
)
# What may follow the person noun before its qualities: a gender ending, "H/F", one complement ("agent
# d'entretien", "aide à domicile"), other qualities.
_ROLE_GAP_TOKEN = re.compile(
    r"\s*(\(\w{1,5}\)|\((?:h/f|f/h)\)|[·./]\w{1,5}|h/f|f/h|,|et\b|(?:d['’]|de\s|du\s|à\s|en\s)\s*[\w-]+|[\w-]+)",
    re.I,
)


def is_quality_adjective(surface: str) -> bool:
    """Whether a soft skill's matched form is an adjective ("réactive", "ouvert d'esprit"), not a noun."""
    return bool(_QUALITY_ADJECTIVE.match(surface.lower().replace("’", "'")))


def role_heads(taxonomy: Taxonomy) -> frozenset[str]:
    """The folded first words of the ROME appellations written as a masculine / feminine pair ("Technicien /
    Technicienne…", "Vendeur / Vendeuse…", "Aide-soignant / Aide-soignante"): nouns of a person, after which an
    adjective is said of the candidate. "cadre" (also a frame: "cadre de travail") aside."""
    heads = set()
    for app in taxonomy.appellations:
        parts = app.label.split(" / ")
        for part in parts if len(parts) > 1 else ():
            words = part.split()
            if words:
                heads.add(fold(re.sub(r"\(.*$", "", words[0])))
    return frozenset(heads - {"cadre", ""})


def _last_noun_phrase(gap: str) -> int:
    """Where the last article or preposition of ``gap`` starts (0 when there is none)."""
    found = [m.start() for m in _GAP_NOUN_PHRASE.finditer(gap)]
    return found[-1] if found else 0


def _clause_start(text: str, start: int) -> int:
    """Where the clause of ``text[start]`` begins: after a line break or a sentence's end (a dot followed by
    a space or a capitalised word, "écrite.Curieux"; "passionné.e" or "rigoureux.se" end nothing)."""
    window = max(0, start - 300)
    ends = [m.end() for m in _CLAUSE_END.finditer(text, window, start + 2) if m.end() <= start]
    return ends[-1] if ends else window if window else 0


def _list_of_qualities(text: str, start: int, soft: list[tuple[int, int]]) -> bool:
    """Whether the clause up to ``start`` holds only soft skills and separators, no noun phrase of something
    else ("Excellent relationnel, force de proposition, pédagogue", not "une équipe à l'écoute et réactive")."""
    clause_start = _clause_start(text, start)
    before = list(text[clause_start:start])
    for a, b in soft:
        for i in range(max(a, clause_start), min(b, start)):
            before[i - clause_start] = ","
    return not _GAP_NOUN_PHRASE.search("".join(before))


def said_of_candidate(text: str, start: int, end: int, roles: frozenset[str]) -> bool:
    """Whether the adjective at ``text[start:]`` is said of the person sought (see ``_QUALITY_ADJECTIVE``)."""
    clause_start = _clause_start(text, start)
    before = text[max(clause_start, start - 120) : start]
    cues = list(_QUALITY_CUE.finditer(before))
    if cues:
        gap = before[cues[-1].end() :]
        colon = _COLON_GAP.match(gap)
        if (
            not _GAP_NOUN_PHRASE.search(gap)
            or (colon and not _ITEMS_NOUN_PHRASE.search(colon.group("items")))
            or _LIST_ITEM_LEFT.search(gap[_last_noun_phrase(gap) :])
            or _ONE_NOUN_GAP.match(gap)
        ):
            return True  # "vous êtes passionné par la technique, rigoureux", "vous êtes un bon communicant"
    if _QUALITY_LINE_BEFORE.search(text, max(0, start - 80), start):
        return True
    # qualities put before the subject: "Autonome et particulièrement proactif(ve), vous saurez…" (not "Dans un
    # environnement calme, vous…": the clause opens with a preposition or an article)
    if (
        _APPOSITION_AFTER.match(text, end)
        and _LIST_LEFT.search(before)
        and not _CLAUSE_OPENS_NOUN_PHRASE.match(before)
    ):
        return True
    # a role noun, then at most other qualities: "un technicien polyvalent, rigoureux", "vendeur(se) souriant"
    words = list(re.finditer(r"[\w-]+", before))
    for m in reversed(words[-8:]):
        if fold(m.group()) in roles:
            pos, rest = m.end(), before[m.end() :]
            while pos < len(before):
                tok = _ROLE_GAP_TOKEN.match(before, pos)
                if tok is None:
                    break
                word = tok.group(1)
                complement = re.match(r"(?:d['’]|de\s|du\s|à\s|en\s)", word, re.I)
                if complement and pos == m.end():
                    pos = tok.end()  # the role's complement right after it: "agent d'entretien"
                    continue
                if (
                    word[0].isalpha()
                    and word.lower() not in ("et", "h/f", "f/h")
                    and not is_quality_adjective(word)
                ):
                    return False
                pos = tok.end()
            return not before[pos:].strip() or not rest
    return False


# The next item of a coordination whose head was left out: ", fonctionnels", " et d'intégration",
# " (unitaires", " / WAN". Lower-case adjectives or "de"-complements, or acronyms.
_COORDINATED_ITEM = re.compile(
    r"\s*(?:,|/|\(|:|\s(?:et|ou)\s)\s*(?P<item>(?:non[ -])?(?:d['’]|de |des |du |par )?[a-zàâçéèêëîïôûùüÿœ][\w’'-]+|"
    r"[A-Z]{2,6})\b"
)
# Verbs that name no task of their own ("réaliser des maquettes" is the design work itself).
_GENERIC_VERBS = folded_set("generic_verbs")
# Determiners between a verb and its object ("intégrer des maquettes", "vos maquettes"), as NORMs.
_DETERMINER_NORMS = frozenset(
    {"le", "la", "les", "de", "un", "une", "vos", "nos", "ses", "leur", "leurs", "ce", "ces"}
)
# Knowledge areas whose singular is mostly a generic noun: taken only as an item of a list of skills.
AREA_LIST_ONLY = folded_set("area_list_only")

# A knowledge area inside a job title or a team name is not asked for ("technicien systèmes et
# réseaux", "l'équipe sécurité"): a role noun, then only connectives and other domain words.
_DOMAIN_WORDS = (
    r"(?:de|des|du|d'|d’|en|et|&|/|,|-|informatiques?|syst[èe]mes?|r[ée]seaux?|s[ée]curit[ée]|support|"
    r"infrastructures?|t[ée]l[ée]coms?|exploitation|production|cloud|maintenance|helpdesk|proximit[ée]|"
    r"niveau\s*\d|n\d|h/f|f/h)"
)
_ROLE_BEFORE = re.compile(
    r"\b(?:techniciens?|techniciennes?|administrat(?:eur|rice)s?|ing[ée]nieur(?:e)?s?|responsables?|"
    r"gestionnaires?|architectes?|chefs?|cheffes?|experts?|expertes?|consultants?|consultantes?|"
    r"d[ée]veloppeu(?:r|se)s?|analystes?|op[ée]rat(?:eur|rice)s?|p[ôo]le|services?|[ée]quipes?|direction|"
    r"d[ée]partement|cellule|DSI|charg[ée]e?s? de(?: la| l'| l’)?|agents?|assistant(?:e)?s?|admins?|"
    r"sp[ée]cialistes?|alternant(?:e)?s?|stagiaires?)"
    rf"(?:\s*{_DOMAIN_WORDS})*\s*$",
    re.I,
)
# A role or team noun right before a lower-case skill phrase makes it a name ("technicien support
# utilisateurs", "équipe support technique"); a named product stays a mention ("développeur Symfony").
_ROLE_RIGHT_BEFORE = re.compile(
    r"\b(?:techniciens?|techniciennes?|administrat(?:eur|rice)s?|ing[ée]nieur(?:e)?s?|responsables?|"
    r"gestionnaires?|architectes?|experts?|expertes?|consultants?|consultantes?|analystes?|"
    r"op[ée]rat(?:eur|rice)s?|agents?|assistant(?:e)?s?|sp[ée]cialistes?|[ée]quipes?|p[ôo]le|bureau|"
    r"cellule|alternant(?:e)?s?|stagiaires?|d[ée]veloppeu(?:r|se)s?)(?:[.·]\w{1,4}(?:[.·]s)?)?\s+$",
    re.I,
)
# A unit of the organisation named with a determiner, then its name: one word, or two coordinated
# ("la section réseaux et téléphonie", "d'un service de production informatique", "l'équipe MCO"). SKILL_SPANS:
# domain words inside a team name are no mention. Plural "services" are not units ("services Azure"), nor is
# the soft skill "sens du service (client), rigueur".
_UNIT_RIGHT_BEFORE = re.compile(
    r"(?<!\bsens )(?:\b(?:l['’]|la|le|une?|son|sa|notre|leur|votre|du|au|de)\s*|\bd['’]une?\s+)"
    r"(?:[ée]quipe|p[ôo]le|section|cellule|bureau|direction|d[ée]partement|division|service)"
    r"(?:\s+(?:de|du|des|d['’]))?\s+(?:[\w’'-]+(?:\s*,|\s+(?:et|&))\s+)?$",
    re.I,
)
# ESCO « ICT project management methodologies »: the methods under it name how a team works.
_METHODS_ESCO = "http://data.europa.eu/esco/skill/bec4359e-cb92-468f-a997-8fb28e32fba9"
# Domains (not products) that name a role after a role noun whatever their case.
_ROLE_DOMAINS = folded_set("role_domains")
# A diploma named earlier in the same sentence or list item: its fields are no skills asked for (SKILL_SPANS:
# diplomas are not mentions). "licence" only as a degree ("licence pro"), not a software licence.
_DIPLOMA = re.compile(
    r"\b(?:bac\s*\+\s*\d|bac\b|bts|dut|but\b|licence (?:pro|professionnelle|en|informatique|g[ée]n[ée]rale)|"
    r"master|mast[èe]re|dipl[ôo]m[ée]e?s?|titre professionnel|[ée]cole d['’]ing[ée]nieurs?|cursus|"
    r"(?:issue?s? d['’]une|de|d['’]une|votre) formation(?: sup[ée]rieure| technique| initiale| universitaire)?"
    r"(?: de type)? (?:en|dans|de)\b)(?!\w)",
    re.I,
)
# Words of a diploma's name written with capitals ("Systèmes Numériques", "Services Informatiques aux
# Organisations"): two words or more, each capitalised or lower-case, no acronym.
_TITLED_PHRASE = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|[a-zà-ÿ'’-]+))+")
_SEGMENT_END = re.compile(r"[.;!?\n•]|\b(?:vous|avec|et/ou|exp[ée]rience|ma[îi]trise)\b", re.I)


def _in_diploma(text: str, start: int) -> bool:
    """Whether a diploma is named before ``start`` in the same clause: "Bac+2 en réseaux" yes, "Bac+2,
    vous maîtrisez les réseaux" no."""
    before = text[max(0, start - 100) : start]
    ends = [m.end() for m in _SEGMENT_END.finditer(before)]
    segment = before[ends[-1] :] if ends else before
    return bool(_DIPLOMA.search(segment))


# Words that make a knowledge area something else: "sous la supervision de", "sécurité sociale",
# "notre réseau d'agences", "tests psychotechniques".
_AREA_NOT_BEFORE = re.compile(
    r"(?:\bsous (?:la |sa |leur |votre |notre )?|\b(?:grand|vaste|premier|large|propre|national)\s+|"
    r"\ben toute |\bplan de |\bpasser (?:des |un |les )?)$",
    re.I,
)
_AREA_NOT_AFTER = re.compile(
    r"^\s*(?:sociale?s?|sociaux|d[’']agences?|de (?:magasins|boutiques|partenaires|distribution|franchis|"
    r"points de vente|clients|centres|concessions|cabinets|agences|[0-9])|commercial|national|r[ée]gional|"
    r"d[’']entreprises|professionnel|psychotechniques?|de recrutement|au travail|"
    r"des (?:personnes|biens)|alimentaire|incendie|restaurants?|resto|cadeaux?|"
    r"de personnalit[ée]|directeur|d['’]\s*[ée]quipes?|des [ée]quipes|de l['’]\s*[ée]quipe|du personnel)",
    re.I,
)


# A capitalised word right before, inside a sentence (not after a line start, a colon or a list mark).
# or an acronym right before ("SNCF Réseau").
_PROPER_NAME_BEFORE = re.compile(r"(?:[^\s:;,.•*\-–(/]\s+[A-Z][\w&’'-]*|\b[A-Z]{2,}[A-Z0-9&-]*)\s+$")
_RECRUITMENT_TEST = re.compile(
    r"^\s*(?:techniques?|de personnalit[ée]|psychotechniques?|d['’]entr[ée]e)\b", re.I
)


def _area_in_context(text: str, start: int, end: int) -> bool:
    """Whether the knowledge area at ``text[start:end]`` names a competence asked for, not a role, a
    team or another sense of the word."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 80) : start]
    after = text[end : end + 40]
    surface = text[start:end]
    if surface[:1].isupper() and _PROPER_NAME_BEFORE.search(before):
        return False  # part of a name: "SNCF Réseau", "Oracle Cloud Infrastructure"
    if fold(surface) == "veille" and re.match(r"\s+(?:à|a|au|aux)\s", after):
        return False  # "il veille au maintien de…": the verb, not technology watch
    if fold(surface).startswith("test") and _RECRUITMENT_TEST.match(after):
        return False  # "test technique (à distance)" is a step of the recruitment process
    not_before = _AREA_NOT_BEFORE.search(before)
    if not_before and surface[:1].isupper() and not_before.group().lower().startswith("sous"):
        not_before = None  # "sous Android", "sous Linux": a platform, not "sous la supervision de"
    return not (_ROLE_BEFORE.search(before) or not_before or _AREA_NOT_AFTER.match(after))


# Prepositions after which French puts an article or not for the same idea: "visualisation de données",
# "visualisation de la donnée", "gouvernance des données" (NORM folds des/du/d' into "de", la/l' into
# "le", au/aux/à into "a").
_PREPOSITION_NORMS = ("de", "a")


def _article_variants(doc: Doc, norms: tuple[str, ...]) -> list[Doc]:
    """The pattern with an article after "de"/"à" added where it has none and removed where it has one,
    so "de X" also matches "de la X" / "de l'X" and the reverse. One variant per direction. ``norms``
    are the NORMs of ``doc``'s tokens."""
    words = [t.text for t in doc]
    added, removed = [], []
    for i, norm in enumerate(norms[:-1]):
        if norm not in _PREPOSITION_NORMS:
            continue
        if norms[i + 1] == "le":
            removed.append(i + 1)
        elif doc[i].text.lower() in ("de", "à", "a"):  # "du", "des", "au", "aux" already hold one
            added.append(i + 1)
    variants = []
    if added:
        with_article = []
        for i, word in enumerate(words):
            if i in added:
                with_article.append("la")
            with_article.append(word)
        variants.append(Doc(doc.vocab, words=with_article))
    if removed:
        variants.append(Doc(doc.vocab, words=[w for i, w in enumerate(words) if i not in removed]))
    return variants


_NAME_PART = re.compile(r"[A-Za-z][A-Za-z0-9+#.]*")


def _hyphen_variant(doc: Doc) -> str | None:
    """ "GitLab CI" and "PL/SQL" are also written "Gitlab-CI" and "PL-SQL", which the tokenizer keeps as
    one token: the two-part product name joined by a hyphen, or None. Only names of two parts, one of
    them in capitals or holding a digit (not "tests unitaires")."""
    parts = [t.text for t in doc if t.text != "/"]
    if len(parts) != 2 or len(doc) - len(parts) > 1 or not all(_NAME_PART.fullmatch(p) for p in parts):
        return None
    if not any(p.isupper() or any(c.isdigit() for c in p) or p[1:] != p[1:].lower() for p in parts):
        return None
    return "-".join(parts)


# Items of a list between two skills that the taxonomy does not know ("Dbt, Snaplogic, Spark"): names
# starting with a capital, at most two of them.
_LIST_SEP = r"(?:\s*[,;/|]\s*|\s+(?:et|ou|or|and)\s+)"
_LIST_GAP_NAMES = re.compile(rf"{_LIST_SEP}(?:[A-Z][\w.+#-]*(?:\s[A-Z][\w.+#-]*)?{_LIST_SEP}){{0,2}}")
_LIST_GAP_NAMES_MAX = 40


def _next_to_a_skill(text: str, span: Span, accepted: list[tuple[int, int]]) -> bool:
    """Whether ``span`` and an accepted skill are neighbouring items of one list."""
    k = bisect.bisect_left(accepted, (span.start_char, span.end_char))
    for start, end in accepted[max(0, k - 1) : k + 1]:
        if end <= span.start_char:
            gap = text[end : span.start_char]
        elif start >= span.end_char:
            gap = text[span.end_char : start]
        else:
            continue
        if 0 < len(gap) <= _LIST_GAP_MAX and _LIST_GAP.fullmatch(gap.lower()):
            return True
        if len(gap) <= _LIST_GAP_NAMES_MAX and _LIST_GAP_NAMES.fullmatch(gap):
            return True
    return False


@Language.factory(
    "tremplin_skills",
    default_config={"lang": "fr", "scope": "core", "min_chars": 2},
)
def make_skill_matcher(nlp: Language, name: str, *, lang: str, scope: str, min_chars: int) -> SkillMatcher:
    """The skill matcher; patterns are built in ``initialize()`` (or lazily on first call)."""
    return SkillMatcher(nlp, name, lang=lang, scope=scope, min_chars=min_chars)


# ------------------------------------------------------------------------------------- skill context
_NEGATION = re.compile(
    r"(?:pas besoin (?:de|d')|pas n[ée]cessaire|n'est pas (?:n[ée]cessaire|requis|exig[ée]|obligatoire|indispensable)|"
    r"\bni\b|\bsans\b|aucune? (?:connaissance|exp[ée]rience|ma[îi]trise)|non (?:requis|exig[ée]|n[ée]cessaire)|"
    r"pas (?:de|d'|d’)|no need for|not required|no prior|without)",
    re.I,
)
# Cheap substring test before the negation regexes: most skills have no negation cue nearby.
_NEGATION_HINTS = ("pas", "sans", "ni ", "aucun", "non ", "no ", "not", "without", "facultati")
_NEGATION_AFTER = re.compile(
    r"^[^.;\n]{0,40}?(?:n'est pas (?:n[ée]cessaire|requis|exig[ée]|obligatoire|demand[ée])|"
    r"(?:est |sont )?(?:non requis|pas requis|facultatif)|is not required|not needed)",
    re.I,
)
_NICE = CaselessPattern(
    r"un plus|un \+|serai(?:t|ent) (?:un|des) (?:plus|atouts?)|est un atout|sont des atouts|atouts?|appr[ée]ci[ée]e?s?|"
    r"souhait[ée]e?s?|souhaitable|id[ée]alement|bonus|nice to have|would be a plus|is a plus|a plus\b|preferred|"
    r"optionnel|facultati|\bavantage|valoris[ée]e?s?\b|bienvenue?s?|serait appr[ée]ci|"
    r"de pr[ée]f[ée]rence",
)
_REQUIRED = CaselessPattern(
    r"ma[îi]tris|exig[ée]|indispensable|obligatoire|requis|imp[ée]rati|n[ée]cessaire|solides? (?:connaissances|"
    r"comp[ée]tences|exp[ée]rience|bases)|bonne(?:s)? (?:connaissances?|ma[îi]trise)|connaissances? (?:de|en|du|des)|"
    r"exp[ée]rience (?:en|sur|avec|de|d')|vous (?:avez|poss[ée]dez|connaissez|justifiez|disposez)|"
    r"comp[ée]tences? (?:en|sur|techniques)|must|required|expertise|expert|ma[îi]trise|profil recherch|"
    r"savoir[- ]faire|pr[ée]requis|\bskills?\b|you have|proficien|strong|solid",
)
# Heading cues are searched in the lower-cased line, without re.IGNORECASE (several times faster in
# Python's re; these lines are short, so lower() costs nothing).
_HEADING_REQUIRED = re.compile(
    r"profil|comp[ée]tences|requis|pr[ée]requis|qualifications|exigences|savoir|"
    r"vous ma[îi]trisez|requirements|what you bring|must have|hard skills|soft skills|"
    r"qualit[ée]s|you have"
)
_HEADING_REQUIRED_STRONG = re.compile(r"profil|requis|comp[ée]tences|qualifications")
_HEADING_LIST_INTRO = re.compile(r"ma[îi]tris|attendu|exig|requis|indispensable|obligatoire")
_HEADING_NICE = re.compile(r"les plus|atouts?|un plus|bonus|nice to have|appr[ée]ci|souhait")
_HEADING_NEUTRAL = re.compile(
    r"\b(?:missions?|description|avantages|entreprise|qui sommes|about|environnement|"
    r"contexte|responsabilit|r[ôo]le|poste|activit|t[âa]ches|pourquoi|nous rejoindre|"
    r"what you('ll)? do|conditions|informations)"
)


def _heading_kind(line: str) -> str | None:
    """``required`` / ``nice`` / ``neutral`` for a heading line ("Profil recherché :"), else None."""
    raw = line.strip()
    stripped = raw.strip("#*-•:_ ").strip()
    if not stripped or len(stripped) > 80 or raw.endswith((".", ";", ",")):
        return None
    ends_with_colon = raw.endswith(":")
    if not (ends_with_colon or stripped.isupper() or len(stripped.split()) <= 4):
        return None
    low = stripped.lower()
    if _HEADING_NICE.search(low):
        return "nice"
    if _HEADING_REQUIRED.search(low) and _HEADING_REQUIRED_STRONG.search(low):
        return "required"
    if _HEADING_NEUTRAL.search(low):
        return "neutral"
    if _HEADING_REQUIRED.search(low):
        return "required"
    # "Une maîtrise des technologies suivantes est attendue :" introduces a list of requirements.
    if ends_with_colon and _HEADING_LIST_INTRO.search(low):
        return "required"
    return None


def section_levels(text: str) -> list[tuple[int, str]]:
    """(offset, level) for each heading: skills below take that level unless their clause says otherwise."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        kind = _heading_kind(m.group())
        if kind:
            out.append((m.start(), kind))
    return out


def skill_context(
    text: str, spans: Iterable[tuple[int, int]], *, kind: str = "offer"
) -> list[tuple[bool, str]]:
    """For each (start, end) skill span: (negated, level) with level required / nice / unknown."""
    bounds = clause_bounds(text)
    clause_starts = [a for a, _ in bounds]
    sections = section_levels(text) if kind == "offer" else []
    out: list[tuple[bool, str]] = []
    clause_cues: dict[tuple[int, int], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for start, end in spans:
        k = bisect.bisect_right(clause_starts, start) - 1
        if k >= 0 and bounds[k][0] <= start < bounds[k][1]:
            clause = bounds[k]
        else:
            clause = (max(0, start - 80), min(len(text), end + 80))
        before = text[clause[0] : start]
        after = text[end : clause[1]]
        near_before = before[-45:]
        # Negation cues must sit just before the skill ("pas besoin de Java") or right after it
        # ("Java n'est pas requis"); a "ne … pas" further away belongs to another verb.
        low_before, low_after = near_before.lower(), after[:60].lower()
        negated = (
            any(cue in low_before for cue in _NEGATION_HINTS) and bool(_NEGATION.search(near_before))
        ) or (any(cue in low_after for cue in _NEGATION_HINTS) and bool(_NEGATION_AFTER.search(after)))
        if kind != "offer":
            out.append((negated, "unknown"))
            continue
        # The cue must be in the skill's clause and near it: offers without punctuation run whole
        # paragraphs into one "clause".
        if clause not in clause_cues:
            clause_cues[clause] = (
                [m.span() for m in _NICE.finditer(text, clause[0], clause[1])],
                [m.span() for m in _REQUIRED.finditer(text, clause[0], clause[1])],
            )
        nice_cues, required_cues = clause_cues[clause]
        lo, hi = start - 150, end + 100
        if any(a < hi and b > lo for a, b in nice_cues):
            level = "nice"
        elif any(a < hi and b > lo for a, b in required_cues):
            level = "required"
        else:
            level = None
        if level is None:
            level = "unknown"
            section = None
            for offset, sec_kind in sections:
                if offset <= start:
                    section = sec_kind
                else:
                    break
            if section in ("required", "nice"):
                level = section
        out.append((negated, level))
    return out


@Language.factory("tremplin_skill_context", default_config={"kind": "offer"})
def make_skill_context(nlp: Language, name: str, *, kind: str) -> Callable[[Doc], Doc]:
    """Negation and requirement level of every skill span, stored in ``doc._.skill_info``."""

    def annotate(doc: Doc) -> Doc:
        spans = list(doc.spans.get("skills", []))
        text = doc.user_data.get("tremplin_text") or doc.text
        info = skill_context(text, [(s.start_char, s.end_char) for s in spans], kind=kind)
        doc._.skill_info = {(s.start_char, s.end_char): i for s, i in zip(spans, info, strict=True)}
        return doc

    return annotate
