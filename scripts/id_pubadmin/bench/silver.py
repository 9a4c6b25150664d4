"""``python -m id_pubadmin.bench silver``: documents per second and memory of ``id-pubadmin silver`` per engine.

Each size is a generated crawl (:mod:`.crawl`, WARC files of :data:`DOCUMENTS_PER_FILE` pages, so
one shard each) run by the command in a subprocess. Memory is sampled from ``/proc`` over the
whole process tree (the command, its worker processes, and Ray's own processes on the Ray engine):
the peak of the sum, and the peak of the largest single process (what one worker needs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .crawl import write_crawl

DOCUMENTS_PER_FILE = 1_000
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Measure:
    engine: str
    documents: int
    kept: int
    seconds: float
    peak_total_mb: float
    peak_process_mb: float

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds


def _tree_rss(root: int) -> list[int]:
    """Resident bytes of ``root`` and every process below it."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stream:
                    parents[int(entry)] = int(stream.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    sizes = []
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as stream:
                sizes.append(int(stream.read().split()[1]) * PAGE)
        except (OSError, IndexError, ValueError):
            continue
    return sizes


def run_size(documents: int, engine: str, workers: int, tmp: Path | None = None) -> Measure:
    """Generate a crawl of ``documents`` pages and time ``id-pubadmin silver`` on it."""
    with tempfile.TemporaryDirectory(prefix="silver-bench-", dir=tmp) as folder:
        crawl = write_crawl(Path(folder) / "crawl", documents, files=max(1, documents // DOCUMENTS_PER_FILE))
        out = Path(folder) / "silver"
        command = [sys.executable, "-m", "id_pubadmin", "silver", *map(str, crawl.files), "--out", str(out),
                   "--rights", "invented benchmark pages", "--engine", engine, "--workers", str(workers), "-q"]
        peaks = [0, 0]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def sample() -> None:
            while process.poll() is None:
                sizes = _tree_rss(process.pid)
                peaks[0], peaks[1] = max(peaks[0], sum(sizes)), max([peaks[1], *sizes])
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - start
        sampler.join()
        if process.returncode:
            raise RuntimeError(f"id-pubadmin silver failed on {documents:,} documents:\n{stderr[-2000:]}")
        kept = int(stdout.split(": ", 1)[1].split(" documents")[0].replace(",", ""))
    return Measure(engine, documents, kept, seconds, peaks[0] / 2**20, peaks[1] / 2**20)


def table(measures: list[Measure]) -> str:
    """The Markdown table of the measures."""
    lines = ["| engine | documents | kept | wall time | documents/s | peak memory, all processes | "
             "peak memory, largest process |", "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {m.engine} | {m.documents:,} | {m.kept:,} | {m.seconds:,.0f} s | {m.per_second:,.1f} | "
              f"{m.peak_total_mb:,.0f} MB | {m.peak_process_mb:,.0f} MB |" for m in measures]
    return "\n".join(lines)


def main(sizes: list[int], engines: list[str], workers: int, tmp: Path | None) -> int:
    measures = []
    for size in sizes:
        for engine in engines:
            measures.append(run_size(size, engine, workers, tmp))
            print(table(measures[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(f"{workers} worker(s); Python {sys.version.split()[0]}, {os.cpu_count()} cores; WARC files of "
          f"{DOCUMENTS_PER_FILE:,} pages (one shard each)\n")
    print(table(measures))
    return 0
