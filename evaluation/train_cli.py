"""`kildesvar train`: fit the answer models on NorQuAD (from ../shared) and write them into the package."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from evaluation.settings import EvalSettings
from service.answer.learned import MODELS_DIR

app = typer.Typer(add_completion=False)


@app.command()
def train(
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Where the eval's index cache is (default: $KILDESVAR_EVAL_CACHE_DIR or data/eval-cache)"),
    ] = None,
    retrievals_dir: Annotated[Path, typer.Option(help="Where the training questions' retrievals are cached")] = Path(
        "data/train-cache"
    ),
    out: Annotated[Path, typer.Option(help="Where the model files go")] = MODELS_DIR,
) -> None:
    """Train the sentence and refusal models (fixed seed) and write sentence.json and refusal.json: NorQuAD
    and the written law questions of evaluation/training/, each also asked with its passage or law left out."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    settings = EvalSettings()
    console = Console()
    from evaluation.norquad import norquad_dir

    if not (norquad_dir(settings.shared_dir) / "data" / "annotation").is_dir():
        console.print(
            f"[yellow]train: skipped[/yellow] - {norquad_dir(settings.shared_dir)} not found (NorQuAD comes with "
            "../shared; set KILDESVAR_SHARED_DIR). The shipped models are unchanged."
        )
        return
    from evaluation.train import train_models, write
    from evaluation.training_store import asked_questions, open_training_index

    with console.status("Training ...") as status:
        asked: dict[str, list] = {"train": [], "validation": []}
        embedder = ""
        for name in ("norquad", "law-training"):
            status.update(f"opening the {name} index")
            index = open_training_index(settings.shared_dir, cache_dir or settings.eval_cache_dir, name)
            embedder = index.embedder
            for split in ("train", "validation"):

                def progress(done: int, total: int, split: str = split, name: str = name) -> None:
                    status.update(f"retrieving {name} {split} questions: {done} of {total}")

                asked[split] += asked_questions(index, settings.shared_dir, split, retrievals_dir, progress)
        trained = train_models(asked["train"], asked["validation"], embedder, lambda message: status.update(message))
    write(trained, out)
    for name, value in trained.figures.items():
        console.print(f"{name}: {value:.4f}")
    console.print(f"refusal threshold: {trained.refusal.threshold:.4f}")
    for rule, figures in trained.rules.items():
        console.print(f"on validation, {rule}: " + ", ".join(f"{name} {value}" for name, value in figures.items()))
    console.print(f"Models written to {out}")
