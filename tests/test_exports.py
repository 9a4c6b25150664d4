"""Every export read back by the library that reads it gives the corpus rows again, exactly."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import conllu
import pytest
import spacy
from bratly.io import read_and_load_ann_file
from id_pubadmin.cli import main
from id_pubadmin.core import labels
from id_pubadmin.core.fields import Row, Rows
from id_pubadmin.corpus.read import corpus_views, read_corpus
from id_pubadmin.exports import EXPORTS_FOLDER, FORMATS, export
from id_pubadmin.exports.brat import brat_reference, to_ann
from id_pubadmin.exports.conllu import ESCAPES, to_conllu
from id_pubadmin.exports.spacy_docbin import to_doc
from id_pubadmin.segment.document_view import DocumentView
from id_pubadmin.segment.tokens import tokenize
from release_fixtures import make_annotated_project
from spacy.tokens import DocBin
from spacy.training.converters import conll_ner_to_docs

UNESCAPES = {escaped: char for char, escaped in ESCAPES.items()}


@pytest.fixture(scope="module", params=["committed", "annotated"])
def corpus(request: pytest.FixtureRequest, root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed corpus, and a small one with every split and an unannotated document."""
    if request.param == "committed":
        return root / "corpus"
    return make_annotated_project(tmp_path_factory.mktemp("exports") / "project").corpus


def _rows(corpus: Path) -> Rows:
    rows, problems = read_corpus(corpus)
    assert not problems
    return rows


def _split_rows(rows: Rows, config: str, split: str) -> list[Row]:
    return rows.get(config, {}).get(split, [])


def _of(rows: Rows, config: str, split: str, document_id: str) -> list[Row]:
    return [row for row in _split_rows(rows, config, split) if row["document_id"] == document_id]


def _splits(rows: Rows) -> list[str]:
    return [split for split in labels.SPLITS if rows["documents"].get(split)]


def test_build_writes_every_export_and_the_manifest_lists_them(corpus: Path) -> None:
    rows, manifest = _rows(corpus), (corpus / "MANIFEST.json").read_text(encoding="utf-8")
    written = {p.relative_to(corpus).as_posix() for p in (corpus / EXPORTS_FOLDER).rglob("*") if p.is_file()}
    assert {path.split("/")[1] for path in written} == set(FORMATS)
    assert all(f'"{path}"' in manifest for path in written)
    croissant = (corpus / "croissant.json").read_text(encoding="utf-8")
    assert all(f'"contentUrl": "{path}"' in croissant for path in written)
    for split in _splits(rows):
        assert {f"{EXPORTS_FOLDER}/conllu/{split}.conllu", f"{EXPORTS_FOLDER}/spacy/{split}.spacy"} <= written


