"""Expected values for the facts a pair lacks, read from the pairs of the same data that have them.

A graduate without any skill on the profile (a CV text only), or an offer listing no required
skill, has no skill coverage; a graduate or an offer without a place has no distance. The features
used to give them a fixed "neutral" value — coverage 0.5, distance 2/3 of the radius — which is not
neutral at all: among the graduates an offer can reach, most hold far less than half of its
skills, and most graduates of a region live beyond an offer's commute. Those fixed values put
skill-less and place-less graduates above nearly everyone in a whole region's list (on the second
simulator, 57 % of the top 10 of offers with skills were graduates without skills, against 17 % in
the best 10 by the simulated officers' grades).

``MissingImputer`` replaces them, without any logged outcome, by what the data itself says:

- **coverage from the text**: an isotonic (increasing) curve from the pair's text similarity to the
  required-skill coverage, fitted on random pairs where both sides have skills. A CV that names the
  offer's skills gets the coverage such texts have; an unrelated one gets the low coverage
  unrelated pairs have. The text then carries the skills' signal, on the coverage's own scale;
- **distance**: the median distance ratio of random pairs whose places are known (the place is
  missing at random, so the expected graduate is the region's typical one), capped at
  ``MAX_UNKNOWN_RATIO``; where no place is known at all (texts alone), the former 2/3, the same
  for every pair of a list.

The curve is stored as arrays (``np.interp`` at query time): a few microseconds per list.
"""

from __future__ import annotations

import numpy as np
from sklearn.isotonic import IsotonicRegression

from .features import FEATURES

# Random pairs read to fit the imputer (fewer when the data has fewer).
IMPUTE_PAIRS = 20000
# An unknown place reads at most as this many radii away.
MAX_UNKNOWN_RATIO = 1.5
FALLBACK_RATIO = 2.0 / 3.0


class MissingImputer:
    """Fitted by :meth:`fit` on a Matcher's documents; applied by ``pair_features``."""

    def __init__(self, text_x=None, coverage_y=None, unknown_ratio: float = FALLBACK_RATIO):
        self.text_x = None if text_x is None else np.asarray(text_x, dtype=np.float64)
        self.coverage_y = None if coverage_y is None else np.asarray(coverage_y, dtype=np.float64)
        self.unknown_ratio = float(unknown_ratio)

    @classmethod
    def fit(cls, features, *, has_req, has_skills, lat_o, lat_c, seed=0):
        """From ``features(oi, ci)`` (the pair features without imputation) on random pairs:
        ``has_req`` (offers listing required skills), ``has_skills`` (graduates with skills),
        ``lat_o`` / ``lat_c`` (NaN: place unknown)."""
        rng = np.random.default_rng(seed)
        text_x = coverage_y = None
        o_ok, c_ok = np.flatnonzero(has_req), np.flatnonzero(has_skills)
        if len(o_ok) and len(c_ok):
            n = int(min(IMPUTE_PAIRS, 4 * len(o_ok) * len(c_ok)))
            oi, ci = rng.choice(o_ok, size=n), rng.choice(c_ok, size=n)
            X = features(oi, ci)
            cov, text = X[:, FEATURES.index("required_coverage")], X[:, FEATURES.index("text_similarity")]
            if np.ptp(text) > 0:
                iso = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(text, cov)
                text_x, coverage_y = iso.X_thresholds_, iso.y_thresholds_
        unknown = FALLBACK_RATIO
        o_pl, c_pl = np.flatnonzero(~np.isnan(lat_o)), np.flatnonzero(~np.isnan(lat_c))
        if len(o_pl) and len(c_pl):
            n = int(min(IMPUTE_PAIRS, 4 * len(o_pl) * len(c_pl)))
            X = features(rng.choice(o_pl, size=n), rng.choice(c_pl, size=n))
            unknown = float(min(MAX_UNKNOWN_RATIO, np.median(X[:, FEATURES.index("distance_ratio")])))
        return cls(text_x, coverage_y, unknown)

    def coverage(self, text_similarity: np.ndarray) -> np.ndarray | None:
        """Expected required coverage for these text similarities (None when not fitted)."""
        if self.text_x is None or len(self.text_x) == 0:
            return None
        return np.interp(text_similarity, self.text_x, self.coverage_y)
