"""``id-pubadmin silver pick``: the silver documents most worth annotating next.

A document is worth more the more it is about public administration (its relevance) and the less
the pre-annotator found in it per sentence (its predictions are what an annotator would have to
draw: few regions in a relevant text is where the predictor is weakest), and it is left out when
it is a near-duplicate of a seed the project holds (``add-seed``'s duplicate check). Ties go to the
smaller document id. The picked pages can be written to one WARC file, ready for ``add-seed``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.outputs import guard_output
from ..seeds.web.duplicates import NearDuplicateIndex, minhash
from .stages import written

CANDIDATES = 10  # documents ranked per pick before duplicates of gold are left out
PICKED_BY = "id-pubadmin silver pick"  # the software its WARC files' warcinfo record names


def scores(folder: Path) -> list[dict[str, Any]]:
    """Every silver document with its relevance, predicted regions per sentence and score, best first."""
    import pyarrow.dataset as ds

    documents = ds.dataset(str(folder / "documents"), format="parquet").to_table(
        columns=["document_id", "relevance", "url", "source_file", "source_record"]).to_pylist()
    counts: dict[str, dict[str, int]] = {}
    for config in ("sentences", "entities", "quotes"):
        table = ds.dataset(str(folder / config), format="parquet").to_table(columns=["document_id"])
        grouped = table.group_by("document_id").aggregate([("document_id", "count")])
        for document_id, count in zip(grouped["document_id"].to_pylist(), grouped["document_id_count"].to_pylist()):
            counts.setdefault(document_id, {})[config] = count
    ranked = []
    for document in documents:
        found = counts.get(document["document_id"], {})
        density = (found.get("entities", 0) + found.get("quotes", 0)) / max(1, found.get("sentences", 0))
        ranked.append({**document, "regions_per_sentence": round(density, 3),
                       "score": round(document["relevance"] / (1.0 + density), 4)})
    return sorted(ranked, key=lambda d: (-d["score"], d["document_id"]))


def pick(folder: Path, count: int, seed_index: NearDuplicateIndex | None = None) -> list[dict[str, Any]]:
    """The ``count`` best documents that are no near-duplicate of an indexed seed."""
    import pyarrow.dataset as ds

    chosen: list[dict[str, Any]] = []
    ranked = scores(folder)
    documents = ds.dataset(str(folder / "documents"), format="parquet")
    for start in range(0, len(ranked), count * CANDIDATES):
        batch = ranked[start:start + count * CANDIDATES]
        ids = [d["document_id"] for d in batch]
        texts = dict(zip(*documents.to_table(columns=["document_id", "text"],
                                              filter=ds.field("document_id").isin(ids)).to_pydict().values()))
        for document in batch:
            copied = seed_index.nearest(minhash(texts[document["document_id"]])) if seed_index else None
            if copied is None:
                chosen.append(document)
            if len(chosen) == count:
                return chosen
    return chosen


def is_picked_pages(path: Path) -> bool:
    """Whether ``path`` is a WARC file :func:`write_picked_pages` wrote (its first record says so)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            first = next(iter(ArchiveIterator(stream)), None)
            return first is not None and first.rec_type == "warcinfo" and \
                PICKED_BY.encode() in first.content_stream().read(4096)
    except (OSError, ArchiveLoadFailed, ValueError):
        return False


def _records(picked: list[dict[str, Any]]) -> dict[str, set[int]]:
    """The WARC files the picked documents come from, and the numbers of their records in each."""
    wanted: dict[str, set[int]] = {}
    for document in picked:
        if re.search(r"\.warc(\.gz)?$", document["source_file"], re.IGNORECASE):
            wanted.setdefault(document["source_file"], set()).add(document["source_record"])
    return wanted


def guard_picked_pages(picked: list[dict[str, Any]], out: Path, reads: Iterable[Path] = ()) -> None:
    """OutputRefused unless ``out`` passes the output rule against the archives the pages are copied from and
    ``reads`` (the silver folder, the seeds), and is new or a file :func:`write_picked_pages` wrote."""
    guard_output(out, [*map(Path, _records(picked)), *reads], made_here=is_picked_pages)


def write_picked_pages(picked: list[dict[str, Any]], out: Path, reads: Iterable[Path] = ()) -> int:
    """Copy the pages of picked documents read from WARC files into one WARC file (:func:`guard_picked_pages`
    first); how many were copied."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    wanted = _records(picked)
    guard_picked_pages(picked, out, reads)
    copied = 0
    with written(out) as sink:  # every source is read before ``out`` is replaced
        writer = WARCWriter(sink, gzip=out.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(out.name, {"software": PICKED_BY}))
        for source, numbers in sorted(wanted.items()):
            with open(source, "rb") as stream:
                for number, record in enumerate(ArchiveIterator(stream), 1):
                    if number not in numbers:
                        continue
                    headers = StatusAndHeaders("200 OK", record.http_headers.headers, protocol="HTTP/1.1")
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    body = io.BytesIO(record.content_stream().read())
                    writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=headers))
                    copied += 1
    return copied
