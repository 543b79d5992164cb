"""The per-question answer measures: gold answer in the answer and in its first statement, refusals, and
the figures against a baseline report with their paired-bootstrap intervals."""

from __future__ import annotations

import pytest

from evaluation.answer_benchmark import AnswerOutcome, contains, normalise_answer, statements, summary
from evaluation.baseline import against_baseline
from service.answer.contract import Answer


def answer(text: str, abstained: bool = False) -> Answer:
    return Answer(answer=text, abstained=abstained, citations=[], warnings=[], timings_ms={})


def test_normalised_answers_drop_markers_punctuation_and_case():
    assert normalise_answer("Terskelen er 62,9 mill. kroner. [1] [2]") == "terskelen er 62 9 mill kroner"


def test_gold_answer_must_match_whole_words():
    assert contains("Han ble født i 1952. [1]", "1952")
    assert not contains("Han ble født i 19521. [1]", "1952")
    assert contains("Det var «vanskelig» for Coats. [1]", "Vanskelig")
    assert not contains("Noe helt annet. [1]", "")


def test_statements_are_cut_after_each_group_of_markers():
    said = answer("Første setning. [1] Andre setning. [1] [2] Tredje. [3]")
    assert statements(said) == ["Første setning.", "Andre setning.", "Tredje."]
    assert statements(answer("Jeg fant ikke noe svar.", abstained=True)) == []


def outcome(qid: str, negative: bool, refused: bool, gold: bool | None = None, chars: int = 100) -> AnswerOutcome:
    return AnswerOutcome(
        id=qid,
        negative=negative,
        refused=refused,
        chars=0 if refused else chars,
        statements=0 if refused else 1,
        ms=10.0,
        retrieve_ms=5.0,
        gold_in_answer=None if negative else gold,
        gold_in_first=None if negative else gold,
        cites_gold=None if negative else gold,
        gold_in_top5=None if negative else True,
    )


def test_summary_counts_refusals_on_answerable_questions_and_negatives():
    outcomes = [
        outcome("a", False, False, gold=True, chars=120),
        outcome("a", True, True),
        outcome("b", False, True, gold=False),
        outcome("b", True, False),
        outcome("c", False, False, gold=False, chars=300),
        outcome("c", True, True),
    ]
    figures = summary(outcomes)
    assert figures["gold_in_answer"] == pytest.approx(1 / 3, abs=1e-4)
    assert figures["false_refusal"] == pytest.approx(1 / 3, abs=1e-4)
    assert figures["refusal_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["refusal_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["median_chars"] == 210.0
    assert figures["cites_gold_when_top5"] == pytest.approx(1 / 3, abs=1e-4)


def test_against_a_baseline_each_figure_gets_its_difference_and_an_interval_around_it():
    ours = [outcome(f"q{i}", False, False, gold=True) for i in range(30)]
    ours += [outcome(f"q{i}", True, True) for i in range(30)]
    theirs = [outcome(f"q{i}", False, False, gold=i % 2 == 0) for i in range(30)]
    theirs += [outcome(f"q{i}", True, i % 3 == 0) for i in range(30)]
    rows = {row["figure"]: row for row in against_baseline(ours, theirs)}
    gold = rows["gold_in_answer"]
    assert gold["ours"] == 1.0 and gold["baseline"] == 0.5 and gold["difference"] == 0.5
    low, high = gold["interval_95"]
    assert 0.2 < low < 0.5 < high <= 0.8
    recall = rows["refusal_recall"]
    assert recall["difference"] == pytest.approx(2 / 3, abs=1e-4)
    assert recall["interval_95"][0] > 0
    assert rows["refusal_precision"]["ours"] == 1.0


def test_questions_asked_in_only_one_report_are_left_out_of_the_comparison():
    assert against_baseline([outcome("a", False, False, gold=True)], [outcome("b", False, False, gold=True)]) == []
