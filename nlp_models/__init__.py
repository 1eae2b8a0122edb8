"""Tremplin's NLP: skills and facts from French (and English) job offers and CVs.

Plain Python (spaCy, scikit-learn; no Django). Public API, imported lazily so that reading the
taxonomy does not load spaCy::

    from nlp_models import extract_offer, extract_profile, pipe_offers, load_taxonomy
    from nlp_models import set_overlay  # aliases and skills added at run time (nlp_models.overlay)
"""

from __future__ import annotations

_EXPORTS = {
    "extract_offer": "pipeline",
    "extract_profile": "pipeline",
    "pipe_offers": "pipeline",
    "OfferAnalysis": "pipeline",
    "ProfileAnalysis": "pipeline",
    "SkillMention": "pipeline",
    "set_overlay": "pipeline",
    "get_overlay": "pipeline",
    "load_taxonomy": "taxonomy",
    "text_from_upload": "documents",
    "DocumentRejected": "documents",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'nlp_models' has no attribute {name!r}")
