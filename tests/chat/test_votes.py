"""What a thumbs button carries back."""

from __future__ import annotations

import json

from service.chat.votes import MAX_VALUE_CHARS, feedback_value, parse_feedback_value
from tests.chat.answers import answer, citation


def test_feedback_value_round_trips():
    value = feedback_value("Terskelverdi?", answer())
    voted = parse_feedback_value(value)
    assert voted.question == "Terskelverdi?"
    assert voted.answer == "Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]"
    assert voted.citations == [{"n": 1, "chunk_id": "forskrifter/forskrift-2016-08-12-974.md#57"}]


def test_feedback_value_fits_a_button_for_long_questions_and_answers():
    long_answer = answer('"sitat" ' * 600, citations=[citation(n) for n in range(1, 6)])
    value = feedback_value("spørsmål " * 300, long_answer)
    assert len(value) <= MAX_VALUE_CHARS
    voted = parse_feedback_value(value)
    assert voted.answer.endswith("…") and voted.question.endswith("…")
    assert [c["n"] for c in voted.citations] == [1, 2, 3, 4, 5]


def test_feedback_value_is_json_with_short_keys():
    assert set(json.loads(feedback_value("q", answer()))) == {"q", "a", "c"}
