"""The gold entity mentions of a built corpus, read lean for the predictor's gazetteer.

``predict`` starts in under two CPU-seconds only if it does not import ``datasets`` (about a
second) to read a gazetteer: this reads the ``entities`` Parquet files with pyarrow alone, three
columns, label ids turned into names. It does not check the rows (``validate`` and the build do).
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UsageError
from ..core.labels import ENTITY_LABELS


def gold_mentions(corpus: Path) -> list[dict]:
    """``{"text", "label", "entity_id"}`` of every gold entity mention of the corpus, split by split, in file order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    mentions = []
    for path in sorted((corpus / "entities").glob("*.parquet")):
        try:
            table = pq.ParquetFile(path).read(columns=["text", "label", "entity_id"])  # read_table imports pandas
            mentions += [{"text": text, "label": ENTITY_LABELS[label], "entity_id": entity_id}
                         for text, label, entity_id in zip(*(table.column(name).to_pylist()
                                                             for name in ("text", "label", "entity_id")))]
        except (OSError, pa.ArrowException, IndexError, TypeError) as error:
            raise UsageError(f"{path}: cannot be read as the corpus's entities ({error}); check it with "
                             "`id-pubadmin validate`, or leave the gazetteer out with --no-gazetteer") from None
    return mentions
