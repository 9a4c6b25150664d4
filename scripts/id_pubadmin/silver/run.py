"""``id-pubadmin silver``: crawled inputs in, a finished silver dataset folder out, resuming a killed run.

The output folder holds the run's working files (:data:`.stages.RUN_FOLDER`) until every stage
finished; started again on the same inputs, the run goes on where it stopped. Once the card and the
manifest are written the working files are deleted, so the folder is the dataset alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic import OutputRefused, remove, write_text
from ..core.errors import UsageError
from ..core.outputs import guard_output
from ..release.manifest import sha256_file
from .dataset import finish, is_silver
from .engine import ENGINES, run_stages
from .schema import SILVER_CONFIGS
from .sources import plan_shards
from .stages import Run


@dataclass(frozen=True)
class Made:
    """What a silver run made: its folder and its summary (counts, sources, refusals)."""

    folder: Path
    summary: dict[str, Any]
    resumed: bool
    problems: list[str]  # the first refused records of each shard, each with its place and error id


def _plan(inputs: list[Path], rights: str, min_relevance: float, registry: list[dict] | None = None,
          model: Path | None = None) -> dict[str, Any]:
    from ..predictor.predict import model_version

    shards = [s.as_dict() for s in plan_shards(inputs)]
    files = sorted({path for shard in shards for path in shard["paths"]})
    identity = {"shards": shards, "sha256": {path: sha256_file(Path(path)) for path in files}, "rights": rights,
                "min_relevance": min_relevance, "registry": list(registry or []),
                "model": None if model is None else str(model.resolve()), "model_version": model_version(model)}
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
    return {**identity, "digest": digest}


def _start(out: Path, plan: dict[str, Any]) -> bool:
    """Prepare ``out`` for the run; True when it resumes an unfinished run of the same plan."""
    run = Run(out)
    if (run.folder / "plan.json").is_file():
        if run.plan().get("digest") != plan["digest"]:
            raise UsageError(f"{out} holds an unfinished silver run of other inputs (or inputs whose content changed "
                             "since) or options; run it again as it was started to finish it, or give a new folder")
        return True
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if is_silver(out):
            raise OutputRefused(f"{out} holds a finished silver dataset already; give a new folder")
        raise OutputRefused(f"{out} is a non-empty folder that is not a silver run; give a new or empty folder")
    write_text(run.folder / "plan.json", json.dumps(plan, indent=2, sort_keys=True) + "\n")
    return False


def make_silver(inputs: list[Path], out: Path, rights: str, engine: str = "local", workers: int = 1,
                address: str | None = None, min_relevance: float = 0.0,
                progress: Callable[[str], None] = lambda _: None, registry: list[dict] | None = None,
                model: Path | None = None) -> Made:
    """Run (or resume) every stage on ``engine`` and finish the dataset folder; mentions linked to an entry of
    the entity ``registry`` (entries of ``annotations/entities.jsonl``) take its id; ``model`` is the entity
    model folder that pre-annotates (default: the shipped one), named in every row's and the card's
    ``model_version``."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    guard_output(out, inputs, made_here=lambda folder: (Run(folder).folder / "plan.json").is_file())
    plan = _plan(inputs, rights, min_relevance, registry, model)
    resumed = _start(out, plan)
    run = Run(out)
    progress(("resuming" if resumed else "starting") + f" a run of {len(plan['shards'])} shard(s) on {engine}")
    run_stages(run, engine, workers, address, progress)
    summary = _summary(run, plan, engine)
    entries: dict[str, Any] = {}
    problems: list[str] = []
    for rank in range(len(plan["shards"])):
        entries.update(json.loads(run.file("entries", rank, ".json").read_text(encoding="utf-8")))
        problems += json.loads(run.file("keys", rank, ".json").read_text(encoding="utf-8")).get("problems", [])
    remove(run.folder)  # the working files go before the manifest lists the folder's files
    for config in SILVER_CONFIGS:  # temporary files of tasks killed before they could delete them
        for leftover in (out / config.name).glob(".*"):
            remove(leftover)
    finish(out, entries, summary)
    return Made(out, summary, resumed, problems)


def _summary(run: Run, plan: dict[str, Any], engine: str) -> dict[str, Any]:
    refused: dict[str, int] = {}
    kept = removed = 0
    rows = {config.name: 0 for config in SILVER_CONFIGS}
    for rank in range(len(plan["shards"])):
        prepared = json.loads(run.file("keys", rank, ".json").read_text(encoding="utf-8"))
        for reason, count in prepared["refused"].items():
            refused[reason] = refused.get(reason, 0) + count
        dropped = len(json.loads(run.file("removed", rank, ".json").read_text(encoding="utf-8"))["removed"])
        kept += len(prepared["keys"]) - dropped
        removed += dropped
        for path, entry in json.loads(run.file("entries", rank, ".json").read_text(encoding="utf-8")).items():
            rows[path.split("/")[0]] += entry["rows"]
    sources = sorted({path for shard in plan["shards"] for path in shard["paths"]})
    return {"sources": sources, "records": kept + removed + sum(refused.values()), "refused": refused,
            "near_duplicates": removed, "rows": rows, "rights": plan["rights"], "model_version": plan["model_version"],
            "engine": engine}