def _unescape(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        pair = value[index:index + 2]
        out.append(UNESCAPES.get(pair, value[index]))
        index += 2 if pair in UNESCAPES else 1
    return "".join(out)


def test_conllu_parses_and_rebuilds_every_sentence_and_tag(corpus: Path, tmp_path: Path) -> None:
    rows = _rows(corpus)
    list(export("conllu", corpus_views(corpus), tmp_path))
    for split in _splits(rows):
        sentences = conllu.parse((tmp_path / "conllu" / f"{split}.conllu").read_text(encoding="utf-8"))
        expected = _split_rows(rows, "sentences", split)
        tags = {(r["document_id"], r["sentence_index"]): r["ner_tags"] for r in _split_rows(rows, "ner", split)}
        assert len(sentences) == len(expected)
        previous: Row | None = None
        for parsed, sentence in zip(sentences, expected, strict=True):
            key = (sentence["document_id"], sentence["sentence_index"])
            assert parsed.metadata["sent_id"] == f"{key[0]}-s{key[1]}"
            assert parsed.metadata["text"] == sentence["text"]
            new_document = previous is None or previous["document_id"] != key[0]
            assert ("newdoc id" in parsed.metadata) == new_document
            new_paragraph = new_document or previous["paragraph_index"] != sentence["paragraph_index"]
            assert ("newpar id" in parsed.metadata) == new_paragraph
            rebuilt = ""
            for token, gold in zip(parsed, sentence["tokens"], strict=True):
                misc = token["misc"]
                assert token["form"] == gold["text"] and misc["TokenRange"] == f"{gold['start']}:{gold['end']}"
                after = "" if misc.get("SpaceAfter") == "No" else _unescape(misc.get("SpacesAfter", " "))
                rebuilt += token["form"] + after
            assert rebuilt.rstrip(" ") == sentence["text"]
            assert [token["misc"].get("NE") for token in parsed] == tags.get(key, [None] * len(parsed))
            linked = [e for e in _of(rows, "entities", split, key[0]) if e["sentence_index"] == key[1] and e["links"]]
            assert [token["misc"].get("Link") for token in parsed] == [
                next((",".join(e["links"]) for e in linked if e["start"] <= t["start"] and t["end"] <= e["end"]), None)
                if tags.get(key) else None for t in sentence["tokens"]]
            previous = sentence


def test_conll2003_read_by_spacy_convert_gives_the_entities(corpus: Path, tmp_path: Path) -> None:
    rows = _rows(corpus)
    list(export("conll2003", corpus_views(corpus), tmp_path))
    for split in _splits(rows):
        annotated = [d["document_id"] for d in _split_rows(rows, "documents", split)
                     if any(r["document_id"] == d["document_id"] for r in _split_rows(rows, "ner", split))]
        path = tmp_path / "conll2003" / f"{split}.txt"
        assert path.exists() == bool(annotated)
        if not annotated:
            continue
        docs = list(conll_ner_to_docs(path.read_text(encoding="utf-8"), no_print=True))
        assert len(docs) == len(annotated)
        for doc, document_id in zip(docs, annotated, strict=True):
            sentences = _of(rows, "sentences", split, document_id)
            tokens = [t for s in sentences for t in s["tokens"]]
            assert [t.text for t in doc] == [t["text"] for t in tokens]
            assert [s.start for s in doc.sents] == [sum(len(p["tokens"]) for p in sentences[:i])
                                                     for i in range(len(sentences))]
            found = [(tokens[e.start]["start"], tokens[e.end - 1]["end"], e.label_) for e in doc.ents]
            assert found == [(e["start"], e["end"], e["label"]) for e in _of(rows, "entities", split, document_id)
                             if e["sentence_index"] is not None]


def _span(doc: spacy.tokens.Doc, group: str, quote_id: str) -> dict[str, object] | None:
    found = [span for span in doc.spans[group] if span.id_ == quote_id]
    return {"start": found[0].start_char, "end": found[0].end_char, "text": found[0].text} if found else None


def _sentence_of(start: int, starts: list[int], dateline_end: int) -> int | None:
    """The index of the sentence a mention starting at ``start`` lies in; None in the dateline."""
    inside = [index for index, first in enumerate(starts) if first <= start]
    return inside[-1] if inside and start >= dateline_end else None


def test_spacy_docbin_gives_back_entity_and_quote_rows(corpus: Path, tmp_path: Path) -> None:
    rows = _rows(corpus)
    list(export("spacy", corpus_views(corpus), tmp_path))
    vocab = spacy.blank("xx").vocab
    for split in _splits(rows):
        docs = list(DocBin().from_disk(tmp_path / "spacy" / f"{split}.spacy").get_docs(vocab))
        documents = _split_rows(rows, "documents", split)
        assert [(doc.user_data["document_id"], doc.text) for doc in docs] == [(d["document_id"], d["text"])
                                                                               for d in documents]
        entities, quotes = [], []
        for doc, document in zip(docs, documents, strict=True):
            starts = [s["start"] for s in _of(rows, "sentences", split, document["document_id"])]
            assert [s.start_char for s in doc.sents] == ([0] if starts[:1] != [0] else []) + starts
            links: dict[str, list[str]] = {}
            for link in doc.spans["links"]:
                links.setdefault(link.id_, []).append(link.kb_id_)
            entities += [{"document_id": doc.user_data["document_id"], "mention_id": e.id_, "start": e.start_char,
                          "end": e.end_char, "text": e.text, "label": e.label_, "entity_id": e.kb_id_,
                          "links": links.get(e.id_, []),
                          "sentence_index": _sentence_of(e.start_char, starts, document["dateline_end"])}
                         for e in doc.ents]
            for quote in doc.spans["quotes"]:
                overlapping = [i for i, s in enumerate(starts) if s < quote.end_char
                               and (i + 1 == len(starts) or quote.start_char < starts[i + 1])]
                quotes.append({"document_id": doc.user_data["document_id"], "quote_id": quote.id_, "type": quote.label_,
                               "start": quote.start_char, "end": quote.end_char, "text": quote.text,
                               "cue": _span(doc, "cues", quote.id_), "speaker": _span(doc, "speakers", quote.id_),
                               "speaker_entity_id": quote.kb_id_, "sentence_indices": overlapping})
        assert entities == _split_rows(rows, "entities", split)
        assert quotes == _split_rows(rows, "quotes", split)


def test_brat_standoff_read_by_bratly_matches_the_text_and_the_rows(corpus: Path, tmp_path: Path) -> None:
    rows = _rows(corpus)
    written = list(export("brat", corpus_views(corpus), tmp_path))
    assert {p.name for p in written} == {f"{split}.tar" for split in _splits(rows)} | {"annotation.conf", "visual.conf"}
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert all(f"\n{label}\n" in conf for label in labels.ENTITY_LABELS)
    for split in _splits(rows):
        with tarfile.open(tmp_path / "brat" / f"{split}.tar") as archive:  # as brat's users unpack it
            assert all(member.mtime == 0 and member.isfile() for member in archive.getmembers())
            archive.extractall(tmp_path / "brat", filter="data")
        for document in _split_rows(rows, "documents", split):
            stem = tmp_path / "brat" / split / document["document_id"]
            text = stem.with_suffix(".txt").read_text(encoding="utf-8")
            assert text == document["text"]
            collection = read_and_load_ann_file(str(stem.with_suffix(".ann")), no_duplicates=False, sorting=False,
                                                renumerotize=False)
            assert collection is not None
            by_kind: dict[str, list] = {}
            for annotation in collection.annotations:
                by_kind.setdefault(type(annotation).__name__, []).append(annotation)
            spans = {}
            for t in by_kind.get("EntityAnnotation", []):
                start, end = t.fragments[0].start, t.fragments[-1].end
                assert " ".join(text[f.start:f.end] for f in t.fragments) == t.content.replace("\n", " ")
                spans[t.id] = (t.label, start, end)
            notes = {n.component.id: n.value for n in by_kind.get("NoteAnnotation", [])}
            references: dict[str, list[str]] = {}
            for n in by_kind.get("NormalizationAnnotation", []):
                references.setdefault(n.component.id, []).append(":".join(n.external_resource))
            entities = [(spans[i][1], spans[i][2], spans[i][0], notes[i], references.get(i, [])) for i in spans
                        if spans[i][0] in labels.ENTITY_LABELS]
            assert entities == [(e["start"], e["end"], e["label"], e["entity_id"], [brat_reference(k) for k in e["links"]])
                                for e in _of(rows, "entities", split, document["document_id"])]
            relations = {(r.label, r.argument1[1].id): r.argument2[1].id for r in by_kind.get("RelationAnnotation", [])}
            types = {a.component.id: a.values[0] for a in by_kind.get("AttributeAnnotation", [])}
            quotes = []
            for i, (label, start, end) in spans.items():
                if label == "Quote":
                    cue = spans[relations[("Cue_of", i)]]
                    speaker = spans.get(relations.get(("Speaker", i), ""))
                    quotes.append((types[i], start, end, cue[1:], speaker[1:] if speaker else None, notes[i]))
            assert quotes == [(q["type"], q["start"], q["end"], (q["cue"]["start"], q["cue"]["end"]),
                               (q["speaker"]["start"], q["speaker"]["end"]) if q["speaker"] else None,
                               q["speaker_entity_id"])
                              for q in _of(rows, "quotes", split, document["document_id"])]


@pytest.mark.parametrize("name", list(FORMATS))
def test_export_command_writes_what_the_build_wrote(name: str, corpus: Path, tmp_path: Path) -> None:
    assert main(["export", name, "--corpus", str(corpus), "--out", str(tmp_path)]) == 0

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert files(tmp_path / name) == files(corpus / EXPORTS_FOLDER / name)


def test_export_command_refuses_a_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "conllu", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err and not (tmp_path / "out").exists()  # a usage error
    (tmp_path / "corpus").mkdir()
    assert main(["export", "conllu", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "out")]) == 1
    assert "corpus-unreadable" in capsys.readouterr().out and not (tmp_path / "out").exists()


