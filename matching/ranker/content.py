"""Content similarity where structured evidence is missing: how much the text decides the order.

The models score a pair mostly from structured evidence: skills given as data, places, contracts.
When skills are missing (a profile with a CV text only) or were read from the same texts by an
extractor (the command line without ``skills``, a text in another language), the model's score is
nearly flat or follows the extractor's mistakes, while the texts themselves still say who fits.

The blend adds, on the logit scale, the pair's text similarity standardised within the list being
ranked (one offer's graduates, one graduate's offers), with a weight that grows as skill evidence
goes missing::

    key = logit(p) + CONTENT_WEIGHT x (1 - list evidence)^2 x z(text similarity within the list)

``evidence`` is the mean of three facts of the pair: its skill evidence (1 when both sides have
skills given as data, 0.5 when a side's skills were extracted from its text, 0 when a side has
none), a known distance and a known contract, **averaged over the list** (``list_evidence``): the
text's weight is the same for every pair of a list, so that a graduate lacking evidence is not the
only one whose text moves them. With all three (the platform, almost always) the
weight is 0 and the order is the model's; a profile without skills but with a place and a contract
keeps most of the model's say (distance and contract still inform it); texts alone (the command
line on a public set of CVs and vacancies) give the text most of it. Standardising within the list makes the term independent of the language, the length of the
texts and the vectoriser (cosines of long English CVs and short French offers are on other scales).
The result is mapped back through the logistic function: with evidence complete it is the
calibrated probability unchanged; otherwise it orders the list and is no longer a calibrated figure.
"""

from __future__ import annotations

import numpy as np

# Logit units per standard deviation of the text similarity within a list, when no skill evidence
# exists. Chosen on the text-only scenario (d) of region (a) with seed 0, checked on (d) of the second
# simulator and on seed 1 (docs/ranker.md).
CONTENT_WEIGHT = 2.0
# The weight is CONTENT_WEIGHT x (1 - evidence) ** EVIDENCE_POWER: it stays small while most
# evidence is there (a profile without skills but with a place and a contract: 0.11 x) and grows fast
# as it goes (texts alone, with skills read from them: 0.69 x).
EVIDENCE_POWER = 2.0
# Skills extracted from a text are evidence of half the weight of skills given as data.
TEXT_SKILL_EVIDENCE = 0.5
_Z_CLIP = 3.0


def skill_evidence(has_skills: np.ndarray, from_text: np.ndarray) -> np.ndarray:
    """Per document: 1 skills given as data, ``TEXT_SKILL_EVIDENCE`` read from the text, 0 none."""
    has_skills = np.asarray(has_skills, dtype=bool)
    return np.where(has_skills, np.where(np.asarray(from_text, dtype=bool), TEXT_SKILL_EVIDENCE, 1.0), 0.0)


def pair_evidence(
    offer_evidence: np.ndarray,
    candidate_evidence: np.ndarray,
    place_known: np.ndarray | None = None,
    contract_known: np.ndarray | None = None,
) -> np.ndarray:
    """A pair's structured evidence in [0, 1]: the mean of its skill evidence (the weaker side's: a
    coverage needs both sides' skills), whether the distance is known (both places, or a fully
    remote offer) and whether the offer's contract is known. Without ``place_known`` /
    ``contract_known``, the skill evidence alone."""
    skills = np.minimum(offer_evidence, candidate_evidence)
    if place_known is None or contract_known is None:
        return skills
    return (
        skills + np.asarray(place_known, dtype=np.float64) + np.asarray(contract_known, dtype=np.float64)
    ) / 3.0


def within_list_z(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """``values`` standardised within each group (one group when None), clipped to +/-3; 0 where a
    group has a single value or no spread."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return values.copy()
    if groups is None:
        inv = np.zeros(len(values), dtype=np.int64)
    else:
        _, inv = np.unique(np.asarray(groups), return_inverse=True)
    n = np.bincount(inv)
    mean = np.bincount(inv, weights=values) / n
    var = np.bincount(inv, weights=values * values) / n - mean * mean
    std = np.sqrt(np.maximum(var, 0.0))[inv]
    z = np.where(std > 1e-9, (values - mean[inv]) / np.maximum(std, 1e-12), 0.0)
    return np.clip(z, -_Z_CLIP, _Z_CLIP)


def list_evidence(evidence: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each pair's evidence replaced by the mean evidence of its list (``groups``; None: one list).

    The text's weight is a property of the list, the same for all of its pairs: weighting only the
    pairs that lack evidence gave them alone a term of up to 3 x the weight, and the best-looking of
    the uncertain graduates (no skills, no place) rose above everybody — on the second simulator,
    most of a whole region's top 10 (docs/ranker.md, *Generalisation*)."""
    evidence = np.asarray(evidence, dtype=np.float64)
    if len(evidence) == 0:
        return evidence
    if groups is None:
        return np.full(len(evidence), evidence.mean())
    _, inv = np.unique(np.asarray(groups), return_inverse=True)
    return (np.bincount(inv, weights=evidence) / np.bincount(inv))[inv]


def content_blend(
    prob: np.ndarray,
    text_similarity: np.ndarray,
    evidence: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    weight: float | None = None,
) -> np.ndarray:
    """The ranking score: ``prob`` where evidence is complete, else shifted towards the text's order.

    ``groups`` names the list each pair is ranked in (None: a single list, e.g. one query);
    ``weight`` defaults to ``CONTENT_WEIGHT``.
    """
    prob = np.asarray(prob, dtype=np.float64)
    weight = CONTENT_WEIGHT if weight is None else weight
    evidence = list_evidence(evidence, groups)
    w = weight * (1.0 - evidence) ** EVIDENCE_POWER
    if len(prob) == 0 or not np.any(w > 0):
        return prob
    p = np.clip(prob, 1e-6, 1 - 1e-6)
    key = np.log(p / (1 - p)) + w * within_list_z(text_similarity, groups)
    out = 1.0 / (1.0 + np.exp(-key))
    return np.where(w > 0, out, prob)
