"""The gap report's similarity threshold is the one `evaluation.gap_threshold` chooses on the validation half of
the paraphrase set with the service's embedding model, and on the test half it groups clearly better than
leaving every question alone."""

from __future__ import annotations

import pytest

from evaluation.gap_threshold import choose_threshold, item_f1, load, split
from service.questions.gaps import SIMILARITY_THRESHOLD
from vectorstore.embeddings import create_embedder
from vectorstore.settings import StoreSettings

pytestmark = pytest.mark.slow


def test_the_threshold_is_the_one_chosen_on_the_validation_half():
    choice = choose_threshold(create_embedder(StoreSettings()))
    assert choice.threshold == SIMILARITY_THRESHOLD, choice.describe()
    assert choice.test_interval[0] > choice.test_f1_apart + 0.2, choice.describe()


def test_the_halves_share_no_group_and_the_score_is_b_cubed():
    validation, test = split(load())
    assert {item.group for item in validation}.isdisjoint({item.group for item in test})
    assert abs(len({item.group for item in validation}) - len({item.group for item in test})) <= 1
    assert item_f1(["a", "a", "b"], [0, 0, 1]) == [1.0, 1.0, 1.0]
    assert item_f1(["a", "a"], [0, 1]) == pytest.approx([2 / 3, 2 / 3])
