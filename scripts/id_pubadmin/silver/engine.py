"""Running the stages on an engine: datatrove's executors, on one machine or on a Ray cluster.

datatrove (Hugging Face's library for web-scale text) runs each stage as numbered tasks, records
each finished task in the stage's logging folder and skips it when the run is started again; its
``LocalPipelineExecutor`` runs tasks in processes of this machine, its ``RayPipelineExecutor`` as
Ray tasks on a cluster (and its Slurm executor would run the same stages on a batch cluster).
The stages are this package's functions, so every engine runs the same code on the same shards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from .stages import Run, annotate, cluster, pair, pair_tasks, prepare

ENGINES = ("local", "ray")
PER_SHARD = ("prepare", "annotate")  # the stages whose tasks read and write whole shards


def stages(run: Run) -> list[tuple[str, int, Callable]]:
    """(name, tasks, step) of every stage, in order."""
    shards = len(run.plan()["shards"])
    steps = [("prepare", shards, prepare), ("pair", pair_tasks(shards), pair), ("cluster", 1, cluster),
             ("annotate", shards, annotate)]
    return [(name, tasks, partial(_quietly, partial(step, run.out))) for name, tasks, step in steps]


def _quietly(step: Callable, data: object, rank: int, world_size: int) -> object:
    """Run a stage's step with datatrove's task logger on standard error lowered to warnings."""
    _quiet_datatrove()
    return step(data, rank, world_size)


def _quiet_datatrove() -> None:
    """datatrove's progress lines only in its log files: warnings and errors still reach standard error."""
    import sys

    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")


def run_stages(run: Run, engine: str, workers: int, address: str | None = None,
               progress: Callable[[str], None] = lambda _: None) -> None:
    """Run every stage's unfinished tasks on ``engine`` with at most ``workers`` tasks at once."""
    _quiet_datatrove()
    if engine == "ray":
        _run_on_ray(run, workers, address, progress)
        return
    from datatrove.executor import LocalPipelineExecutor

    for name, tasks, step in stages(run):
        processes = min(workers, tasks) if name in PER_SHARD else 1  # the small stages run in this process
        with _stderr_to(run.folder / "logs" / f"{name}.stderr"):
            executor = LocalPipelineExecutor(pipeline=[step], tasks=tasks, workers=processes,
                                             logging_dir=str(run.folder / "logs" / name), skip_completed=True)
            _announce(executor, name, progress, f"on {processes} process(es)")
            _run(executor, name)
        _check_finished(executor, name)


def _announce(executor: object, name: str, progress: Callable[[str], None], where: str) -> None:
    """Say how many of the stage's tasks are left to run (a resumed run skips those recorded as done)."""
    left = len(executor.get_incomplete_ranks(range(executor.world_size)))  # type: ignore[attr-defined]
    progress(f"{name}: {left} of {executor.world_size} task(s) to run {where}")  # type: ignore[attr-defined]


class StageFailed(OSError):
    """A stage ended with tasks that did not finish (a worker failed or died); starting the run again retries them."""


def _run(executor: object, name: str) -> None:
    """Run the executor; a task's failure becomes StageFailed naming the stage and its logs."""
    try:
        executor.run()  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - whatever a task raised, the run can be retried
        raise StageFailed(f"stage {name} failed: {type(exc).__name__}: {str(exc)[:300]} (logs in "
                          f"{executor.logging_dir.path}/logs); run the same command again to retry") from exc  # type: ignore[attr-defined]


def _check_finished(executor: object, name: str) -> None:
    """Raise StageFailed when some of the stage's tasks are not recorded as done (the executor retries, then gives up)."""
    unfinished = executor.get_incomplete_ranks(range(executor.world_size))  # type: ignore[attr-defined]
    if unfinished:
        raise StageFailed(f"stage {name}: task(s) {', '.join(map(str, unfinished[:10]))} failed (their logs are in "
                          f"{executor.logging_dir.path}/logs); run the same command again to retry them")  # type: ignore[attr-defined]


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Standard error of this process and the worker processes it starts, into ``path``; its end is shown on failure."""
    import sys

    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with path.open("ab") as log:
            os.dup2(log.fileno(), 2)
            try:
                yield
            except BaseException:
                os.dup2(saved, 2)
                tail = path.read_text(encoding="utf-8", errors="replace")[-3000:]
                print(f"--- end of {path} ---\n{tail}", file=sys.stderr)
                raise
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _run_on_ray(run: Run, workers: int, address: str | None, progress: Callable[[str], None]) -> None:
    import ray
    from datatrove.executor import RayPipelineExecutor

    started = not ray.is_initialized()
    if started:
        environment = {"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}}
        if address:
            ray.init(address=address, runtime_env=environment, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, runtime_env=environment, log_to_driver=False)
    try:
        for name, tasks, step in stages(run):
            executor = RayPipelineExecutor(pipeline=[step], tasks=tasks, workers=workers, cpus_per_task=1,
                                           mem_per_cpu_gb=0.5, logging_dir=str(run.folder / "logs" / name),
                                           skip_completed=True)
            _announce(executor, name, progress, "as Ray tasks")
            _run(executor, name)
            _check_finished(executor, name)
    finally:
        if started:
            ray.shutdown()


def default_workers() -> int:
    return os.cpu_count() or 1


