"""The export benchmark: how much memory and time reading and checking a large export takes.

A generated export repeats the tasks of a committed export (with their annotations) under new
document ids until it reaches the wanted size; its documents are the repeated texts. Each reader
runs in its own process, whose peak resident memory the kernel reports:

- ``read_export``: the build's and ``validate``'s reader, streamed task by task, with every check;
- ``json.loads``: the whole file parsed at once, as the reader did before (for comparison).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..annotations.label_config import DOCUMENT_ID

_MEASURE = """
import json, resource, sys
from pathlib import Path
path, mode, template = Path(sys.argv[1]), sys.argv[2], json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
count = int(sys.argv[4])
if mode == "read_export":
    from id_pubadmin.annotations.export import read_export
    texts = [task["data"]["text"] for task in template]
    documents = {f"bench-{n:06d}": texts[n % len(texts)] for n in range(count)}
    found = len(read_export(path, documents).entities)
else:
    found = len(json.loads(path.read_bytes()))
print(found, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def generate(template: list[dict], megabytes: float, path: Path) -> int:
    """Write an export of about ``megabytes`` MB repeating ``template``'s tasks; the number of tasks."""
    target, count = megabytes * 1_000_000, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        while out.tell() < target:
            task = template[count % len(template)]
            copy = {**task, "id": count + 1, "data": {**task["data"], DOCUMENT_ID: f"bench-{count:06d}"},
                    "annotations": [_renamed(a, f"-{count}") for a in task.get("annotations") or []]}
            out.write(("," if count else "") + json.dumps(copy, ensure_ascii=False))
            count += 1
        out.write("]")
    return count


def _renamed(annotation: dict, suffix: str) -> dict:
    """The annotation with its region ids made unique in the export (region ids name one region)."""
    keys = ("id", "from_id", "to_id")
    result = [{**r, **{k: r[k] + suffix for k in keys if isinstance(r.get(k), str)}} for r in annotation["result"]]
    return {**annotation, "result": result}


def measure(path: Path, mode: str, template_path: Path, count: int) -> tuple[str, float, float]:
    """(what the reader found, seconds, peak MB) of one reader in its own process."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path), mode, str(template_path), str(count)],
                          capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["failed"])[-1][:60], seconds, float("nan")
    found, peak_kb = done.stdout.split()
    return found, seconds, int(peak_kb) / 1024


def run(template_path: Path, sizes: list[float], tmp: Path | None = None) -> str:
    """The Markdown table of both readers on generated exports of each size (MB)."""
    template = json.loads(template_path.read_text(encoding="utf-8"))
    lines = ["| export MB | tasks | reader | found | seconds | peak memory MB |", "|---:|---:|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        for size in sizes:
            path = Path(folder) / f"export-{size:g}mb.json"
            count = generate(template, size, path)
            for mode, found_what in (("read_export", "entities"), ("json.loads", "tasks")):
                found, seconds, peak = measure(path, mode, template_path, count)
                lines.append(f"| {path.stat().st_size / 1e6:,.0f} | {count:,} | {mode} | {found} {found_what} | "
                             f"{seconds:.1f} | {peak:,.0f} |")
                print(lines[-1], file=sys.stderr, flush=True)
            path.unlink()
    return "\n".join(lines)
