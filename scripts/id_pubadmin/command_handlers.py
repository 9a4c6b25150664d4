"""What each command of ``id-pubadmin`` does: thin wrappers that call the package and say what came of it.

Kept apart from the parser and the error path (:mod:`id_pubadmin.cli`) so that each reads on its own.
Each handler imports what it uses when it runs (the build pulls in ``pyarrow`` and ``datasets``), so
that ``--help``, ``--version``, ``add-seed`` and the validation of a seed start at once. Handlers only
return their exit code and raise the project's errors; :func:`id_pubadmin.cli.main` turns those into
messages and exit codes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .core.atomic import write_text
from .core.errors import CorpusError, UsageError
from .core.fields import Rows
from .core.terminal import report, say, utf8_output
from .layout import Layout, NoProject, find_root

if TYPE_CHECKING:
    from .predictor.linking import Registry


def _bar(args: argparse.Namespace) -> bool:
    """Whether to show progress bars: on a terminal, unless --quiet."""
    return not args.quiet and sys.stderr.isatty()


def run_build(args: argparse.Namespace) -> int:
    from .build import build, summary, summary_json

    step_said = (lambda _: None) if args.quiet else (lambda step: say(f"[build] {step}"))
    built = build(Layout(args.root), args.output, progress=step_said, jobs=args.jobs, bar=_bar(args),
                  use_cache=not args.no_cache, skip_unchanged=not (args.rebuild or args.no_cache))
    if args.format == "json":
        print(json.dumps(summary_json(built), indent=2, ensure_ascii=False))
        return 0
    print(f"{built.folder} is up to date: the code, every input and every output are as the last build left "
          "them (--rebuild builds anyway)" if built.up_to_date else summary(built))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from .validate import validate_project

    validation = validate_project(Layout(args.root), args.paths, bar=_bar(args))
    report(validation.problems, args.format)
    checked = ", ".join(validation.checked) or "nothing"
    if validation.problems:
        say(f"{len(validation.problems)} problem(s) found; checked {checked}")
        return 1
    if args.format == "text":
        say(f"checked {checked}: no problems" + ("; corpus is valid" if any("corpus" in c for c in validation.checked)
                                                 else ""))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from .release.anchor import choose_anchor
    from .release.history import verify_corpus
    from .silver.dataset import is_silver, verify_silver

    corpus = _corpus(args)
    if is_silver(corpus):
        problems = verify_silver(corpus, bar=_bar(args))
        report(problems, args.format)
        if problems:
            say(f"{len(problems)} problem(s): {corpus} is not the silver dataset its MANIFEST.json describes")
            return 1
        say(f"every file of the silver dataset {corpus} matches its MANIFEST.json (silver has no release log)")
        return 0
    anchor = choose_anchor(corpus, args.releases, args.tag)
    say(f"verifying against {anchor.description}")
    problems = verify_corpus(corpus, anchor.releases, anchor.file, bar=_bar(args))
    report(problems, args.format)
    if problems:
        say(f"{len(problems)} problem(s): {corpus} is not the release its MANIFEST.json describes")
        return 1
    if args.format == "text":
        say(f"every file of {corpus} matches MANIFEST.json, and its content is the released content of its version"
             + ("" if anchor.independent else " as its own release log records it (not independently checked)"))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from .release.diff import diff_corpora, diff_json, diff_text

    difference = diff_corpora(_folder(args.before), _folder(args.after))
    print(diff_json(difference, ascii_only=not utf8_output()) if args.format == "json" else diff_text(difference))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from .publish import cut_release

    layout = Layout(args.root)
    release = cut_release(layout, args.version, args.date, progress=lambda step: say(f"[release] {step}"))
    print(f"released {release.version} ({release.date}), content sha256 {release.content_sha256}")
    say(f"recorded in {layout.releases}, version set in pyproject.toml, corpus rebuilt.\n"
         f"Next: complete the CHANGELOG.md section of {release.version} (`id-pubadmin diff OLD NEW` lists every "
         f"change), commit, then tag the commit: git tag -a {release.tag} -m 'id-pubadmin-news {release.version}'")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from .annotations.agreement import agreement, report_text

    paths = args.exports or sorted(Layout(args.root).exports.glob("*.json"))
    figures = agreement(paths).figures()
    print(json.dumps(figures, indent=2, ensure_ascii=not utf8_output()) if args.format == "json"
          else report_text(figures))
    return 0


def run_add_seed(args: argparse.Namespace) -> int:
    from .seeds.adding import add_seeds
    from .seeds.seed_metadata import metadata_path
    from .seeds.web.intake import add_web_seeds, added_notes, is_web_input, web_usage_problem

    web = [path for path in args.seeds if is_web_input(path)]
    if (problem := web_usage_problem(web, args.url, args.url_pattern, args.published)) is not None:
        raise UsageError(problem)
    layout = Layout(args.root)
    result, articles = add_web_seeds(web, layout.seeds, args.rights, args.url, args.url_pattern, args.published,
                                     args.min_relevance, args.allow_duplicates, args.all_or_nothing,
                                     layout.signature_cache)
    if not (result.refused and args.all_or_nothing):
        text = add_seeds([path for path in args.seeds if not is_web_input(path)], args.rights, args.language,
                         args.all_or_nothing, layout.seeds, args.allow_duplicates, layout.signature_cache)
        result.added += text.added
        result.refused += text.refused
    for note in added_notes(articles):
        say(note)
    for path, reason in result.refused:
        if isinstance(reason, str):
            say(f"{path}: {reason}")
        else:
            report(reason, "text")
    filed_as = {seed: given for given, seed in result.filed.items()}
    for path in result.added:
        say(f"filed {filed_as[path]} as {path}; wrote {metadata_path(path)}" if path in filed_as
             else f"wrote {metadata_path(path)}")
    refused = f"; {len(result.refused)} refused (fix a copy of each file as said above: a seed is the raw article)" \
        if result.refused else ""
    nothing = " (all or nothing: none added)" if result.refused and args.all_or_nothing else ""
    say(f"added {len(result.added)} seed(s){refused}{nothing}" + ("; now run `id-pubadmin build`" if result.added else ""))
    return 1 if result.refused else 0


def _built_rows(args: argparse.Namespace, with_rows: bool = True) -> Rows:
    """The built corpus's rows (none read unless ``with_rows``); CorpusError when it cannot be read."""
    from .corpus.read import read_corpus
    from .release.manifest import missing_data_files

    rows, problems = read_corpus(_corpus(args), with_rows)
    problems = problems or missing_data_files(_corpus(args))
    if problems:
        raise CorpusError(problems)
    return rows


