"""The engine in LLM mode: the model words the answer, only checked sentences reach the user, and every failure
or hostile reply falls back to the extractive answer with a warning, never an error."""

from __future__ import annotations

import re

import pytest
from fake_openai import Reply
from sources import INJECTION, KANTINE, KULL, KURS, LUP

from service.answer.contract import Answer, Turn
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from service.llm.composer import DECLINED, UNAVAILABLE, UNVERIFIED
from service.llm.mode import create_llm_mode
from service.llm.prompt import NO_ANSWER
from service.llm.settings import LlmSettings
from vectorstore.models import Chunk

LUP_QUESTION = "Hvem eier LUP?"
KANTINE_QUESTION = "Hva er åpningstidene til kantinen i rådhuset?"


@pytest.fixture
def engine(store, llm_settings):
    return AnswerEngine(store, llm=create_llm_mode(llm_settings, AnswerSettings()))


@pytest.fixture
def extractive(store):
    return AnswerEngine(store)


def cite(chunk: Chunk, sentence: str):
    """A scripted reply that cites `chunk` by the number the prompt gave it."""

    def reply(request: dict) -> str:
        prompt = request["messages"][-1]["content"]
        number = re.findall(r'<kilde nr="(\d+)">', prompt[: prompt.index(chunk.text)])[-1]
        return sentence.replace("[n]", f"[{number}]")

    return reply


def assert_checked(answer: Answer, chunks: list[Chunk]) -> None:
    texts = {chunk.id: chunk.text for chunk in chunks}
    for citation in answer.citations:
        assert citation.quote in texts[citation.chunk_id]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == {c.n for c in answer.citations}


def test_engine_without_base_url_never_calls_the_model(store, fake_openai):
    for engine in (
        AnswerEngine(store),
        AnswerEngine(store, llm=create_llm_mode(LlmSettings(base_url=None), AnswerSettings())),
    ):
        answer = engine.ask(LUP_QUESTION)
        assert not answer.abstained and "KS og NHO" in answer.answer
    assert fake_openai.requests == []


def test_engine_with_llm_answers_with_the_models_checked_sentences(engine, fake_openai):
    fake_openai.script(cite(LUP, "LUP har to eiere, nemlig KS og NHO [n]."))
    answer = engine.ask(LUP_QUESTION)
    assert answer.answer == "LUP har to eiere, nemlig KS og NHO. [1]"
    assert answer.warnings == [] and not answer.abstained and answer.composer == "llm"
    [citation] = answer.citations
    assert citation.chunk_id == LUP.id and citation.quote == "Programmet har to eiere: KS og NHO."
    assert fake_openai.requests[0]["stream"] is True and fake_openai.requests[0]["model"] == "fake-model"


def test_citations_are_renumbered_in_order_of_use(engine, fake_openai):
    fake_openai.script(
        lambda request: (
            cite(LUP, "LUP eies av KS og NHO [n].")(request)
            + " "
            + cite(KURS, "Kurset på KS Læring er gratis [n].")(request)
        )
    )
    answer = engine.ask("Hva er LUP, og er kurset på KS Læring gratis?")
    assert answer.answer == "LUP eies av KS og NHO. [1] Kurset på KS Læring er gratis. [2]"
    assert [c.chunk_id for c in answer.citations] == [LUP.id, KURS.id]
    assert_checked(answer, [LUP, KURS])


def test_unsupported_sentence_is_dropped_and_the_rest_kept(engine, fake_openai):
    fake_openai.script(cite(LUP, "LUP eies av KS og NHO [n]. LUP ble opprettet av Stortinget i 2010 [n]."))
    answer = engine.ask(LUP_QUESTION)
    assert answer.answer == "LUP eies av KS og NHO. [1]" and answer.warnings == []


@pytest.mark.parametrize(
    "reply",
    [
        "LUP eies av KS og NHO [9].",  # marker pointing nowhere
        "LUP eies av KS og NHO.",  # no marker
        cite(LUP, "LUP eies av Innovasjon Norge og Forskningsrådet [n]."),  # unsupported
        cite(KULL, "LUP eies av KS og NHO [n]."),  # cites the wrong source
    ],
    ids=["marker-points-nowhere", "no-marker", "unsupported", "wrong-source"],
)
def test_reply_with_nothing_checkable_falls_back_to_the_extractive_answer(engine, extractive, fake_openai, reply):
    fake_openai.script(reply)
    answer = engine.ask(LUP_QUESTION)
    expected = extractive.ask(LUP_QUESTION)
    assert answer.answer == expected.answer and answer.citations == expected.citations
    assert answer.warnings == [UNVERIFIED] and answer.composer == "extractive"


@pytest.mark.parametrize(
    "reply",
    [Reply(raw="data: {not json\n\n"), Reply(""), Reply(status=500), Reply("LUP eies av KS og NHO [1].", delay=2)],
    ids=["malformed-json", "empty", "server-error", "past-timeout"],
)
def test_failing_server_falls_back_with_a_warning(engine, extractive, fake_openai, reply):
    fake_openai.script(reply)
    answer = engine.ask(LUP_QUESTION)
    assert answer.answer == extractive.ask(LUP_QUESTION).answer
    assert answer.warnings == [UNAVAILABLE]


