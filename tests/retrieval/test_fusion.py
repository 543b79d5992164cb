import pytest

from service.retrieval.fusion import minmax_fusion, reciprocal_rank_fusion, zscore_fusion


def test_rrf_rewards_ids_found_by_both_rankings():
    dense = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    keyword = [("c", 12.0), ("a", 3.0), ("d", 1.0)]
    fused = reciprocal_rank_fusion([dense, keyword], k=60)
    assert [item for item, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_rrf_weights_scale_each_ranking():
    fused = reciprocal_rank_fusion([[("a", 1.0)], [("b", 1.0)]], weights=[0.2, 0.8], k=1)
    assert fused == [("b", pytest.approx(0.4)), ("a", pytest.approx(0.1))]


def test_rrf_ignores_raw_scores():
    assert reciprocal_rank_fusion([[("a", 100.0), ("b", 0.1)]]) == reciprocal_rank_fusion([[("a", 2.0), ("b", 1.9)]])


def test_minmax_normalises_each_ranking_to_unit_range():
    dense = [("a", 0.90), ("b", 0.85), ("c", 0.80)]
    keyword = [("c", 20.0), ("b", 10.0), ("d", 0.0)]
    fused = dict(minmax_fusion([dense, keyword], weights=[0.4, 0.6]))
    assert fused["a"] == pytest.approx(0.4)
    assert fused["b"] == pytest.approx(0.4 * 0.5 + 0.6 * 0.5)
    assert fused["c"] == pytest.approx(0.6)
    assert fused["d"] == pytest.approx(0.0)


def test_minmax_keyword_weight_can_outrank_dense_winner():
    dense = [("a", 0.9), ("b", 0.8)]
    keyword = [("b", 5.0), ("a", 1.0)]
    assert minmax_fusion([dense, keyword], weights=[0.4, 0.6])[0][0] == "b"
    assert minmax_fusion([dense, keyword], weights=[0.6, 0.4])[0][0] == "a"


def test_minmax_gives_full_score_to_a_ranking_of_equal_scores():
    assert minmax_fusion([[("a", 3.0), ("b", 3.0)]]) == [("a", 1.0), ("b", 1.0)]


def test_fusion_of_nothing_is_empty():
    assert minmax_fusion([[], []]) == []
    assert reciprocal_rank_fusion([]) == []


def test_ties_keep_first_seen_order():
    fused = minmax_fusion([[("x", 1.0), ("y", 0.0)], [("y", 1.0), ("x", 0.0)]])
    assert [item for item, _ in fused] == ["x", "y"]


def test_weights_must_match_rankings():
    with pytest.raises(ValueError):
        minmax_fusion([[("a", 1.0)]], weights=[0.5, 0.5])


def test_zscore_standardises_each_ranking():
    dense = [("a", 0.9), ("b", 0.8), ("c", 0.7)]  # mean 0.8, deviation ~0.0816
    fused = dict(zscore_fusion([dense]))
    assert fused["a"] == pytest.approx(1.2247, abs=1e-4)
    assert fused["b"] == pytest.approx(0.0, abs=1e-9)
    assert fused["c"] == pytest.approx(-1.2247, abs=1e-4)


def test_zscore_gives_a_missing_id_the_rankings_lowest_z():
    dense = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    keyword = [("d", 30.0), ("a", 10.0)]  # z: d +1, a -1
    fused = dict(zscore_fusion([dense, keyword], weights=[0.5, 0.5]))
    assert fused["d"] == pytest.approx(0.5 * -1.2247 + 0.5 * 1.0, abs=1e-4)
    assert fused["b"] == pytest.approx(0.5 * 0.0 + 0.5 * -1.0)


def test_zscore_lets_a_standout_keyword_hit_beat_a_close_dense_lead():
    dense = [("a", 0.82), ("b", 0.81), ("c", 0.80), ("d", 0.79), ("e", 0.70), ("f", 0.68)]
    keyword = [("d", 25.0), ("a", 5.0), ("c", 4.5), ("b", 4.0), ("e", 3.5), ("f", 3.0)]
    assert zscore_fusion([dense, keyword], weights=[0.5, 0.5])[0][0] == "d"


def test_zscore_of_a_ranking_with_equal_scores_is_zero_for_all():
    assert zscore_fusion([[("a", 2.0), ("b", 2.0)]]) == [("a", 0.0), ("b", 0.0)]
