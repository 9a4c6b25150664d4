"""The card's sections of the Hugging Face card template that can be generated: dataset details,
sources, the exports, the APA citation, authors and contact.

Who made and shares the data, where it lives and how to cite it are said once here (and the
licence in :data:`card.HEADER`), so the card, the citation and ``croissant.json`` agree.
"""

from __future__ import annotations

from ..core import labels
from ..corpus.summary import CorpusSummary
from ..exports import EXPORTS_FOLDER
from ..exports.spacy_docbin import file_pattern
from .history import CorpusVersion

MAINTAINERS = "id-pubadmin-news maintainers"
REPOSITORY = "https://github.com/OWNER/id-pubadmin-news"  # OWNER as in the README: set it when publishing
HUB_DATASET = "https://huggingface.co/datasets/OWNER/id-pubadmin-news"
TITLE = "id-pubadmin-news: an annotated corpus of Indonesian public-administration news"
LICENCE = ("annotations CC BY 4.0; article text the publisher's, redistributed for non-commercial research only "
           "(`LICENSE-DATA.md`); code MIT")
READERS = {  # format -> (file pattern under exports/, how to read it)
    "conllu": ("conllu/{split}.conllu", "`conllu.parse(text)` (Python `conllu`), UD tools"),
    "conll2003": ("conll2003/{split}.txt", "4 columns (token, `-X-`, `O`, tag) as in CoNLL-2003: `spacy convert FILE . -c ner`, NLTK's `ConllCorpusReader`, any reader of the shared task's files"),
    "spacy": ("spacy/{split}.spacy", "`DocBin().from_disk(path).get_docs(spacy.blank(\"xx\").vocab)`"),
    "brat": ("brat/{split}.tar", "`tar -xf` it beside `brat/annotation.conf`, then brat or `bratly`"),
}

EXPORT_NOTES = ("CoNLL-U carries the entity tag in MISC (`NE=B-PERSON`), the entity's registry links "
                "(`Link=kemendagri:35.10`), `SpaceAfter=No` and each token's offsets (`TokenRange=START:END`); the "
                "spaCy files put entity ids in `kb_id_`, quotes, cues and speakers in `doc.spans`, and each registry "
                "link as the `kb_id_` of a span in `doc.spans[\"links\"]`; brat links each quote to its cue and "
                "speaker and normalizes each linked mention (`N1 Reference T2 kemendagri:3510`, the code without its "
                "dots). The dateline belongs to no sentence, so the sentence-based CoNLL files leave it out.")


def details() -> str:
    """The template's list under Dataset Description."""
    return "\n".join([
        f"- **Curated by:** the {MAINTAINERS} (annotation, guidelines, build)",
        f"- **Shared by:** the {MAINTAINERS}, in the project repository and on the Hugging Face Hub",
        "- **Language(s) (NLP):** Indonesian (`id`)",
        f"- **License:** {LICENCE}",
    ])


def sources() -> str:
    """Where the data and its code are."""
    return "\n".join([
        f"- **Repository:** <{REPOSITORY}> (seeds, Label Studio exports, guidelines, the code that builds this folder)",
        f"- **Hub:** <{HUB_DATASET}>",
        "- **Paper:** none yet",
        "- **Demo:** `id-pubadmin review` writes a page showing every annotation on the text (see the README)",
    ])


def exports_table(summary: CorpusSummary) -> str:
    """The files of ``exports/`` and what reads them."""
    splits = [split for split in labels.SPLITS if summary.rows["documents"].get(split)]
    annotated = [split for split in labels.SPLITS if summary.rows["ner"].get(split)]
    intro = ("The build also writes the data in the formats other tools read, derived from the same offsets "
             f"(under `{EXPORTS_FOLDER}/`, listed in `MANIFEST.json` and `croissant.json`):")
    lines = [intro, "", "| format | files | read with |", "|---|---|---|"]
    for name, (pattern, reader) in READERS.items():
        files = ", ".join(f"`{EXPORTS_FOLDER}/{_export_file(name, pattern, split, summary)}`"
                          for split in (annotated if name == "conll2003" else splits))
        lines.append(f"| {name} | {files or 'none yet'} | {reader} |")
    lines += ["", EXPORT_NOTES]
    return "\n".join(lines)


def _export_file(name: str, pattern: str, split: str, summary: CorpusSummary) -> str:
    """A split's file of an export; a large split's spaCy files are several, named by a pattern."""
    if name == "spacy":
        return f"spacy/{file_pattern(split, summary.rows['documents'][split])}"
    return pattern.format(split=split)


def apa(version: CorpusVersion) -> str:
    """The APA (7th edition) reference of this version."""
    year = version.released[:4] if version.released else "n.d."
    return f"{MAINTAINERS}. ({year}). *{TITLE}* (Version {version.version}) [Data set]. {REPOSITORY}"


def predictor() -> str:
    """Which predictor pre-annotates the tasks of this release, by the ``model_version`` its predictions carry."""
    from ..predictor.predict import MODEL_VERSION

    return (f"Tasks pushed to Label Studio from this version are pre-annotated by `{MODEL_VERSION}` (the shipped "
            "entity model's name and version, then the rules' generation), the `model_version` every prediction "
            "carries; a project that trains its own model (`id-pubadmin model train`, then `--model` or "
            "`[tool.id-pubadmin] model` in its `pyproject.toml`) has that model's name there instead.")


def more_information() -> str:
    return (f"The project README ({REPOSITORY}) explains how to add and annotate articles, the error ids the "
            "validator reports, and the segmentation benchmark. `CHANGELOG.md` there lists what changed per version.")


def authors() -> str:
    return f"The {MAINTAINERS}; the card is generated by the build from `DATASET_CARD.md` and the data."


def contact() -> str:
    return f"Open an issue at <{REPOSITORY}/issues>."
