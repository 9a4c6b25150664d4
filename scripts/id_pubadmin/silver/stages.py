"""The four stages of a silver run, as plain functions of a run folder and a task rank.

1. :func:`prepare` (one task per shard): read records, extract the article, refuse what is not
   Indonesian or not relevant (``add-seed``'s steps and error ids), and write the documents, their
   MinHash signatures and LSH band tables;
2. :func:`pair` (one task per band, or per few bands): documents sharing a band hash, across every shard;
3. :func:`cluster` (one task): near-duplicate clusters, and which document of each is kept;
4. :func:`annotate` (one task per shard): segment and pre-annotate the kept documents and write
   the shard's Parquet files.

Every task writes its files whole (through a temporary name and a rename) and only then is marked
done by the engine, so a killed run resumes with the tasks that did not finish and writes no row
twice: a rerun task replaces its own files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..seeds.web.duplicates import NUM_PERM, minhash
from ..seeds.web.extract import extract_page
from ..seeds.web.language import detect_language, language_problem
from ..seeds.web.relevance import relevance_problem, relevance_score
from ..seeds.web.urls import url_problem
from . import dedup
from .schema import SILVER_CONFIGS, SPLIT
from .sources import Record, Shard, read_shard

RUN_FOLDER = ".silver-run"
BATCH = 64  # documents pre-annotated and written together
SAID_PROBLEMS = 20  # refused records of a shard named one by one; the rest are counted


@dataclass(frozen=True)
class Run:
    """The folders of a run inside the output folder, and its plan."""

    out: Path

    @property
    def folder(self) -> Path:
        return self.out / RUN_FOLDER

    def plan(self) -> dict[str, Any]:
        return json.loads((self.folder / "plan.json").read_text(encoding="utf-8"))

    def shard(self, rank: int) -> Shard:
        return Shard(**{k: tuple(v) if k == "paths" else v for k, v in self.plan()["shards"][rank].items()})

    def file(self, kind: str, rank: int, suffix: str) -> Path:
        return self.folder / kind / f"{rank:05d}{suffix}"

    def band_file(self, band: int, rank: int) -> Path:
        return self.folder / "bands" / f"{band:03d}" / f"{rank:05d}.npy"

    def data_file(self, config: str, rank: int) -> Path:
        return self.out / config / f"{SPLIT}-{rank:05d}-of-{len(self.plan()['shards']):05d}.parquet"


@contextmanager
def written(path: Path, mode: str = "wb") -> Iterator[Any]:
    """A file opened for writing under a temporary name, renamed to ``path`` only when the block ends well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        with open(temporary, mode) as stream:
            yield stream
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def document_id(text: str) -> str:
    """A document's id: the first 16 hex digits of its text's sha256, so one text has one id wherever it is read."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _document(record: Record, plan: dict[str, Any]) -> tuple[dict[str, Any] | None, Problem | None]:
    """The prepared document of a record, or None and the problem that refuses it (``add-seed``'s checks)."""
    if record.page is not None:
        article = extract_page(record.page)
        if isinstance(article, Problem):
            return None, article
        text, language, confidence, score = article.text, article.language, article.language_confidence, \
            article.relevance
        fields = {"title": article.title, "published": article.published, "outlet": article.outlet,
                  "licence": article.licence, "url": article.url}
    else:
        text, fields = record.text, {"url": record.url}
        language, confidence = detect_language(text)
        score = relevance_score(text)
    where = f"{record.source_file}#{record.source_record}"
    problem = language_problem(language, confidence, where) or relevance_problem(score, plan["min_relevance"], where)
    if problem is None and record.page is not None and fields["url"]:  # published with the rows: a plain address
        problem = url_problem(str(fields["url"]), where)
    if problem is not None:
        return None, problem
    return {
        "document_id": document_id(text), "text": text,
        **{key: fields.get(key) or "" for key in ("url", "title", "published", "outlet", "licence")},
        "language": language, "language_confidence": confidence, "relevance": score,
        "source_file": record.source_file, "source_record": record.source_record, "source_sha256": record.sha256,
        "rights": plan["rights"],
    }, None


def prepare(out: Path, _data: Any, rank: int, _world_size: int) -> None:
    """Stage 1 for shard ``rank``: its documents (gzipped JSON lines), their keys, band tables and refusals."""
    import numpy as np

    run = Run(out)
    plan = run.plan()
    refused: dict[str, int] = {}
    problems: list[str] = []  # the first few refusals, said with their place, error id and reason
    keys, signatures = [], []
    with written(run.file("prepared", rank, ".jsonl.gz")) as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as docs:
        for record in read_shard(run.shard(rank)):
            document, problem = (None, record) if isinstance(record, Problem) else _document(record, plan)
            if problem is not None:
                refused[problem.code] = refused.get(problem.code, 0) + 1
                problems += [str(problem)] if len(problems) < SAID_PROBLEMS else []
                continue
            docs.write((json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
            keys.append([document["document_id"], document["source_file"], document["source_record"]])
            signatures.append(minhash(document["text"]).hashvalues)
    with written(run.file("signatures", rank, ".npy")) as stream:
        np.save(stream, np.array(signatures, dtype="<u8").reshape(len(signatures), NUM_PERM))
    for band, table in enumerate(dedup.band_tables(signatures)):
        with written(run.band_file(band, rank)) as stream:
            np.save(stream, table)
    with written(run.file("keys", rank, ".json"), "w") as stream:
        json.dump({"keys": keys, "refused": refused, "problems": problems}, stream)


def pair_tasks(shards: int) -> int:
    """Tasks of stage 2: one per band, fewer for a crawl of fewer shards (a task then takes several bands)."""
    return min(dedup.BANDS, shards)


def pair(out: Path, _data: Any, task: int, tasks: int) -> None:
    """Stage 2 for bands ``task``, ``task + tasks``, ...: pairs of documents of any shards that share a band hash."""
    import numpy as np

    run = Run(out)
    shards = range(len(run.plan()["shards"]))
    signatures = {rank: np.load(run.file("signatures", rank, ".npy"), mmap_mode="r") for rank in shards}
    for band in range(task, dedup.BANDS, tasks):
        tables = ((rank, np.load(run.band_file(band, rank))) for rank in shards)
        with written(run.file("pairs", band, ".npy")) as stream:
            np.save(stream, dedup.band_pairs(tables, signatures))


def cluster(out: Path, _data: Any, _rank: int, _world_size: int) -> None:
    """Stage 3: per shard, the documents dropped as near-duplicates and the copies each kept one stands for.

    Memory holds the pairs and the keys of paired documents only (one shard's keys at a time are read):
    it grows with the crawl's near-duplicates, not with its documents.
    """
    import numpy as np

    run = Run(out)
    shards = len(run.plan()["shards"])
    pairs = [np.load(run.file("pairs", band, ".npy")) for band in range(dedup.BANDS)]
    paired: dict[int, set[int]] = {}
    for table in pairs:
        for side in ("a", "b"):
            for rank, index in zip(table[f"rank_{side}"].tolist(), table[f"index_{side}"].tolist()):
                paired.setdefault(rank, set()).add(index)
    key = {}
    for rank, indices in paired.items():
        keys = json.loads(run.file("keys", rank, ".json").read_text(encoding="utf-8"))["keys"]
        key.update({(rank, index): tuple(keys[index]) for index in indices})
    dropped = dedup.clusters(pairs, key)
    removed: dict[int, list[int]] = {rank: [] for rank in range(shards)}
    copies: dict[int, dict[int, int]] = {rank: {} for rank in range(shards)}
    for (rank, index), nodes in dropped.items():
        copies[rank][index] = len(nodes)
        for dropped_rank, dropped_index in nodes:
            removed[dropped_rank].append(dropped_index)
    for rank in range(shards):
        with written(run.file("removed", rank, ".json"), "w") as stream:
            json.dump({"removed": sorted(removed[rank]), "copies": copies[rank]}, stream)


def _prepared(run: Run, rank: int) -> Iterator[dict[str, Any]]:
    """The shard's kept documents, with their count of dropped near-duplicates."""
    dedup_result = json.loads(run.file("removed", rank, ".json").read_text(encoding="utf-8"))
    removed, copies = set(dedup_result["removed"]), {int(k): v for k, v in dedup_result["copies"].items()}
    with gzip.open(run.file("prepared", rank, ".jsonl.gz"), "rt", encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if index not in removed:
                yield {**json.loads(line), "near_duplicates": copies.get(index, 0)}


class _ShardWriter:
    """The Parquet files of one shard, one per config, with their row counts."""

    def __init__(self, run: Run, rank: int) -> None:
        self.run, self.rank = run, rank
        self.rows = {config.name: 0 for config in SILVER_CONFIGS}

    def write(self, batches: Iterator[dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
        import pyarrow.parquet as pq

        from ..corpus.features import arrow_schema
        from ..corpus.parquet import WRITE_OPTIONS, encode_rows

        with ExitStack() as stack:
            writers = {}
            for config in SILVER_CONFIGS:
                stream = stack.enter_context(written(self.run.data_file(config.name, self.rank)))
                writers[config.name] = stack.enter_context(pq.ParquetWriter(stream, arrow_schema(config),
                                                                            **WRITE_OPTIONS))
            for batch in batches:
                for config in SILVER_CONFIGS:
                    rows = batch[config.name]
                    self.rows[config.name] += len(rows)
                    writers[config.name].write_table(encode_rows(config, rows))
        return {self.run.data_file(c.name, self.rank).relative_to(self.run.out).as_posix():
                {"rows": self.rows[c.name]} for c in SILVER_CONFIGS}


def annotate(out: Path, _data: Any, rank: int, _world_size: int) -> None:
    """Stage 4 for shard ``rank``: rows of its kept documents, written as the shard's Parquet files."""
    from ..predictor.linking import Registry
    from .annotate import document_rows

    run = Run(out)
    registry = Registry.of(run.plan().get("registry", []))
    model = run.plan().get("model")

    def batches() -> Iterator[dict[str, list[dict[str, Any]]]]:
        batch: list[dict[str, Any]] = []
        for document in _prepared(run, rank):
            batch.append(document)
            if len(batch) == BATCH:
                yield document_rows(batch, registry, model)
                batch = []
        if batch:
            yield document_rows(batch, registry, model)

    entries = _ShardWriter(run, rank).write(batches())
    with written(run.file("entries", rank, ".json"), "w") as stream:
        json.dump(entries, stream)
