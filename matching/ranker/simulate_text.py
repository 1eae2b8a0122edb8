"""Scenario (d), "text only": a simulated region stripped to its texts, as an external data set
of CVs and vacancies reaches the command line (``rank`` without ``skills``, commune or contract).

The logged outcomes stay those of the region (recruiters still saw skills, places and contracts);
the documents keep only the offer's title and text and the graduate's CV text. Skills are then read
back from the texts as an extractor would, by the taxonomy's French labels (word boundaries, accents
folded), and marked as read from the text. Nothing else remains: no place, contract, dates,
experience or track.

``english=True`` first rewrites every text with a fixed table: the templates in English and the
French skill labels by their English names. The French labels then miss the translated skills
(support informatique, câblage, ...) while names such as React or KNX are still found — an extractor
reading another language than its own, as on a public English set of CVs and vacancies.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sklearn.feature_extraction.text import strip_accents_unicode

from .docs import EXTRACTED, REQUIRED, CandidateDoc, OfferDoc
from .simulate import Region
from .simulated_world import CV_FILLER, FILLER, TITLES

# English names of the French labels (the others, React, KNX, ..., are the same in both languages).
ENGLISH_LABELS = {
    "intégration continue": "continuous integration",
    "tests unitaires": "unit testing",
    "accompagnement des usagers": "user support and guidance",
    "démarches administratives en ligne": "online administrative procedures",
    "animation d'ateliers": "workshop facilitation",
    "support informatique": "IT helpdesk",
    "maintenance de postes": "workstation maintenance",
    "réseaux locaux": "local area networks",
    "réseaux sociaux": "social media",
    "rédaction web": "web copywriting",
    "cybersécurité": "cybersecurity",
    "RGPD": "GDPR",
    "habilitation électrique": "electrical safety certification",
    "câblage": "wiring",
    "électricité du bâtiment": "building electrical work",
    "alarme": "alarm systems",
    "vidéosurveillance": "CCTV",
    "contrôle d'accès": "access control",
    "automatisme": "automation",
    "réseaux IP": "IP networking",
    "travail en équipe": "teamwork",
    "relation client": "customer relations",
    "anglais": "English",
}
_ENGLISH_TITLES = {
    "Développeur web": "Web developer",
    "Développeuse / développeur front-end": "Front-end developer",
    "Développeur full stack": "Full stack developer",
    "Développeur mobile": "Mobile developer",
    "Conseiller numérique": "Digital skills adviser",
    "Référent numérique": "Digital officer",
    "Technicien support": "Support technician",
    "Médiateur numérique": "Digital inclusion officer",
    "Technicien domotique": "Home automation technician",
    "Installateur maison connectée": "Smart home installer",
    "Technicien courants faibles": "Low-voltage technician",
}
_ENGLISH_FILLER = dict(
    zip(
        FILLER,
        [
            "You will join a friendly team",
            "We have served clients in the region for 15 years",
            "Office-based role with career prospects",
            "Meal vouchers and health insurance",
            "A first internship experience is welcome",
            "You enjoy learning and sharing",
        ],
        strict=True,
    )
) | dict(
    zip(
        CV_FILLER,
        [
            "Trained at the Lens digital school",
            "Motivated, curious and punctual",
            "Experience in catering and logistics",
            "Driving licence",
            "Volunteer in a neighbourhood association",
            "Final project carried out as a team",
        ],
        strict=True,
    )
)
_PHRASES = {
    "Compétences attendues :": "Required skills:",
    "Un plus :": "Nice to have:",
    "Compétences :": "Skills:",
    "Poste à ": "Based in ",
    ", contrat ": ", contract type ",
    "(H/F)": "(M/F)",
}
assert all(t in _ENGLISH_TITLES for ts in TITLES.values() for t in ts)


def _replace_all(text: str, table: dict[str, str]) -> str:
    # Longest first, so that "réseaux locaux" is not cut by a shorter entry.
    for k in sorted(table, key=len, reverse=True):
        text = text.replace(k, table[k])
    return text


def to_english(text: str) -> str:
    """The simulated texts' French templates and labels in English (fixed table)."""
    return _replace_all(text, _PHRASES | _ENGLISH_TITLES | _ENGLISH_FILLER | ENGLISH_LABELS)


def _fold(text: str) -> str:
    return strip_accents_unicode(text.lower())


class LabelReader:
    """Skills named in a text, found by the taxonomy's labels (word boundaries, accents folded)."""

    def __init__(self, labels: dict[str, str]):
        self._patterns = [
            (sid, re.compile(r"(?<![\w])" + re.escape(_fold(label)) + r"(?![\w])"))
            for sid, label in labels.items()
        ]

    def __call__(self, text: str) -> list[str]:
        """Ids of the skills whose label appears in ``text``."""
        folded = _fold(text)
        return [sid for sid, pat in self._patterns if pat.search(folded)]


def text_only(region: Region, *, english: bool = False, text_skills=None) -> Region:
    """``region`` with its documents stripped to texts and skills read back from them.

    ``text_skills``: an ``io.TextSkills`` (the command line's extractor, ``nlp_models``) to read
    the skills with, in its own ids, with the taxonomy's graph; None reads the simulated taxonomy's
    labels (an extractor that never errs on the texts it knows).
    """
    tr = to_english if english else (lambda t: t)
    if text_skills is None:
        read = LabelReader(region.graph.labels)

        def offer_skills(text, title):
            return dict.fromkeys(read(f"{title} {text}"), REQUIRED)

        def profile_skills(text):
            return dict.fromkeys(read(text), EXTRACTED)

        graph = region.graph
    else:
        from .io import taxonomy_graph

        offer_skills, profile_skills = text_skills.offer, text_skills.profile
        graph = taxonomy_graph()
    offers = []
    for o in region.offers:
        title, text = tr(o.title), tr(o.text)
        skills = offer_skills(text, title)
        offers.append(OfferDoc(id=o.id, title=title, text=text, skills=skills, skills_from_text=True))
    candidates = []
    for c in region.candidates:
        text = tr(c.text)
        skills = profile_skills(text)
        candidates.append(CandidateDoc(id=c.id, text=text, skills=skills, skills_from_text=True))
    return replace(region, offers=offers, candidates=candidates, graph=graph)
