import math

import numpy as np
import pytest

from matching.ranker.metrics import average_precision, ndcg_at_k, ranking_metrics, recall_at_k


def test_ndcg_is_one_for_ideal_order_and_lower_otherwise():
    assert ndcg_at_k([3, 2, 0, 0]) == 1.0
    worse = ndcg_at_k([0, 0, 2, 3])
    assert 0 < worse < 1
    expected = (3 / math.log2(4) + 7 / math.log2(5)) / (7 / math.log2(2) + 3 / math.log2(3))
    assert worse == pytest.approx(expected)
    assert math.isnan(ndcg_at_k([0, 0]))


def test_average_precision_and_recall():
    assert average_precision([1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert recall_at_k([0, 1, 0, 1], k=2) == 0.5


def test_ranking_metrics_group_by_query_and_skip_groups_without_relevant_items():
    scores = np.array([0.9, 0.1, 0.2, 0.8, 0.5, 0.4])
    grades = np.array([2, 0, 0, 2, 0, 0])
    groups = np.array(["a", "a", "b", "b", "c", "c"])
    m = ranking_metrics(scores, grades, groups, k=1)
    assert m["groups"] == 2
    assert m["ndcg@1"] == 1.0
    assert m["map"] == 1.0
    reversed_ = ranking_metrics(-scores, grades, groups, k=1)
    assert reversed_["ndcg@1"] == 0.0
