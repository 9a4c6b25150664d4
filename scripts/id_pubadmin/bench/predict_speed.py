"""How cheap ``predict`` is: its start-up in CPU-seconds, and sentences of real-length articles per CPU-second.

Start-up is the CPU time (user + system, ``getrusage`` of the child) of a whole
``python -m id_pubadmin predict`` run on one short text, so it counts the imports and the loading
of the model, which is what a user waits for; best of three. Throughput is the combined predictor
(model and rules, no gazetteer) over whole articles, the ones a project predicts, pinned to one core
and timed with :func:`time.process_time`; sentences are counted by the project's segmenter.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..predictor.predict import predict_documents
from ..segment.sentences import split_sentences

PACKAGE_PARENT = Path(__file__).resolve().parents[2]
SHORT = "Bupati Banyuwangi Ipuk Fiestiandani membuka pelatihan di Kantor Pemkab Banyuwangi, Senin (9/11/2022)."


def startup(corpus: Path | None = None, model_dir: Path | None = None, repeats: int = 3) -> float:
    """CPU-seconds of the best of ``repeats`` runs of ``predict`` on one short text, in a fresh process, with the
    gazetteer of ``corpus``'s gold (None: none)."""
    best = float("inf")
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-bench-") as work:
        given = Path(work) / "in.jsonl"
        given.write_text(json.dumps({"id": "a", "text": SHORT}) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "id_pubadmin", "predict", str(given), "--out", str(Path(work) / "out.jsonl"),
                   "--quiet", *(["--corpus", str(corpus.resolve())] if corpus else ["--no-gazetteer"]),
                   *(["--model", str(model_dir)] if model_dir else [])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")])}
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, capture_output=True, cwd=work, env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return round(best, 2)


def throughput(articles: list[str], repeats: int = 3) -> dict:
    """Sentences per CPU-second of the combined predictor over ``articles``, on one core, best of ``repeats``."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    list(predict_documents(articles[:2]))  # loads the model
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        list(predict_documents(articles))
        best = min(best, time.process_time() - started)
    sentences = sum(len(split_sentences(text)) for text in articles)
    return {"articles": len(articles), "sentences": sentences, "cpu_seconds": round(best, 3),
            "sentences_per_cpu_second": round(sentences / best)}


def articles(corpus_texts: list[str], folders: list[Path], at_least: int = 2000) -> list[str]:
    """Real-length article texts (the corpus's and every ``*.txt`` of ``folders``), repeated to ``at_least`` sentences."""
    texts = [*corpus_texts, *(p.read_text(encoding="utf-8") for f in folders for p in sorted(f.glob("*.txt")))]
    texts = [text for text in texts if text.strip()]
    count = sum(len(split_sentences(text)) for text in texts) or 1
    return texts * max(1, -(-at_least // count))


def lines(alone: float, with_gazetteer: float, pace: dict) -> list[str]:
    """The figures as Markdown lines."""
    return [f"Start-up of `predict` on one short text (imports and model loading): **{alone} CPU-s** without a "
            f"gazetteer, **{with_gazetteer} CPU-s** with the corpus's gold as gazetteer (best of 3).",
            f"Throughput of the combined predictor on real-length articles, one core: "
            f"**{pace['sentences_per_cpu_second']:,} sentences per CPU-second** ({pace['sentences']:,} sentences of "
            f"{pace['articles']} articles in {pace['cpu_seconds']} CPU-s, best of 3, model loaded)."]


# Long texts of shapes a hostile or broken input takes, each as long as :func:`long_texts` asks.
SHAPES = {
    "no full stop, capitalised words": "Kabupaten Banyuwangi Dinas Kominfo Jawa Timur ",
    "acronyms only": "BPS LAN RI SPBE KPK ",
    "a list of names": "Budi, Ani, Dedi, ",
    "titles and heads": "Kepala Dinas Kepala Bagian Ketua ",
    "ranks": "AKBP Pol. ",
    "names before speech verbs": "Budi Santoso Wijaya mengatakan ",
    "quotes": '"Kata dia," ujar Budi. ',
    "opening quotation marks": "\u201c ",
}


def long_texts(real: list[str], characters: int = 100_000) -> list[dict]:
    """CPU-seconds of the combined predictor on one text of ``characters`` code points per shape: the ``real``
    articles joined, then each of :data:`SHAPES` repeated (model loaded, one core)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    list(predict_documents([SHORT]))  # loads the model
    joined = "\n\n".join(real)
    shapes = {"real articles, joined": (joined * (characters // max(len(joined), 1) + 1))[:characters],
              **{name: (unit * (characters // len(unit) + 1))[:characters] for name, unit in SHAPES.items()}}
    rows = []
    for name, text in shapes.items():
        started = time.process_time()
        list(predict_documents([text]))
        seconds = time.process_time() - started
        rows.append({"shape": name, "characters": len(text), "cpu_seconds": round(seconds, 2),
                     "kb_per_cpu_second": round(len(text) / 1000 / seconds, 1)})
    return rows


def long_text_table(rows: list[dict]) -> str:
    """:func:`long_texts` as a Markdown table."""
    return "\n".join(["| text | characters | CPU-s | KB per CPU-s |", "| --- | ---: | ---: | ---: |",
                      *(f"| {r['shape']} | {r['characters']:,} | {r['cpu_seconds']} | {r['kb_per_cpu_second']} |"
                        for r in rows)])
