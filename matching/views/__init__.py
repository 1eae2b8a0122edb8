"""Matching pages: ``pages`` (suggestions, shortlists, cohort, ranker health, judgements) and
``preview`` (the offer form's live reading of the text, htmx)."""
