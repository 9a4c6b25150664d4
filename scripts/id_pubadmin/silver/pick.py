"""``id-pubadmin silver pick``: the silver documents most worth annotating next.

A document is worth more the more it is about public administration (its relevance) and the less
the predictor knows about it (its ``uncertainty``, stored by the run: expected wrong regions and
the model's doubt, per sentence). The ranking is :func:`..predictor.picking.rank`, the one
``studio push --order uncertain`` uses: score = uncertainty x relevance x novelty (the share of
the document's names that no document picked before it holds), near-duplicates of a picked
document or of a seed the project holds (``add-seed``'s duplicate check) passed over, ties to the
smaller document id. The picked pages can be written to one WARC file, ready for ``add-seed``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.outputs import guard_output
from ..predictor.picking import Candidate, rank
from ..seeds.web.duplicates import NearDuplicateIndex
from .stages import written

COLUMNS = ["document_id", "relevance", "uncertainty", "url", "source_file", "source_record"]
PICKED_BY = "id-pubadmin silver pick"  # the software its WARC files' warcinfo record names


def pick(folder: Path, count: int, seed_index: NearDuplicateIndex | None = None) -> list[dict[str, Any]]:
    """The ``count`` best documents, no two near-duplicates, none a near-duplicate of an indexed seed;
    each with the ``novelty`` and ``score`` it was ranked by."""
    import pyarrow.dataset as ds

    documents = ds.dataset(str(folder / "documents"), format="parquet")
    if "uncertainty" not in documents.schema.names:
        raise UsageError(f"{folder} was made before silver runs stored each document's uncertainty; make it again "
                         "(`id-pubadmin silver INPUT... --out NEW_DIR`) to pick from it")
    rows = {row["document_id"]: row for row in documents.to_table(columns=COLUMNS).to_pylist()}

    def texts(ids: Sequence[str]) -> dict[str, str]:
        table = documents.to_table(columns=["document_id", "text"], filter=ds.field("document_id").isin(list(ids)))
        return dict(zip(*table.to_pydict().values()))

    candidates = [Candidate(key, row["uncertainty"], row["relevance"]) for key, row in rows.items()]
    return [{**rows[c.key], "novelty": c.novelty, "score": c.score} for c in rank(candidates, count, texts, seed_index)]


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


def from_archive(document: dict[str, Any]) -> bool:
    """Whether a silver document was read from a WARC file (so its page can be copied out)."""
    return re.search(r"\.warc(\.gz)?$", document["source_file"], re.IGNORECASE) is not None


def _records(picked: list[dict[str, Any]]) -> dict[str, set[int]]:
    """The WARC files the picked documents come from, and the numbers of their records in each."""
    wanted: dict[str, set[int]] = {}
    for document in filter(from_archive, picked):
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