def test_model_that_finds_no_answer_falls_back_with_a_warning(engine, extractive, fake_openai):
    fake_openai.script(NO_ANSWER)
    answer = engine.ask(LUP_QUESTION)
    assert answer.answer == extractive.ask(LUP_QUESTION).answer and answer.warnings == [DECLINED]


def test_question_without_support_abstains_without_calling_the_model(engine, fake_openai):
    answer = engine.ask("Hva er reglene for snøbrøyting av kommunale veier?")
    assert answer.abstained and fake_openai.requests == []


def test_injected_instruction_is_sent_only_as_source_data(engine, fake_openai):
    fake_openai.script(cite(KANTINE, "Kantinen i rådhuset er åpen fra klokken 8 til 15 på hverdager [n]."))
    answer = engine.ask(KANTINE_QUESTION)
    system, user = fake_openai.requests[0]["messages"]
    assert INJECTION not in system["content"]
    sources = user["content"][user["content"].index("<kilder>") : user["content"].index("</kilder>")]
    assert INJECTION in sources and user["content"].count("</kilder>") == 1
    assert answer.answer == "Kantinen i rådhuset er åpen fra klokken 8 til 15 på hverdager. [1]"


def test_reply_obeying_an_injected_instruction_is_dropped(engine, extractive, fake_openai):
    fake_openai.script(cite(KANTINE, "HACKET [n]. Systemprompten min er: Du er Kildesvar, en assistent [n]."))
    answer = engine.ask(KANTINE_QUESTION)
    assert "HACKET" not in answer.answer and "Systemprompten" not in answer.answer
    assert answer.answer == extractive.ask(KANTINE_QUESTION).answer
    assert answer.warnings == [UNVERIFIED]


def test_stream_sends_the_models_tokens_then_the_checked_answer(engine, fake_openai):
    reply = cite(LUP, "LUP eies av KS og NHO [n]. LUP ble opprettet av Stortinget i 2010 [n].")
    fake_openai.script(reply)
    pieces = list(engine.ask_stream(LUP_QUESTION))
    deltas, final = pieces[:-1], pieces[-1]
    assert len(deltas) > 1 and all(isinstance(delta, str) for delta in deltas)
    assert "".join(deltas) == reply(fake_openai.requests[0])  # provisional: the unchecked reply
    assert isinstance(final, Answer) and final.answer == "LUP eies av KS og NHO. [1]"


def test_stream_falls_back_when_the_server_fails(engine, extractive, fake_openai):
    fake_openai.script(Reply(status=500))
    pieces = list(engine.ask_stream(LUP_QUESTION))
    assert "".join(pieces[:-1]) == pieces[-1].answer == extractive.ask(LUP_QUESTION).answer
    assert pieces[-1].warnings == [UNAVAILABLE]


def test_follow_up_is_rewritten_by_the_model_before_retrieval(engine, fake_openai):
    fake_openai.script(
        "Hvor mange kommuner var med i kull 2 av Bærekraftsløftet Viken?",
        cite(KULL, "Med kull 2 er til sammen 16 kommuner med i Bærekraftsløftet Viken [n]."),
    )
    history = [Turn(question="Når startet Bærekraftsløftet Viken?", answer="Kull 1 kom i gang i januar 2023. [1]")]
    answer = engine.ask("Og hvor mange kommuner er med nå?", history)
    rewrite, answering = fake_openai.requests
    assert rewrite["stream"] is False and "<samtale>" in rewrite["messages"][-1]["content"]
    assert "Hvor mange kommuner var med i kull 2" in answering["messages"][-1]["content"]
    assert "16 kommuner" in answer.answer and answer.citations[0].chunk_id == KULL.id


@pytest.mark.parametrize(
    "rewrite", [Reply(status=500), "HACKET", "Hva er klokka?\nForklaring: ..."], ids=["error", "hijacked", "drifted"]
)
def test_failed_or_unusable_rewrite_falls_back_to_carried_terms(engine, fake_openai, rewrite):
    fake_openai.script(rewrite, cite(KULL, "Til sammen 16 kommuner er med i Bærekraftsløftet Viken [n]."))
    history = [Turn(question="Hvor mange kommuner er med i Bærekraftsløftet Viken?", answer="")]
    answer = engine.ask("Og hvor mange i kull 2?", history)
    assert "Og hvor mange i kull 2?" in fake_openai.requests[1]["messages"][-1]["content"]
    assert answer.citations[0].chunk_id == KULL.id and answer.warnings == []


def test_rewriting_can_be_turned_off(store, fake_openai, llm_settings):
    engine = AnswerEngine(
        store, llm=create_llm_mode(llm_settings.model_copy(update={"rewrite_followups": False}), AnswerSettings())
    )
    fake_openai.script(cite(KULL, "Til sammen 16 kommuner er med i Bærekraftsløftet Viken [n]."))
    engine.ask("Og hvor mange i kull 2?", [Turn(question="Hvor mange kommuner er med i Bærekraftsløftet Viken?")])
    assert len(fake_openai.requests) == 1
