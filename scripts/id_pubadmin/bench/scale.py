"""The scale benchmark: build, validate, verify and load synthetic corpora of growing size.

Articles are made of real Indonesian sentences (the ``# text`` lines of a CoNLL-U treebank, or a
plain file of one sentence a line) in the seed format: a date field, a dateline, paragraphs of
five sentences, three direct quotes, the end mark. Each size is built in a temporary copy of the
project; every command runs in its own process, and its wall time, CPU time (with its worker
processes) and peak resident memory (of its largest process) are measured by the kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..seeds.seed_files import parse_seed
from ..seeds.seed_metadata import metadata_for, metadata_path
from .conllu import read_conllu

SENTENCES_PER_ARTICLE, SENTENCES_PER_PARAGRAPH, QUOTES_PER_ARTICLE = 25, 5, 3
OUTLETS = ("KABAR.ID", "WARTA.CO.ID", "BERITA.COM", "SUARA.ID", "HARIAN.ID")
PLACES = ("JAKARTA", "SURABAYA", "BANDUNG", "MAKASSAR", "MEDAN", "BANYUWANGI", "SEMARANG")
SPEAKERS = ("Budi Santoso", "Sri Wahyuni", "Agus Salim", "Dewi Lestari", "Hendra Gunawan")
PROJECT_FILES = ("pyproject.toml", "DATASET_CARD.md", "LICENSE-DATA.md", "CHANGELOG.md",
                 "annotations/label_config.xml")
RIGHTS = "synthetic benchmark text made of treebank sentences"
ADDED = 100  # seeds added in one add-seed call


def read_sentences(source: Path) -> list[str]:
    """Sentences of a CoNLL-U file, of every CoNLL-U file in a folder, or of a text file (one a line)."""
    paths = sorted(source.glob("*.conllu")) if source.is_dir() else [source]
    sentences: list[str] = []
    for path in paths:
        if path.suffix == ".conllu":
            sentences += [unit.text for unit in read_conllu(path)]
        else:
            sentences += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [s for s in sentences if s.endswith((".", "!", "?")) and "“" not in s and "”" not in s]
    if len(sentences) < SENTENCES_PER_ARTICLE:
        raise ValueError(f"{source} holds {len(sentences)} usable sentences; {SENTENCES_PER_ARTICLE} are needed")
    return sentences


def article(index: int, sentences: list[str]) -> str:
    """The raw seed of synthetic article ``index``: sentences picked by a generator seeded with the index."""
    rng = random.Random(index)
    picked = rng.sample(sentences, SENTENCES_PER_ARTICLE)
    for position in rng.sample(range(SENTENCES_PER_ARTICLE), QUOTES_PER_ARTICLE):
        picked[position] = f"“{picked[position][:-1]},” kata {rng.choice(SPEAKERS)}."
    paragraphs = [" ".join(picked[i:i + SENTENCES_PER_PARAGRAPH])
                  for i in range(0, SENTENCES_PER_ARTICLE, SENTENCES_PER_PARAGRAPH)]
    dateline = f"{rng.choice(OUTLETS)}, {rng.choice(PLACES)} - "
    return f"date {2020 + index % 6}-{index % 12 + 1:02d} {dateline}" + "\n\n".join(paragraphs) + " ****\n"


def write_articles(seeds: Path, indices: range, sentences: list[str], metadata: bool = True) -> int:
    """Write the seeds (and metadata) of articles ``indices``; returns their characters of document text."""
    seeds.mkdir(parents=True, exist_ok=True)
    characters = 0
    for index in indices:
        raw = article(index, sentences)
        path = seeds / f"{index:06d}_{hashlib.sha256(raw.encode()).hexdigest()[:16]}.txt"
        path.write_text(raw, encoding="utf-8")
        seed = parse_seed(path)
        if metadata:
            metadata_path(path).write_text(json.dumps(metadata_for(seed, RIGHTS)), encoding="utf-8")
        characters += len(seed.text)
    return characters


def project_copy(source: Path, target: Path) -> None:
    """The files of the project at ``source`` a build needs, without its seeds, exports or corpus."""
    for name in PROJECT_FILES:
        if (source / name).exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / name, target / name)
    (target / "annotations" / "exports").mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class Measure:
    """One command's cost."""

    step: str
    wall: float
    cpu: float
    max_rss_mb: float
    exit_code: int


