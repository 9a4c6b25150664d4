"""``python -m id_pubadmin.bench silver``: documents and sentences per second, CPU and memory of
``id-pubadmin silver`` per engine.

Each size is generated input (:mod:`.crawl`): by default one JSONL file of invented articles of a
news article's length (15-40 sentences), or WARC files of invented pages of
:data:`DOCUMENTS_PER_FILE` pages each; the command runs on it in a subprocess, start-up included.
Memory is sampled from ``/proc`` over the whole process tree (the command, its worker processes,
and Ray's own processes on the Ray engine): the peak of the sum, and the peak of the largest single
process (what one worker needs). CPU is the user and system time of every process of that tree,
read from ``/proc`` at each sample (so up to half a second of each process's end is missed), so that
a run on a machine other jobs share can still say what the work costs; the load average before and
after says how shared it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .crawl import write_articles, write_crawl

DOCUMENTS_PER_FILE = 1_000
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Measure:
    engine: str
    documents: int
    kept: int
    sentences: int  # of the kept documents, as the segmenter cut them
    seconds: float
    cpu_seconds: float  # every process of the command's tree, as last sampled
    load: tuple[float, float]  # one-minute load average before and after
    peak_total_mb: float
    peak_process_mb: float

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds


def _tree(root: int) -> dict[int, tuple[int, float]]:
    """Resident bytes and CPU seconds (user and system) of ``root`` and every process below it, by process id."""
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
    found = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as stream:
                resident = int(stream.read().split()[1]) * PAGE
            with open(f"/proc/{pid}/stat", "rb") as stream:
                times = stream.read().rsplit(b")", 1)[1].split()[11:13]  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
        found[pid] = (resident, (int(times[0]) + int(times[1])) / TICKS)
    return found


def write_input(folder: Path, documents: int, kind: str, sentences: tuple[int, int]) -> list[Path]:
    """Generated input of ``documents`` documents: one JSONL file of articles, or WARC files of pages."""
    if kind == "jsonl":
        return [write_articles(folder / "articles.jsonl", documents, sentences).path]
    return write_crawl(folder / "crawl", documents, files=max(1, documents // DOCUMENTS_PER_FILE)).files


def run_size(documents: int, engine: str, workers: int, tmp: Path | None = None, kind: str = "jsonl",
             sentences: tuple[int, int] = (15, 40)) -> Measure:
    """Generate ``documents`` documents of ``kind`` input and time ``id-pubadmin silver`` on them."""
    with tempfile.TemporaryDirectory(prefix="silver-bench-", dir=tmp) as folder:
        inputs = write_input(Path(folder), documents, kind, sentences)
        out = Path(folder) / "silver"
        command = [sys.executable, "-m", "id_pubadmin", "silver", *map(str, inputs), "--out", str(out),
                   "--rights", "invented benchmark pages", "--engine", engine, "--workers", str(workers), "-q"]
        peaks = [0, 0]
        cpu: dict[int, float] = {}
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def sample() -> None:
            while process.poll() is None:
                found = _tree(process.pid)
                sizes = [resident for resident, _ in found.values()]
                peaks[0], peaks[1] = max(peaks[0], sum(sizes)), max([peaks[1], *sizes])
                cpu.update({pid: seconds for pid, (_, seconds) in found.items()})
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - start
        load_after = os.getloadavg()[0]
        sampler.join()
        if process.returncode:
            raise RuntimeError(f"id-pubadmin silver failed on {documents:,} documents:\n{stderr[-2000:]}")
    kept, kept_sentences = summary_counts(stdout)
    return Measure(engine, documents, kept, kept_sentences, seconds, sum(cpu.values()), (load_before, load_after),
                   peaks[0] / 2**20, peaks[1] / 2**20)


def summary_counts(stdout: str) -> tuple[int, int]:
    """Documents and sentences of the silver command's summary line (``DIR: 1,234 documents, 5,678 sentences, ...``)."""
    found = re.search(r": ([\d,]+) documents, ([\d,]+) sentences", stdout)
    if found is None:
        raise RuntimeError(f"id-pubadmin silver printed no summary: {stdout[-500:]!r}")
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def table(measures: list[Measure]) -> str:
    """The Markdown table of the measures."""
    lines = ["| engine | documents | kept | sentences | wall time | documents/s | sentences/s | CPU | load before/after | "
             "peak memory, all processes | peak memory, largest process |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {m.engine} | {m.documents:,} | {m.kept:,} | {m.sentences:,} | {m.seconds:,.0f} s | "
              f"{m.per_second:,.1f} | {m.sentences_per_second:,.0f} | {m.cpu_seconds:,.0f} s | "
              f"{m.load[0]:.1f} / {m.load[1]:.1f} | {m.peak_total_mb:,.0f} MB | {m.peak_process_mb:,.0f} MB |"
              for m in measures]
    return "\n".join(lines)


def main(sizes: list[int], engines: list[str], workers: int, tmp: Path | None, kind: str = "jsonl",
         sentences: tuple[int, int] = (15, 40)) -> int:
    measures = []
    for size in sizes:
        for engine in engines:
            measures.append(run_size(size, engine, workers, tmp, kind, sentences))
            print(table(measures[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    source = (f"one JSONL file of invented articles of {sentences[0]}-{sentences[1]} sentences" if kind == "jsonl"
              else f"WARC files of {DOCUMENTS_PER_FILE:,} invented pages")
    print(f"{workers} worker(s); Python {sys.version.split()[0]}, {os.cpu_count()} cores; {source}; CPU is "
          "sampled from the command's process tree (its workers included)\n")
    print(table(measures))
    return 0