def _edge_case_view() -> DocumentView:
    """A document whose sentence holds a line break and a double space, and a quote across the break."""
    text = "KABAR.ID, SUKAMAJU - Wali Kota berkata warga hadir\ndi  kantor."
    start = text.index("Wali")
    tokens = [{"start": s, "end": e, "text": text[s:e]} for s, e in tokenize(text, start)]
    sentence = {"document_id": "kabar-009", "sentence_index": 0, "paragraph_index": 0, "start": start,
                "end": len(text), "text": text[start:], "tokens": tokens}
    quote_start, cue_start = text.index("warga"), text.index("berkata")
    quote = {"document_id": "kabar-009", "quote_id": "q1", "type": "indirect", "start": quote_start,
             "end": text.rindex("."), "text": text[quote_start:text.rindex(".")],
             "cue": {"start": cue_start, "end": cue_start + 7, "text": "berkata"}, "speaker": None,
             "speaker_entity_id": "wali-kota", "sentence_indices": [0]}
    entity = {"document_id": "kabar-009", "mention_id": "m1", "start": start, "end": start + 9, "text": "Wali Kota",
              "label": "ROLE", "entity_id": "wali-kota", "sentence_index": 0}
    document = {"document_id": "kabar-009", "text": text, "dateline_start": 0, "dateline_end": start,
                "paragraphs": [{"start": 0, "end": len(text)}]}
    return DocumentView("train", document, [sentence], [entity], [quote], True)


