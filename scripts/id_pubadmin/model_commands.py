"""``id-pubadmin model ...``: training the entity model on NERGrit, the corpus's own gold and a user's labelled files.

The corpus is read here, at the root, and handed to the predictor as sentences: :mod:`.predictor`
comes before the corpus in the pipeline and does not read it. Only the gold of the ``train`` and
``validation`` splits is learnt from, never ``test``, so the corpus's test split stays a fair test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .core.commands import add_command
from .core.errors import UsageError
from .core.terminal import say

if TYPE_CHECKING:
    from .predictor.nergrit import Sentence

TRAINED_SPLITS = ("train", "validation")
CORPUS_LICENCE = "CC BY 4.0 (annotations); article texts remain their publishers' (LICENSE-DATA.md)"


def corpus_sentences(corpus: Path) -> list[Sentence]:
    """Every sentence of the gold-annotated documents of the corpus's train and validation splits, spans in
    code points of the sentence, under the model's labels."""
    from .corpus.read import corpus_views
    from .predictor.labelled import DROP, ROUTES
    from .predictor.nergrit import Sentence

    sentences = []
    for view in corpus_views(corpus):
        if view.split not in TRAINED_SPLITS or not view.annotated:
            continue
        for sentence in view.sentences:
            start = sentence["start"]
            spans = tuple((e["start"] - start, e["end"] - start, ROUTES[e["label"]]) for e in view.entities
                          if e["sentence_index"] == sentence["sentence_index"] and ROUTES[e["label"]] != DROP)
            sentences.append(Sentence(sentence["text"], (), spans))
    return sentences


def run_train(args: argparse.Namespace) -> int:
    from .predictor.labelled import parse_maps
    from .predictor.training import Part, train
    from .predictor.training_data import HELD_OUT_EVERY, read_labelled

    mapping = parse_maps(args.map)
    if args.epochs is not None and args.epochs < 1:
        raise UsageError("--epochs must be 1 or more")
    parts, held_out = [], []
    corpus = None if args.no_corpus else args.corpus or args.root / "corpus"
    if corpus is not None and (corpus / "entities").is_dir():
        sentences = corpus_sentences(corpus)
        if sentences:
            parts.append(Part(f"corpus gold ({', '.join(TRAINED_SPLITS)} splits of {corpus.name}/)", CORPUS_LICENCE,
                              sentences))
    elif args.corpus is not None:
        raise UsageError(f"{args.corpus} is not a built corpus (it has no entities/ folder); build it first")
    for path in args.with_files:
        found = read_labelled(path, mapping, held_out=not args.no_held_out)
        licence = "as its owner licensed it (given with --with)"
        parts.append(Part(f"{path.name} (--with)", licence, found.train))
        if found.held_out:
            held_out.append(Part(f"{path.name} (held out: every {HELD_OUT_EVERY}th sentence)", licence, found.held_out))
    output = args.out
    if output.exists() and not (output / "meta.json").is_file():
        raise UsageError(f"{output} exists and is no model folder; give --out a new folder or a model folder")
    say(f"training on NERGrit train{''.join(f' + {part.name}: {len(part.sentences)}' for part in parts)} sentences")
    meta = train(args.root, output, parts, held_out, args.epochs, args.name, log=say,
                 bar=not args.quiet and sys.stderr.isatty())
    print(f"{output}: {meta['name']}-{meta['version']}")
    return 0


def add_model_commands(commands: argparse._SubParsersAction, quiet: argparse.ArgumentParser) -> None:
    """Add ``model train`` to the main command's subparsers."""
    model = commands.add_parser("model", help="train the entity model that pre-annotates",
                                description="Train the entity model of the predictor (PERSON, ORG, PLACE).")
    group = model.add_subparsers(dest="model_command", required=True, metavar="MODEL_COMMAND")
    train_parser = add_command(
        group, "train", run_train, "train the entity model on NERGrit, the corpus's gold and labelled files",
        "Train the entity model (fixed seed, CPU) on NERGrit train, the gold documents of the corpus's train and "
        "validation splits (never test) and every --with file: CoNLL-2003 IOB (.txt/.conll/.iob, 2 or 4 columns, "
        "IOB1 or IOB2), spaCy DocBin (.spacy) or JSONL (.jsonl, {\"text\", \"entities\": [{\"start\", \"end\", "
        "\"label\"}]}). Every 10th sentence of each --with file is held out; per-label P/R/F1 are printed on NERGrit "
        "valid and the held-out sentences and written into the model's meta.json. A file with a problem is refused "
        "whole, with its error ids, and nothing is written.", [quiet], failure="nothing was written")
    train_parser.add_argument("--with", dest="with_files", action="append", type=Path, default=[], metavar="FILE",
                              help="a labelled file to learn from as well (repeatable)")
    train_parser.add_argument("--map", action="append", default=[], metavar="SRC=DST",
                              help="read label SRC of the --with files as DST: PERSON, ORG, PLACE, a corpus label, "
                                   "or O to drop it (repeatable), e.g. --map LOCATION=PLACE --map TIME=O")
    train_parser.add_argument("--out", type=Path, required=True,
                              help="model folder to write, new or a model folder to replace (`make model` gives the "
                                   "package's own, scripts/id_pubadmin/predictor/model)")
    train_parser.add_argument("--name", default=None, help="the model's name in its meta and in every prediction's "
                                                           "model_version (default: pubadmin_ner_custom)")
    train_parser.add_argument("--epochs", type=int, default=None, help="epochs (default: the config's)")
    train_parser.add_argument("--corpus", type=Path, default=None,
                              help="built corpus whose gold is learnt from (default: ROOT/corpus when built)")
    train_parser.add_argument("--no-corpus", action="store_true", help="learn nothing from the corpus's gold")
    train_parser.add_argument("--no-held-out", action="store_true",
                              help="learn from every sentence of the --with files (nothing is scored on them)")