def _corpus(args: argparse.Namespace) -> Path:
    return _folder(args.corpus) if args.corpus else Layout(args.root).corpus


def _folder(path: Path) -> Path:
    """A corpus folder given on the command line; UsageError when it is no folder at all."""
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder; give a built corpus folder such as corpus/")
    return path


def _projects(args: argparse.Namespace) -> list[Path]:
    """The project the command runs in, whose folders no command output may land in (none without a project)."""
    return [] if args.root is None else [args.root]


def run_export(args: argparse.Namespace) -> int:
    from .core.outputs import guard_output
    from .corpus.read import corpus_views
    from .exports import export

    guard_output(args.out, [_corpus(args)], made_here=lambda _: True, projects=_projects(args))  # files by format
    _built_rows(args, with_rows=False)  # its files and columns first; a bad row stops the export where it is met
    for path in export(args.export_format, corpus_views(_corpus(args)), args.out):
        print(path)
    return 0


def run_review(args: argparse.Namespace) -> int:
    from .core.outputs import guard_output
    from .corpus.read import corpus_views
    from .exports.review import is_review_page, review_html, with_predictions
    from .predictor.predict import MODEL_VERSION

    guard_output(args.out, [_corpus(args)], made_here=is_review_page, projects=_projects(args))
    _built_rows(args, with_rows=False)  # its files and columns first
    views = corpus_views(_corpus(args))
    if not args.no_predictions:
        views = with_predictions(views, _predictor(_corpus(args)), MODEL_VERSION)
    write_text(args.out, review_html(views, args.document))
    print(args.out)
    return 0


def _predictor(corpus: Path) -> Callable[[str, str], tuple[list, list]]:
    """``predict``'s records of a text, with the gazetteer of the corpus's gold made on first use."""
    from .annotations.studio.project import corpus_entities
    from .predictor.entity_rules import gazetteer
    from .predictor.predict import records

    known: list[dict] = []

    def predict(document_id: str, text: str) -> tuple[list, list]:
        if not known:
            known.append(gazetteer(corpus_entities(corpus)))
        return records(document_id, text, known[0])

    return predict


def run_predict(args: argparse.Namespace) -> int:
    from .core.atomic import write_lines
    from .core.errors import Problem
    from .core.outputs import guard_output
    from .core.progress import progress_bar
    from .corpus.mentions import gold_mentions
    from .predictor.batch import input_rows, is_predictions, output_lines
    from .predictor.entity_rules import gazetteer
    from .predictor.model_choice import chosen_model

    model = chosen_model(args.model, _project_root(args))
    corpus = None if args.no_gazetteer else args.corpus or _project_corpus(args)
    if corpus is not None and not (corpus / "entities").is_dir():
        raise UsageError(f"{corpus} is not a built corpus (it has no entities/ folder); build it, or leave out --corpus")
    guard_output(args.out, [args.input, *([corpus] if corpus else [])], made_here=is_predictions,
                 projects=_projects(args))
    known = gazetteer(gold_mentions(corpus)) if corpus is not None else {}
    problems: list[Problem] = []
    predictions = output_lines(input_rows(args.input), known, problems, _project_registry(args), model)
    lines = progress_bar(predictions, None, "predict", "doc", _bar(args))
    predicted = 0

    def counted() -> Iterator[str]:
        nonlocal predicted
        for line in lines:
            predicted += 1
            yield f"{line}\n"

    write_lines(args.out, counted())
    report(problems, "text")
    say(f"{predicted} text(s) predicted into {args.out}" + (f"; {len(problems)} bad line(s) left out" if problems
                                                            else "")
        + (f"; gazetteer from {corpus}" if corpus is not None else "; no gazetteer"))
    return 1 if problems else 0


def _project_registry(args: argparse.Namespace) -> Registry:
    """The entity registry of the project the command runs in (empty outside a project or without one)."""
    from .annotations.registry import load_registry
    from .predictor.linking import Registry

    root = _project_root(args)
    return load_registry(Layout(root).annotations) if root is not None else Registry()


def _project_root(args: argparse.Namespace) -> Path | None:
    """ROOT, or the project the command runs inside, or None outside any project."""
    try:
        return args.root or find_root(Path.cwd(), explicit=False)
    except NoProject:
        return None


def _project_corpus(args: argparse.Namespace) -> Path | None:
    """ROOT/corpus when the command runs inside a project with a built corpus."""
    root = _project_root(args)
    corpus = Layout(root).corpus if root is not None else None
    return corpus if corpus is not None and (corpus / "entities").is_dir() else None