def test_line_breaks_and_double_spaces_survive_every_export(tmp_path: Path) -> None:
    view = _edge_case_view()
    parsed = conllu.parse(to_conllu([view]))[0]
    assert parsed.metadata["text"] == view.sentences[0]["text"].replace("\n", " ")
    rebuilt = "".join(t["form"] + ("" if t["misc"].get("SpaceAfter") == "No"
                                   else _unescape(t["misc"].get("SpacesAfter", " "))) for t in parsed)
    assert rebuilt.rstrip(" ") == view.sentences[0]["text"]
    doc = to_doc(view, spacy.blank("xx").vocab)
    assert doc.text == view.text and [(e.text, e.label_) for e in doc.ents] == [("Wali Kota", "ROLE")]
    assert doc.spans["quotes"][0].text == "warga hadir\ndi  kantor"
    ann = tmp_path / "kabar-009.ann"
    ann.write_text(to_ann(view), encoding="utf-8")
    quote = next(a for a in read_and_load_ann_file(str(ann), no_duplicates=False, sorting=False, renumerotize=False)
                 .annotations if a.label == "Quote")
    assert [view.text[f.start:f.end] for f in quote.fragments] == ["warga hadir", "di  kantor"]


def test_export_command_reports_rows_that_cannot_be_read(root: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(root / "corpus", corpus)
    path = corpus / "sentences" / "test.parquet"
    data = bytearray(path.read_bytes())
    data[100:2000] = bytes(1900)  # a data page spoilt, the footer with the columns intact
    path.write_bytes(bytes(data))
    assert main(["export", "conllu", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 1
    assert "corpus-unreadable" in capsys.readouterr().out


def test_conll2003_has_the_four_columns_a_classic_reader_takes(corpus: Path, tmp_path: Path) -> None:
    import nltk
    from nltk.corpus.reader import ConllCorpusReader

    rows = _rows(corpus)
    list(export("conll2003", corpus_views(corpus), tmp_path))
    folder = tmp_path / "conll2003"
    nltk.data.path.append(str(folder))  # NLTK reads files only from its data folders
    try:
        for path in sorted(folder.glob("*.txt")):
            lines = [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines() if line]
            assert {len(columns) for columns in lines} == {4}
            assert {(c[1], c[2]) for c in lines if c[0] != "-DOCSTART-"} == {("-X-", "O")}
            sentences = [s for s in ConllCorpusReader(str(folder), [path.name], ("words", "pos", "ignore", "chunk"))
                         .iob_sents() if s and s[0][0] != "-DOCSTART-"]
            expected = [list(zip(r["tokens"], r["ner_tags"])) for r in _split_rows(rows, "ner", path.stem)]
            assert [[(word, tag) for word, _, tag in s] for s in sentences] == expected
    finally:
        nltk.data.path.remove(str(folder))