def measure(step: str, command: list[str], env: dict[str, str]) -> Measure:
    """Run ``command`` and measure it (CPU includes the worker processes it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measure(step, time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   process.returncode)


LOAD = ("import sys; from datasets import load_dataset; "
        "print(len(load_dataset(sys.argv[1], 'sentences', split='train')))")


def run_size(articles: int, sentences: list[str], project: Path, jobs: int, keep: Path | None) -> tuple[int, int, list[Measure]]:
    """Generate ``articles`` articles, build them cold, release them (not measured), build again unchanged
    (skipped as up to date, then forced with ``--rebuild``: documents from the cache), validate, verify,
    load with ``datasets``, add metadata to 100 new seeds with one ``add-seed``, and build once more
    after adding one seed.

    Returns the characters, the rows of the cold build, and the measures.
    """
    with tempfile.TemporaryDirectory(prefix=f"id-pubadmin-scale-{articles}-", dir=keep) as folder:
        root = Path(folder)
        project_copy(project, root)
        characters = write_articles(root / "seeds", range(articles), sentences)
        env = {**os.environ, "HF_HOME": str(root / ".hf"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
        cli = [sys.executable, "-m", "id_pubadmin", "--root", str(root)]
        measures = [measure("build (cold)", [*cli, "build", "-q", "-j", str(jobs)], env)]
        manifest = json.loads((root / "corpus" / "MANIFEST.json").read_text(encoding="utf-8"))
        rows = sum(entry.get("rows", 0) for entry in manifest["files"].values())
        version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        subprocess.run([*cli, "release", version], env=env, check=True, capture_output=True)
        measures.append(measure("build (unchanged: up to date)", [*cli, "build", "-q", "-j", str(jobs)], env))
        measures.append(measure("build --rebuild (unchanged)", [*cli, "build", "-q", "--rebuild", "-j", str(jobs)],
                                env))
        measures.append(measure("validate", [*cli, "validate", "-q"], env))
        log = shutil.copy(root / "corpus" / "RELEASES.json", root / "RELEASES.json")  # the log as published
        measures.append(measure("verify", [*cli, "verify", "-q", "--releases", str(log)], env))
        measures.append(measure("load_dataset", [sys.executable, "-c", LOAD, str(root / "corpus")], env))
        before = set((root / "seeds").iterdir())
        write_articles(root / "seeds", range(articles + 1, articles + 1 + ADDED), sentences, metadata=False)
        measures.append(measure(f"add-seed ({ADDED} files)", [*cli, "add-seed", str(root / "seeds"), "--rights",
                                                              RIGHTS], env))
        for added in set((root / "seeds").iterdir()) - before:  # the next build measures one new seed alone
            added.unlink()
        write_articles(root / "seeds", range(articles, articles + 1), sentences)
        measures.append(measure("build (one new seed)", [*cli, "build", "-q", "-j", str(jobs)], env))
        return characters, rows, measures


def table(results: list[tuple[int, int, int, list[Measure]]]) -> str:
    """The measures as a Markdown table."""
    lines = ["| articles | characters | rows | step | wall s | CPU s | max RSS MB |",
             "| ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for articles, characters, rows, measures in results:
        for m in measures:
            note = "" if m.exit_code == 0 else f" (exit {m.exit_code})"
            lines.append(f"| {articles:,} | {characters:,} | {rows:,} | {m.step}{note} | {m.wall:.1f} | {m.cpu:.1f} "
                         f"| {m.max_rss_mb:.0f} |")
    return "\n".join(lines)
