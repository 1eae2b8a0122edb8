"""French surface forms a recruiter writes, generated from the long labels of ROME 4.0 and ESCO.

ROME savoirs and compétences and ESCO skills are named by long labels ("Logiciels de sauvegarde",
"Administrer un réseau", "Techniques de virtualisation", "Faire preuve de rigueur et de précision");
offers write the short head ("sauvegardes", "réseaux", "virtualisation", "rigueur"). This module
derives those heads, with no hand list of skills:

- :func:`noun_forms` strips a generic head ("techniques de", "logiciels de", "gestion des", "mise en
  place de"…), a leading verb and its article ("administrer un réseau" -> "réseau"), trailing
  qualifiers ("informatique(s)", parentheses), splits coordinations ("sauvegardes et restaurations")
  and nominalises the verb ("administrer un réseau" -> "administration réseau");
- :func:`is_umbrella` is the generality filter: a form that is an umbrella word of SKILL_SPANS
  ("informatique", "outils", "solutions", "logiciels", "applications", "projets") or another word that
  names no competence alone ("équipements", "besoins", "utilisateurs") is never a skill;
- :func:`soft_cores` reads a ROME savoir-être ("Faire preuve de X, de Y", "Etre X", "Avoir X").

Plain Python, used by ``scripts/build_taxonomy.py``; covered by ``tests/nlp_models/test_surface_forms.py``.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.fr.stop_words import STOP_WORDS


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"\s+", " ", text).strip()


# Umbrella words (SKILL_SPANS "Not a mention") and words that name no competence on their own. Folded.
def _words(text: str) -> frozenset[str]:
    """The folded words of a space-separated list."""
    return frozenset(fold(w) for w in text.split())


_FUNCTION_WORDS = frozenset(fold(w) for w in STOP_WORDS)
UMBRELLA = _words(
    "informatique informatiques outil outils solution solutions logiciel logiciels application applications "
    "projet projets équipement équipements matériel matériels ressource ressources besoin besoins "
    "utilisateur utilisateurs client clients service services produit produits "
    "données donnée activité activités travail travaux entreprise entreprises opération opérations "
    "intervention interventions technique techniques technologie technologies méthode méthodes "
    "procédure procédures norme normes règle règles principe principes élément éléments composant "
    "composants environnement environnements fonctionnement niveau niveaux type types document "
    "documents dossier dossiers situation situations moyens cadre domaine domaines secteur usage usages "
    "évolution évolutions amélioration améliorations état suivi mise place action actions tâche tâches "
    "problème problèmes demande demandes information informations objectif objectifs priorité "
    "priorités numérique numériques digital métier métiers public publics personne personnes "
    "nouveau nouvelle nouvelles nouveaux structure structures poste postes site sites installation "
    "installations exploitation production qualité gestion contrôle analyse conception réalisation "
    "formation formations développement conseil parc compétence compétences retour retours texte textes "
    "rapport rapports relation relations image images contenu contenus délai délais coût coûts "
    "fournisseur fournisseurs prestataire prestataires sous-traitant sous-traitants changement "
    "changements imprévu imprévus mesure mesures présentation présentations promotion marketing "
    "animation planning processus dessin dessins essai essais liaison performance performances "
    "indicateur indicateurs évaluation évaluations régulation prévention stratégie stratégies "
    "planification textes vidéo multimédia multimédias support supports affaire affaires bien biens "
    "clientèle espace espaces marché marchés temps équipe équipes étude études recherche recherches vente "
    "ventes machine machines mandataire mandataires directeur directeurs tendance tendances stakeholders "
    "enquête enquêtes risque risques interface interfaces hygiène mobile mobiles publication création "
    "construction classement chargement commande commandes conforme externe externes commerciale continu "
    "urbaine écrit émergentes répartie internet média médias nuage renseignement innovation anomalie intégration rédaction accès conformité ingénierie meilleur mission missions efficace efficacité garantie garanties urgence urgences "
    "meilleure meilleures meilleurs vigueur disponibilité disponibilités"
)
# Heads that frame a knowledge area ("Techniques de virtualisation", "Gestion des sauvegardes"): the
# part after "de" is what a recruiter writes.
GENERIC_HEADS = _words(
    "techniques technique logiciels logiciel outils outil procédures procédure méthodes méthode "
    "normes norme règles règle principes principe gestion mise utilisation déploiement installation "
    "configuration paramétrage administration maintenance suivi pilotage optimisation surveillance "
    "protection analyse sécurité conception modes mode caractéristiques fonctionnement notions "
    "connaissance connaissances solutions solution systèmes système types type équipements "
    "équipement matériel matériels réalisation intégration exploitation politique politiques "
    "stratégie plan plans processus langages langage environnements environnement domaine audit "
    "mesures mesure opérations opération serveurs serveur"
)
# Trailing qualifiers dropped from a head ("réseaux informatiques" -> "réseaux").
QUALIFIERS = _words(
    "informatique informatiques numérique numériques digital digitaux digitales technique techniques"
)
ARTICLES = (
    "les ",
    "le ",
    "la ",
    "l'",
    "des ",
    "du ",
    "de la ",
    "de l'",
    "de ",
    "d'",
    "un ",
    "une ",
    "aux ",
    "au ",
    "à ",
)
# The verb of a compétence as the noun a recruiter writes: regular suffixes, then a few irregular verbs.
_IRREGULAR_NOUNS = {
    "maintenir": "maintenance",
    "diagnostiquer": "diagnostic",
    "tester": "tests",
    "dépanner": "dépannage",
    "paramétrer": "paramétrage",
    "câbler": "câblage",
    "déployer": "déploiement",
    "développer": "développement",
    "accompagner": "accompagnement",
    "gérer": "gestion",
    "concevoir": "conception",
    "surveiller": "surveillance",
    "sauvegarder": "sauvegarde",
    "documenter": "documentation",
    "former": "formation",
    "piloter": "pilotage",
    "assurer": "",
    "réaliser": "",
    "effectuer": "",
    "mettre": "",
    "faire": "",
    "utiliser": "",
    "proposer": "",
    "apporter": "",
    "traiter": "traitement",
    "installer": "installation",
    "animer": "animation",
    "rédiger": "rédaction",
    "planifier": "planification",
    "analyser": "analyse",
    "contrôler": "contrôle",
    "vérifier": "vérification",
}
_VERB_END = re.compile(r"^([a-zàâçéèêëîïôûùüÿœ'-]+(?:er|ir|re))\b(.*)$")


def nominalise(verb: str) -> str:
    """'administrer' -> 'administration', 'virtualiser' -> 'virtualisation'; '' when unknown."""
    verb = verb.lower()
    if verb in _IRREGULAR_NOUNS:
        return _IRREGULAR_NOUNS[verb]
    for suffix, noun in (
        ("iser", "isation"),
        ("ifier", "ification"),
        ("urer", "uration"),
        ("trer", "tration"),
    ):
        if verb.endswith(suffix):
            return verb[: -len(suffix)] + noun
    return ""


# Endings of adjectives and verbs left alone by a split ("préventives", "spécialisés", "conseiller"):
# a one-word form must be a noun.
_NOT_NOUN = re.compile(
    r"(?:er|ir|ive|ives|if|ifs|elle|elles|el|els|ee|ees|ise|isee|isees|ises|ant|ants|ante|antes|iques|ales|"
    r"ables|ibles|eux|euse|euses|ains|aines|exe|exes)$"
)
_NOUN_ENDINGS = re.compile(r"(?:tion|age|ment|ite|ie|ance|ence|ure|eur)$")


# French adverbs in -ment (from an adjective: "simultanément", "individuellement", "couramment");
# the nouns of the trades in -ment ("déploiement", "référencement", "ordonnancement") do not end so.
_ADVERB = re.compile(r"(?:ément|llement|amment|emment|ivement|iquement|ablement|iblement|eusement|alement)$")
_ADVERB_NOUNS = ("élément", "complément", "supplément")


def is_noun_like(word: str) -> bool:
    """A single word that reads as a noun: not a function word, not an elided fragment, not an
    adjective or verb ending."""
    key = fold(word)
    if " " in key or len(key) < 4 or re.match(r"^[dl]'", key) or not key.isascii() and "'" in key:
        return False
    if key in _FUNCTION_WORDS:
        return False
    low = word.lower()
    if _ADVERB.search(word.lower()) and not word.lower().endswith(_ADVERB_NOUNS):
        return False  # "simultanément", "individuellement": adverbs, not the -ment nouns of a trade
    if re.search(r"iques?$", key) or re.search(r"(?<!it)(?:é|és|ée|ées)$", low):
        return False  # "électriques", "intégré", "détaillés": adjectives and participles
    if re.search(r"(?:ire|vre|ites?|ues?|ux)$", low) and not low.endswith(("eaux", "eau")):
        return False  # "lire", "suivre", "écrites", "continue", "territoriaux"
    return bool(_NOUN_ENDINGS.search(re.sub(r"[sx]$", "", key))) or not _NOT_NOUN.search(key)


def is_noun_phrase(form: str) -> bool:
    """A short noun phrase a recruiter writes: a noun head that is no umbrella word, then one or two
    words that are no verbs, e.g. "tableau électrique", "montage vidéo", "réseaux sociaux"."""
    words = form.split()
    if not 2 <= len(words) <= 3 or not is_noun_like(words[0]) or fold(words[0]) in UMBRELLA:
        return False
    if fold(re.sub(r"[sx]$", "", words[0])) in UMBRELLA:
        return False
    rest = [w for w in words[1:] if fold(w) not in ("de", "des", "du")]
    return bool(rest) and all(
        not re.search(r"(?:er|ir)$", fold(w)) and "'" not in w and fold(w) not in UMBRELLA for w in rest
    )


def short_forms(label: str, *, examples: bool = True) -> list[str]:
    """The forms of :func:`noun_forms` a matcher may look for: one-word nouns (knowledge areas such
    as "virtualisation", "sauvegardes"), short noun phrases ("tableau électrique") and nominalised verb
    phrases ("administration réseau"). Trailing acronyms are examples, not the head: "Systèmes de
    stockage SAN/NAS" also gives "stockage". ``examples``: also the items of parenthesised examples
    ("(station, périphériques, ...)"), forms of the skill but too loose to be knowledge areas."""
    verb = label.split()[0].lower() if label.split() else ""
    noun = nominalise(verb) if _VERB_END.match(label.lower()) else ""
    labels = [label]
    bare = re.sub(r"(?:\s+[A-Z0-9][A-Z0-9/+&-]+)+\s*$", "", label).strip()
    if bare and bare != label:
        labels.append(bare)
    out: list[str] = []
    for text in labels:
        for f in noun_forms(text, examples=examples):
            keep = is_noun_like(f) or is_noun_phrase(f) or (" " in f and noun and f.split()[0] == noun)
            if keep and f not in out and fold(f) != fold(label):
                out.append(f)
    return out


def is_umbrella(form: str) -> bool:
    """A form made only of umbrella words, qualifiers and function words names no skill."""
    words = [w for w in re.split(r"[\s'/-]+", fold(form)) if w]
    content = [
        w
        for w in words
        if w not in {"de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "a", "au", "aux"}
    ]
    return not content or all(
        w in UMBRELLA or w in QUALIFIERS or re.sub(r"[sx]$", "", w) in UMBRELLA for w in content
    )


def _strip_article(text: str) -> str:
    low = text.lower()
    for art in sorted(ARTICLES, key=len, reverse=True):
        if low.startswith(art):
            return text[len(art) :].strip()
    return text


def _drop_qualifiers(text: str) -> str:
    words = text.split()
    while len(words) > 1 and fold(words[-1]) in QUALIFIERS:
        words.pop()
    return " ".join(words)


def _split_coordination(text: str) -> list[str]:
    parts = re.split(r"\s*,\s*|\s+et\s+|\s+ou\s+|\s*/\s*", text)
    return [p.strip() for p in parts if p.strip()]


def noun_forms(label: str, *, max_words: int = 3, examples: bool = True) -> list[str]:
    """Short surface forms of a ROME / ESCO label, most specific first, without umbrella forms.

    ``label`` itself is not returned. Forms keep their accents and case as in the label, lower-cased.
    """
    label = label.replace("’", "'")
    text = re.sub(r"\s*\([^)]*\)", "", label).strip().rstrip(".").lower()
    # Parenthesised examples are words recruiters write: "(station, équipement réseau, périphériques, ...)"
    example_forms = [
        part.strip(" .")
        for group in re.findall(r"\(([^)]*)\)", label.lower())
        for part in re.split(r",|;|/| et | ou ", group)
        if examples
    ]
    out: list[str] = []

    def add(form: str) -> None:
        form = _drop_qualifiers(form.strip(" ,;:-"))
        if (
            form
            and fold(form) != fold(label)
            and len(form.split()) <= max_words
            and not is_umbrella(form)
            and len(fold(form)) >= 3
            and form not in out
        ):
            out.append(form)

    def from_phrase(phrase: str, depth: int = 0) -> None:
        phrase = _strip_article(phrase.strip())
        if not phrase or depth > 3:
            return
        words = phrase.split()
        head = fold(words[0])
        # "<generic head> de/des/du/d' X" -> X (and the head kept when it is not generic alone)
        m = re.match(
            r"^(\S+(?:\s+en\s+place)?)\s+(?:de la |de l'|des |du |de |d'|aux |au |à |en )(.+)$", phrase
        )
        if m and (head in GENERIC_HEADS or fold(m.group(1)) in GENERIC_HEADS):
            for part in _split_coordination(m.group(2)):
                from_phrase(part, depth + 1)
            return
        if len(words) == 2 and head in GENERIC_HEADS and fold(words[1]) not in UMBRELLA:
            add(words[1])  # "administration réseau" -> "réseau"
        for part in _split_coordination(phrase) if re.search(r",| et | ou |/", phrase) else [phrase]:
            if part != phrase:
                from_phrase(part, depth + 1)
            else:
                add(part)
                tail = part.split()
                if len(tail) > 1 and fold(tail[0]) in UMBRELLA:
                    add(" ".join(tail[1:]))  # "équipements réseau" -> "réseau"

    m = _VERB_END.match(text)
    if m and nominalise(m.group(1)) != "" or (m and m.group(1) in _IRREGULAR_NOUNS):
        verb, rest = m.group(1), m.group(2).strip()
        noun = nominalise(verb)
        obj = _strip_article(rest)
        obj_main = re.split(r"\s+(?:pour|afin|selon|dans|sur|avec|en cas|sans)\s+", obj)[0]
        obj_head = _drop_qualifiers(obj_main)
        if noun and obj_head and len(obj_head.split()) == 1 and not is_umbrella(obj_head):
            # "administrer un réseau" -> "administration réseau", "administration de réseau" (the
            # matcher's article variants then meet "administration des réseaux")
            add(f"{noun} {obj_head}")
            add(f"{noun} d'{obj_head}" if obj_head[0] in "aeiouyéèêh" else f"{noun} de {obj_head}")
        for part in _split_coordination(obj_main):
            from_phrase(part)
    else:
        from_phrase(text)
    for example in example_forms:
        if example and example != "..." and len(example.split()) <= 2:
            from_phrase(example)
    # "anti-virus" is also written "antivirus"
    out.extend(f.replace("-", "") for f in list(out) if re.fullmatch(r"[a-z]+-[a-z]+", f) and len(f) > 8)
    return out


_SOFT_LEAD = re.compile(
    r"^(?:faire preuve d[e']\s*|[eê]tre\s+|avoir\s+(?:le |la |l'|un |une )?|savoir\s+)", re.I
)


def soft_cores(label: str) -> list[str]:
    """The nouns of a ROME savoir-être: "Faire preuve de curiosité, d'ouverture d'esprit" ->
    ["curiosité", "ouverture d'esprit"]; "Avoir l'esprit d'équipe" -> ["esprit d'équipe"]."""
    out = []
    for clause in re.split(r",\s*(?=faire|[eê]tre|avoir)", label, flags=re.I):
        m = _SOFT_LEAD.match(clause.strip())
        if not m:
            continue
        rest = clause.strip()[m.end() :]
        for part in re.split(r",\s*|\s+et\s+", rest):
            part = re.sub(r"^(?:de |d'|du |de la |des )", "", part.strip(), flags=re.I).strip().lower()
            if part and not is_umbrella(part):
                out.append(part)
    return out


def display_label(label: str) -> str:
    """A label as the product shows it: parenthesised qualifiers dropped, a savoir-être's lead verb
    dropped ("Faire preuve de loyauté" -> "Loyauté"), first letter upper-case."""
    text = re.sub(r"\s*\([^)]*\)$", "", label.strip()) or label.strip()
    m = re.match(r"^(?:faire preuve (?:de |d['’]\s*)|avoir (?:un |une |le |la |l['’]\s*))", text, re.I)
    if m and text[m.end() :].strip():
        text = text[m.end() :].strip()
    return text[:1].upper() + text[1:]


# Inclusive French writing of an adjective said of the candidate: "réactif(ve)", "curieux(se)",
# "organisé(e)", "ponctuel(le)", "fédérateur(trice)". The curation files write a soft skill's adjectives so
# and :func:`gender_forms` gives the four forms an offer may use.
_GENDER_MARK = re.compile(r"([\w'-]+)\((e|ve|se|euse|trice|ère|ète|le|ne|te)\)")


def _feminine(word: str, ending: str) -> str:
    """The feminine of ``word`` given its inclusive ending: ("réactif", "ve") -> "réactive"."""
    replace = {
        "ve": ("f", "ve"),
        "se": ("x", "se"),
        "euse": ("eur", "euse"),
        "trice": ("teur", "trice"),
        "ère": ("er", "ère"),
        "ète": ("et", "ète"),
    }
    if ending == "se" and word.endswith("eur"):
        return word[:-1] + "se"  # "travailleur(se)" -> "travailleuse"
    if ending in replace and word.endswith(replace[ending][0]):
        old, new = replace[ending]
        return word[: -len(old)] + new
    return word + ending  # "organisé(e)", "ponctuel(le)", "bon(ne)"


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("eau"):
        return word + "x"
    return word[:-2] + "aux" if word.endswith("al") else word + "s"


def gender_forms(form: str) -> list[str]:
    """The masculine, feminine and plural forms of a form written in inclusive French:
    "réactif(ve)" -> ["réactif", "réactive", "réactifs", "réactives"]; "ouvert(e) d'esprit" ->
    ["ouvert d'esprit", "ouverte d'esprit", "ouverts d'esprit", "ouvertes d'esprit"]. A form without
    the mark is returned alone."""
    if not _GENDER_MARK.search(form):
        return [form]
    masc = _GENDER_MARK.sub(lambda m: m.group(1), form)
    fem = _GENDER_MARK.sub(lambda m: _feminine(m.group(1), m.group(2)), form)
    masc_pl = _GENDER_MARK.sub(lambda m: _plural(m.group(1)), form)
    fem_pl = _GENDER_MARK.sub(lambda m: _plural(_feminine(m.group(1), m.group(2))), form)
    return list(dict.fromkeys((masc, fem, masc_pl, fem_pl)))
