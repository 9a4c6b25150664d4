"""The package's folders are the pipeline's stages: a module imports only from its own stage and earlier ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "id_pubadmin"
# In pipeline order. The predictor (model, rules, quotes, ids) pre-annotates segmented text for labelling,
# so it comes before the annotations (Label Studio config, tasks, exports, checks). The exports are formats of one document's rows, made as the corpus is built, so
# they come before the corpus; the studio round trip pushes the built corpus, so it comes after it.
# The silver corpus uses the page steps, the segmenter, the predictor, the corpus's rows and the
# release's manifest, so it comes last.
STAGES = ("core", "seeds", "segment", "predictor", "annotations", "exports", "corpus", "annotations.studio", "release", "silver")
TOP = len(STAGES)  # the root modules (build, validate, cli, ...) and bench come after every stage


def stage_of(module: str) -> int:
    """The stage of a dotted module name under id_pubadmin (``corpus.rows`` -> 4)."""
    for length in (2, 1):
        prefix = ".".join(module.split(".")[:length])
        if prefix in STAGES:
            return STAGES.index(prefix)
    return TOP


def imported_modules(path: Path) -> list[str]:
    """Modules of the package that ``path`` imports, as dotted names under id_pubadmin."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = here[:-1] if here[-1] != "__init__" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            target = ".".join(base + ([node.module] if node.module else []))
            names = [f"{target}.{alias.name}" if target else alias.name for alias in node.names]
            found += [target] if target else names
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("id_pubadmin."):
            found.append(node.module.removeprefix("id_pubadmin."))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(PACKAGE).as_posix() for p in MODULES])
def test_imports_go_down_the_pipeline(path: Path) -> None:
    own = stage_of(".".join(path.relative_to(PACKAGE).parts))
    upward = [m for m in imported_modules(path) if m and stage_of(m) > own]
    assert not upward, f"{path.relative_to(PACKAGE)} (stage {STAGES[own] if own < TOP else 'root'}) imports later stages: {upward}"


# What a stage may not import although it comes later: the corpus's rows, checks and readers stand on
# plain records, never on Label Studio's export model or on the formats made from the corpus. Only the
# per-document build function makes each document's export pieces as the corpus is built.
NEVER = {"corpus": ("annotations", "exports")}
ALLOWED = {"corpus.document": ("exports",)}


def forbidden_imports(module: str, imported: list[str]) -> list[str]:
    """The imports of ``module`` (dotted, under id_pubadmin) that :data:`NEVER` rules out."""
    stage = module.split(".")[0]
    allowed = ALLOWED.get(module, ())
    return [m for m in imported if m.split(".")[0] in NEVER.get(stage, ()) and m.split(".")[0] not in allowed]


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(PACKAGE).as_posix() for p in MODULES])
def test_the_corpus_stands_on_no_annotation_or_export_module(path: Path) -> None:
    module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    assert forbidden_imports(module, imported_modules(path)) == [], f"{module} reaches up past the corpus's inputs"


def test_a_forbidden_import_is_found() -> None:
    assert forbidden_imports("corpus.checks", ["annotations.checks", "core.entity_labels"]) == ["annotations.checks"]
    assert forbidden_imports("corpus.read", ["exports.view"]) == ["exports.view"]
    assert forbidden_imports("corpus.document", ["exports", "segment.document_view"]) == []


def test_stages_are_ordered_as_the_pipeline() -> None:
    assert stage_of("corpus.rows") > stage_of("segment.tokens")
    assert stage_of("release.card") > stage_of("corpus.summary")
    assert stage_of("annotations.studio.project") > stage_of("corpus.parquet") > stage_of("annotations.export")
    assert stage_of("corpus.document") > stage_of("exports.conllu")
    assert stage_of("silver.stages") > stage_of("corpus.rows") > stage_of("predictor.predict")
    assert stage_of("annotations.studio.push") > stage_of("annotations.tasks") > stage_of("predictor.predict") > stage_of("segment.sentences")
    assert stage_of("core.entity_labels") < stage_of("annotations.checks") < stage_of("corpus.checks")
    assert stage_of("segment.document_view") < stage_of("exports.conllu") < stage_of("corpus.read") < stage_of("release.diff")
    assert stage_of("build") == TOP
