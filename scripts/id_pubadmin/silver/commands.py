"""The ``id-pubadmin silver`` command: make a silver dataset from crawled inputs, or pick from one what to annotate.

``id-pubadmin silver INPUT... --out DIR`` runs (or resumes) a run; ``id-pubadmin silver pick DIR
--n 20`` ranks the documents of a finished silver folder. Both are thin wrappers over :mod:`.run`
and :mod:`.pick`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.commands import add_command
from ..core.errors import UsageError
from ..core.terminal import say

USAGE = ("id-pubadmin silver INPUT... --out DIR --rights TEXT [--engine local|ray] [--address ADDRESS]\n"
         "       id-pubadmin silver pick DIR [--n 20] [--warc PICKED.warc.gz]")


def _project_root() -> Path | None:
    """The project the command runs inside, if any: its pyproject.toml may name the default model."""
    folder = Path.cwd().absolute()
    return next((f for f in (folder, *folder.parents) if (f / "pyproject.toml").is_file()), None)


def run_silver(args: argparse.Namespace) -> int:
    if args.inputs and str(args.inputs[0]) == "pick" and not args.inputs[0].exists():
        return run_pick(args)
    if args.out is None or args.rights is None:
        raise UsageError("silver needs --out DIR and --rights TEXT (see `id-pubadmin silver --help`)")
    from ..predictor.model_choice import chosen_model
    from .run import make_silver

    model = chosen_model(args.model, args.root or _project_root())
    step_said = (lambda _: None) if args.quiet else (lambda step: say(f"[silver] {step}"))
    made = make_silver(args.inputs, args.out, args.rights, args.engine, args.workers, args.address,
                       args.min_relevance, step_said, _registry(args), model)
    summary = made.summary
    for problem in made.problems:
        say(problem)
    refused = ", ".join(f"{count:,} {code}" for code, count in sorted(summary["refused"].items())) or "none"
    print(f"{made.folder}: {summary['rows']['documents']:,} documents, {summary['rows']['sentences']:,} sentences, "
          f"{summary['rows']['entities']:,} entity mentions, {summary['rows']['quotes']:,} quotes from "
          f"{summary['records']:,} records; {summary['near_duplicates']:,} near-duplicates dropped; refused: {refused}")
    return 0


def _registry(args: argparse.Namespace) -> list[dict]:
    """The entries of the entity registry given with ``--registry``; none without one."""
    from ..annotations.registry import read_registry

    return read_registry(args.registry) if args.registry is not None else []


def run_pick(args: argparse.Namespace) -> int:
    from ..seeds.web.duplicates import seed_index
    from .dataset import is_silver
    from .pick import from_archive, guard_picked_pages, pick, write_picked_pages

    if len(args.inputs) != 2 or args.n < 1:
        raise UsageError("give one silver folder and a count of at least 1: id-pubadmin silver pick DIR --n 20")
    folder = args.inputs[1]
    if not is_silver(folder):
        raise UsageError(f"{folder} is not a finished silver dataset (no MANIFEST.json of one); make it with "
                         "`id-pubadmin silver INPUT... --out DIR`")
    seeds = args.seeds or (args.root or Path.cwd()) / "seeds"
    index = seed_index(seeds) if seeds.is_dir() else None
    if index is None:
        say(f"{seeds} is no folder: near-duplicates of gold seeds are not left out (give --seeds)")
    picked = pick(folder, args.n, index)
    archived = [document for document in picked if from_archive(document)]
    if args.warc is not None:
        if not archived:
            sources = sorted({Path(document["source_file"]).name for document in picked})
            raise UsageError(f"--warc: none of the {len(picked)} picked document(s) came from a web archive (they come "
                             f"from {', '.join(sources[:3]) or 'no input'}), so there is no page to copy and nothing was "
                             "written; leave out --warc and add the listed texts as seeds (README: \"A text typed by "
                             "hand\"), or pick from a silver run made from WARC files")
        guard_picked_pages(archived, args.warc, [folder, seeds])  # refused before anything is said or written
    print("score\tuncertainty\trelevance\tnovelty\tdocument_id\turl")
    for document in picked:
        print(f"{document['score']:.4f}\t{document['uncertainty']:.4f}\t{document['relevance']:.3f}\t"
              f"{document['novelty']:.3f}\t{document['document_id']}\t{document['url']}")
    if args.warc is not None:
        if len(archived) < len(picked):
            say(f"{len(picked) - len(archived)} picked document(s) came from no web archive and are not copied")
        try:
            copied = write_picked_pages(archived, args.warc, [folder, seeds])
        except OSError as exc:
            raise UsageError(f"{exc.filename}: {exc.strerror}; the documents name their input files as the silver "
                             "run was given them: run pick from the folder the run was started in") from None
        say(f"wrote {copied} page(s) to {args.warc}; add them with: id-pubadmin add-seed {args.warc} --rights TEXT")
    return 0


def add_silver_command(commands: argparse._SubParsersAction, quiet: argparse.ArgumentParser) -> None:
    """Add ``silver`` (and its ``pick`` form) to the ``id-pubadmin`` commands."""
    from .engine import ENGINES, default_workers

    parser = add_command(
        commands, "silver", run_silver, "pre-annotate crawled articles into a machine-made (silver) dataset",
        "Read web archives, folders of saved pages or JSONL files ({\"id\", \"text\"} lines), keep the Indonesian, "
        "relevant articles (add-seed's steps), drop near-duplicates across every shard (MinHash LSH), segment and "
        "pre-annotate them with the project's predictor, and write a Hugging Face dataset folder (configs documents, "
        "sentences, entities, quotes; every row machine-made) with its card and MANIFEST.json. Runs on datatrove's "
        "local executor or on a Ray cluster; a killed run resumes where it stopped when started again the same way. "
        "`silver pick DIR --n 20` lists the documents most worth annotating next: score = uncertainty x relevance x "
        "novelty (what the predictor does not know, per sentence, times the public-administration relevance, times the "
        "share of the document's names no earlier pick holds), near-duplicates kept apart; it prints the score of each "
        "pick.",
        [quiet], failure="the run can be started again the same way to resume it")
    parser.usage = USAGE
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                        help="WARC files, JSONL files or folders of them and of saved pages; or `pick DIR`")
    parser.add_argument("--out", type=Path, default=None, help="the silver dataset folder to write (new or empty, "
                                                                 "or a run to resume)")
    parser.add_argument("--rights", default=None, help="terms for the crawled texts, recorded in every document and "
                                                       "the card (e.g. 'crawled news, research use only')")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local: processes of this machine; ray: a Ray cluster (default: %(default)s)")
    parser.add_argument("--address", default=None, help="Ray cluster address (default: start a local Ray instance)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="tasks run at once (default: the machine's cores)")
    parser.add_argument("--min-relevance", type=float, default=0.0,
                        help="refuse articles whose relevance score is below this (default: keep all)")
    parser.add_argument("--registry", type=Path, default=None,
                        help="a project's entity registry (annotations/entities.jsonl): mentions linked to one of its "
                             "entities take its id (default: none; regions and agencies are linked all the same)")
    parser.add_argument("--model", type=Path, default=None,
                        help="entity model folder that pre-annotates (default: the project's [tool.id-pubadmin] "
                             "model in pyproject.toml, else the shipped model)")
    parser.add_argument("--n", type=int, default=20, help="pick: how many documents to list (default: %(default)s)")
    parser.add_argument("--warc", type=Path, default=None,
                        help="pick: also copy the picked pages into this WARC file, ready for add-seed")
    parser.add_argument("--seeds", type=Path, default=None,
                        help="pick: the gold seeds folder whose near-duplicates are left out (default: ROOT/seeds)")
    parser.set_defaults(needs_root=False)
