"""`python -m bench.bare_embedder TEXTS.json`: the configured embedder alone on the given passages.

Prints one JSON object: seconds to load the model, seconds to embed every passage (in batches of the
store's `embedding_batch_size`, as ingest does), the passages and their tokens. Runs in its own process so
its threads and memory are its own, as in `kildesvar ingest`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from evaluation.models import load_model
from vectorstore.settings import StoreSettings


def main(path: Path) -> dict[str, float | int | str]:
    texts: list[str] = json.loads(path.read_text(encoding="utf-8"))
    settings = StoreSettings()
    started = time.perf_counter()
    model = load_model(settings.embedding_backend, settings)
    loaded = time.perf_counter()
    batch = settings.embedding_batch_size
    for start in range(0, len(texts), batch):
        model.embedder.embed(texts[start : start + batch], "passage")
    embedded = time.perf_counter()
    return {
        "embedder": model.embedder.name,
        "load_seconds": round(loaded - started, 2),
        "embed_seconds": round(embedded - loaded, 2),
        "passages": len(texts),
        "tokens": sum(model.count_tokens(text) for text in texts),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
