"""Work that grows with the input stays linear in it: export validation in its regions, predict in its lines.

No test is timed (figures come from ``python -m id_pubadmin.bench``): each counts the steps that were
quadratic, or measures memory in a subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_fixtures import EXPORT_NAME, base_rows, make_project
from id_pubadmin.annotations import checks
from id_pubadmin.validate import validate_project


def _with_copies(export: Path, copies: int) -> int:
    """Repeat every region of the export's first annotation ``copies`` times under new ids; the relation count."""
    tasks = json.loads(export.read_text(encoding="utf-8"))
    result = tasks[0]["annotations"][0]["result"]
    regions = [item for item in result if item.get("type") != "relation" and "value" in item]
    result += [{**item, "id": f"{item['id']}-copy{n}"} for n in range(copies) for item in regions]
    export.write_text(json.dumps(tasks), encoding="utf-8")
    return sum(item.get("type") == "relation" for item in result)


@pytest.mark.parametrize("copies", [5, 50])
def test_validating_an_export_looks_at_each_relation_a_bounded_number_of_times(
        copies: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking every region for its quote links read all relations once per region (10,000 regions: 6 s,
    100,000: minutes); now the links of a task are found once per relation label."""
    layout = make_project(tmp_path / "project", base_rows())
    relations = _with_copies(layout.exports / EXPORT_NAME, copies)
    calls = []
    arrow = checks.arrow
    monkeypatch.setattr(checks, "arrow", lambda relation, regions: calls.append(1) or arrow(relation, regions))
    problems = validate_project(layout, [layout.exports / EXPORT_NAME]).problems
    assert "span-overlap" in {problem.code for problem in problems}  # the copies overlap their originals
    assert 0 < len(calls) <= 4 * relations, (len(calls), relations)
