"""``model train``: labelled files in three formats read as the model's spans, a tiny training end to end, refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy
from id_pubadmin.cli import main
from id_pubadmin.core.errors import CorpusError, UsageError
from id_pubadmin.predictor import conll_reader, entity_model
from id_pubadmin.predictor.labelled import parse_maps
from id_pubadmin.predictor.training import CONFIG, NERGRIT
from id_pubadmin.predictor.training_data import HELD_OUT_EVERY, read_labelled
from spacy.tokens import Doc, DocBin

IOB2 = "-DOCSTART- -X- O O\n\nPresiden -X- O O\nJoko -X- O B-PERSON\nWidodo -X- O I-PERSON\nke -X- O O\n" \
       "Solo -X- O B-LOCATION\n. -X- O O\n\nKompas -X- O B-ORGANIZATION\nBudi -X- O B-PERSON\nSenin -X- O B-TIME\n"
IOB1 = "Presiden\tO\nJoko\tI-PERSON\nWidodo\tI-PERSON\nke\tO\nSolo\tI-LOCATION\n.\tO\n\n" \
       "Kompas\tI-ORGANIZATION\nBudi\tI-PERSON\nSenin\tI-TIME\n"
MAPS = ["LOCATION=PLACE", "ORGANIZATION=ORG", "TIME=O"]
WANTED = [[("Joko Widodo", "PERSON"), ("Solo", "PLACE")], [("Kompas", "ORG"), ("Budi", "PERSON")]]


def shown(path: Path, maps: list[str] = MAPS) -> list[list[tuple[str, str]]]:
    found = read_labelled(path, parse_maps(maps), held_out=False)
    return [[(s.text[start:end], label) for start, end, label in s.entities] for s in found.train]


def test_conll_two_and_four_columns_iob1_and_iob2_read_alike(tmp_path: Path) -> None:
    (tmp_path / "iob2.conll").write_text(IOB2, encoding="utf-8")
    (tmp_path / "iob1.txt").write_text(IOB1, encoding="utf-8")
    assert shown(tmp_path / "iob2.conll") == shown(tmp_path / "iob1.txt") == WANTED
    sentences, problems = conll_reader.read(tmp_path / "iob1.txt")
    assert problems == [] and sentences[1].places == ("line 8", "line 9", "line 10")


def test_jsonl_and_docbin_read_as_spans_and_corpus_labels_become_the_models(tmp_path: Path) -> None:
    text = "Bupati Ipuk Fiestiandani di Kantor Pemkab Banyuwangi, Senin (9/11/2022)."
    entities = [{"start": text.index(surface), "end": text.index(surface) + len(surface), "label": label}
                for surface, label in (("Ipuk Fiestiandani", "PERSON"), ("Kantor Pemkab Banyuwangi", "FAC"),
                                       ("Senin (9/11/2022)", "DATE"))]
    (tmp_path / "gold.jsonl").write_text(json.dumps({"text": text, "entities": entities}) + "\n", encoding="utf-8")
    wanted = [[("Ipuk Fiestiandani", "PERSON"), ("Kantor Pemkab Banyuwangi", "PLACE")]]
    assert shown(tmp_path / "gold.jsonl", []) == wanted
    nlp = spacy.blank("id")
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(e["start"], e["end"], e["label"]) for e in entities]
    DocBin(docs=[doc]).to_disk(tmp_path / "gold.spacy")
    assert shown(tmp_path / "gold.spacy", []) == wanted
    assert shown(tmp_path / "gold.spacy", ["FAC=ORG", "PERSON=O"]) == [[("Kantor Pemkab Banyuwangi", "ORG")]]


def test_the_corpus_test_split_gold_is_never_learnt_from(root: Path) -> None:
    from id_pubadmin.corpus.read import corpus_views
    from id_pubadmin.model_commands import corpus_sentences

    views = list(corpus_views(root / "corpus"))
    learnt = [s["text"] for v in views if v.split != "test" and v.annotated for s in v.sentences]
    assert [s.text for s in corpus_sentences(root / "corpus")] == learnt
    tested = {s["text"] for v in views if v.split == "test" and v.annotated for s in v.sentences}
    assert not tested & {s.text for s in corpus_sentences(root / "corpus")}


def test_a_held_out_slice_is_every_tenth_sentence(tmp_path: Path) -> None:
    lines = "".join(f"Nama{index} B-PERSON\ndatang O\n\n" for index in range(2 * HELD_OUT_EVERY))
    (tmp_path / "people.txt").write_text(lines, encoding="utf-8")
    found = read_labelled(tmp_path / "people.txt", {})
    assert len(found.train) == 2 * HELD_OUT_EVERY - 2
    assert [s.text for s in found.held_out] == [f"Nama{HELD_OUT_EVERY - 1} datang", f"Nama{2 * HELD_OUT_EVERY - 1} datang"]
    assert not set(found.held_out) & set(found.train)


def test_a_bad_map_or_file_is_refused_with_its_place(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="TIME=NOW"):
        parse_maps(["TIME=NOW"])
    (tmp_path / "user.txt").write_text(IOB2, encoding="utf-8")
    with pytest.raises(CorpusError) as refused:
        read_labelled(tmp_path / "user.txt", parse_maps(["LOCATION=PLACE", "TIME=O"]))
    [problem] = refused.value.problems
    assert (problem.code, problem.location) == ("train-label-unmapped", "line 10") and "ORGANIZATION" in problem.reason


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a few NERGrit sentences, the shipped training config and a user's labelled file."""
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text('[project]\nname = "id-pubadmin-news"\nversion = "0.1.0"\n', encoding="utf-8")
    (root / NERGRIT).mkdir(parents=True)
    shutil.copy(Path(CONFIG), root / CONFIG)
    for split, lines in (("train", 120), ("valid", 60)):
        kept = (Path(NERGRIT) / f"{split}.txt").read_text(encoding="utf-8").split("\n\n")[:lines // 6]
        (root / NERGRIT / f"{split}.txt").write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    (root / "user.conll").write_text(IOB2 * HELD_OUT_EVERY, encoding="utf-8")
    return root


def test_model_train_writes_a_model_folder_that_says_what_it_is(tiny_project: Path, capsys) -> None:
    out = tiny_project / "models" / "mine"
    argv = ["--root", str(tiny_project), "model", "train", "--with", str(tiny_project / "user.conll"),
            *[f"--map={pair}" for pair in MAPS], "--epochs", "1", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "pubadmin_ner_custom" and meta["version"].startswith("3.0.0+")
    sizes = {source["name"]: source.get("sentences") for source in meta["sources"]}
    assert sizes["NERGrit (IndoNLU train split)"] == 20 and sizes["user.conll (--with)"] == 2 * HELD_OUT_EVERY - 2
    assert all(source["license"] for source in meta["sources"])
    assert set(meta["scores"]) == {"NERGrit (IndoNLU valid split)", "user.conll (held out: every 10th sentence)"}
    assert meta["settings"]["epochs"] == 1 and meta["rules_version"]
    assert "PERSON" in capsys.readouterr().err  # the per-label table
    assert entity_model.version(out) == f"pubadmin_ner_custom-{meta['version']}"
    assert entity_model.load(out).pipe_names == ["lexicon", "tok2vec", "ner"]
    again = tiny_project / "models" / "again"
    assert main([*argv[:-2], str(again), "--quiet"]) == 0
    assert sorted(p.read_bytes() for p in out.rglob("*") if p.is_file()) == \
        sorted(p.read_bytes() for p in again.rglob("*") if p.is_file())


def test_a_refused_file_or_folder_writes_nothing(tiny_project: Path, capsys) -> None:
    out = tiny_project / "models" / "refused"
    assert main(["--root", str(tiny_project), "model", "train", "--with", str(tiny_project / "user.conll"),
                 "--out", str(out)]) == 1
    said = capsys.readouterr()
    assert "user.conll: line 7: [train-label-unmapped] label 'LOCATION'" in said.out and not out.exists()
    assert "failed with 3 problem(s)" in said.err  # one a label: LOCATION, ORGANIZATION, TIME
    (tiny_project / "notes").mkdir()
    assert main(["--root", str(tiny_project), "model", "train", "--out", str(tiny_project / "notes")]) == 2
    assert "no model folder" in capsys.readouterr().err and (tiny_project / "notes").is_dir()


def test_predict_names_the_model_given_or_the_projects_default(tiny_project: Path, capsys) -> None:
    out = tiny_project / "models" / "mine"
    if not out.is_dir():
        assert main(["--root", str(tiny_project), "model", "train", "--epochs", "1", "--out", str(out), "--quiet"]) == 0
    wanted = f"{entity_model.version(out)}+rules-"
    (tiny_project / "in.jsonl").write_text('{"id": "a", "text": "Bupati Ipuk Fiestiandani datang ke Jakarta."}\n',
                                           encoding="utf-8")
    shipped, given, default = (tiny_project / f"{name}.jsonl" for name in ("shipped", "given", "default"))
    common = ["--root", str(tiny_project), "predict", str(tiny_project / "in.jsonl"), "--quiet", "--out"]
    assert main([*common, str(shipped)]) == 0 and main([*common, str(given), "--model", str(out)]) == 0
    pyproject = tiny_project / "pyproject.toml"
    plain = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(plain + '\n[tool.id-pubadmin]\nmodel = "models/mine"\n', encoding="utf-8")
    assert main([*common, str(default)]) == 0
    versions = [json.loads(path.read_text(encoding="utf-8"))["model_version"] for path in (shipped, given, default)]
    assert versions[0].startswith(entity_model.version()) and versions[1] == versions[2] and versions[1].startswith(wanted)
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("models/mine", "models/none"), encoding="utf-8")
    assert main([*common, str(tiny_project / "never.jsonl")]) == 2
    assert "no model folder" in capsys.readouterr().err and not (tiny_project / "never.jsonl").exists()
    pyproject.write_text(plain, encoding="utf-8")


def test_silver_rows_and_studio_predictions_name_the_model_that_made_them(tiny_project: Path) -> None:
    from id_pubadmin.annotations.studio.project import with_predictions
    from id_pubadmin.silver.annotate import document_rows

    out = tiny_project / "models" / "mine"
    if not out.is_dir():
        assert main(["--root", str(tiny_project), "model", "train", "--epochs", "1", "--out", str(out), "--quiet"]) == 0
    wanted = f"{entity_model.version(out)}+rules-"
    text = "Bupati Ipuk Fiestiandani datang ke Jakarta. Warga menyambutnya."
    rows = document_rows([{"document_id": "s1", "text": text}], model_dir=out)
    assert {row["model_version"] for config in rows.values() for row in config} == {rows["documents"][0]["model_version"]}
    assert rows["documents"][0]["model_version"].startswith(wanted)
    [task] = with_predictions([{"data": {"text": text, "document_id": "s1"}}], [], model_dir=out)
    assert task["predictions"][0]["model_version"].startswith(wanted)
