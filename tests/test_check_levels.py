"""The levels of checks, declared once and run one way by the checks of exports and of corpus rows,
and the rules both stages check with one function and one error id."""

from __future__ import annotations

from pathlib import Path

from corpus_fixtures import FIXTURES, base_rows, patched
from id_pubadmin.annotations import export as ls_export
from id_pubadmin.core.errors import (
    CROSS_REFERENCES,
    FORMAT,
    GUIDELINES,
    LEVELS,
    OFFSETS,
    Problem,
    first_failing,
    lowest_level,
)
from id_pubadmin.corpus import checks as corpus_checks
from id_pubadmin.corpus.checks import check_rows
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export, codes, write


def _problem(code: str, level: int) -> Problem:
    return Problem(code, level, "file", "", "reason")


def test_levels_are_declared_in_order() -> None:
    assert list(LEVELS) == [FORMAT, OFFSETS, CROSS_REFERENCES, GUIDELINES] == [1, 2, 3, 4]
    assert all(level.name and level.scope for level in LEVELS.values())


def test_checks_run_in_level_order_and_stop_at_the_first_that_fails() -> None:
    ran: list[str] = []

    def check(name: str, level: int, fails: bool):
        def run(value: int) -> list[Problem]:
            ran.append(f"{name}({value})")
            return [_problem(name, level)] if fails else []
        return level, run

    checks = [check("rules", GUIDELINES, True), check("refs", CROSS_REFERENCES, False),
              check("offsets", OFFSETS, False), check("refs-2", CROSS_REFERENCES, True),
              check("refs-3", CROSS_REFERENCES, True)]
    assert [p.code for p in first_failing(checks, 7)] == ["refs-2"]
    assert ran == ["offsets(7)", "refs(7)", "refs-2(7)"]  # stable within a level; nothing after a failure
    assert first_failing([check("offsets", OFFSETS, False)], 1) == []


def test_of_problems_found_side_by_side_only_the_lowest_level_is_reported() -> None:
    found = [_problem("rules", GUIDELINES), _problem("offsets-a", OFFSETS), _problem("refs", CROSS_REFERENCES),
             _problem("offsets-b", OFFSETS)]
    assert [p.code for p in lowest_level(found)] == ["offsets-a", "offsets-b"]
    assert lowest_level([]) == []


def test_both_checkers_declare_their_checks_at_known_levels() -> None:
    for table in (ls_export.CHECKS, corpus_checks.CHECKS):
        assert [level for level, _ in table] == sorted(level for level, _ in table)
        assert {level for level, _ in table} <= set(LEVELS)


# One rule, one id, both stages --------------------------------------------------------------------------

RELABEL_KABAR_AS_GPE = [{"op": "replace", "path": "/entities/train/0/entity_id", "value": "sukamaju"}]


def test_an_entity_id_with_two_labels_is_one_error_in_exports_and_in_rows() -> None:
    exported = _export_problems(FIXTURES / "invalid" / "export" / "entity-id-label-conflict.json")
    in_rows = check_rows(patched(base_rows(), RELABEL_KABAR_AS_GPE), lambda *_: "rows")
    assert {(p.code, p.level) for p in exported + in_rows} == {("entity-id-label-conflict", CROSS_REFERENCES)}
    assert len(in_rows) == 2  # both GPE mentions of sukamaju differ from the ORG mention that came first
    assert all("is GPE here but ORG in mention m-kabar of document kabar-001" in p.reason for p in in_rows)
    assert all(" here but " in p.reason and "in task" in p.reason for p in exported)


def test_an_entity_id_with_two_labels_is_reported_before_guideline_rules() -> None:
    clash_and_comma = [*RELABEL_KABAR_AS_GPE,
                       {"op": "replace", "path": "/entities/train/3/end", "value": 40},
                       {"op": "replace", "path": "/entities/train/3/text", "value": "Sukamaju,"},
                       {"op": "replace", "path": "/ner/train/0/ner_tags/3", "value": "I-GPE"}]
    assert {p.code for p in check_rows(patched(base_rows(), clash_and_comma), lambda *_: "rows")} == {
        "entity-id-label-conflict"}


def test_a_region_padded_with_whitespace_is_off_the_token_edges(tmp_path: Path) -> None:
    padded = {**ENTITIES[4], "start": 40, "text": " Rina Lestari"}
    export = as_export(ls_export.tasks_from_records(DOCUMENTS, [*ENTITIES[:4], padded, *ENTITIES[5:]], QUOTES))
    assert codes(write(tmp_path, export)) == {"span-token-edge"}


def test_a_row_span_padded_with_whitespace_is_off_the_token_edges() -> None:
    padded = [{"op": "replace", "path": "/entities/train/3/start", "value": 30},
              {"op": "replace", "path": "/entities/train/3/text", "value": " Sukamaju"}]
    (problem,) = check_rows(patched(base_rows(), padded), lambda *_: "rows")
    assert (problem.code, problem.level) == ("corpus-token-edge", OFFSETS)
    assert "whitespace" in problem.reason


def _export_problems(path: Path) -> list[Problem]:
    try:
        ls_export.read_export(path, DOCUMENTS)
    except ls_export.ExportError as exc:
        return exc.problems
    return []
