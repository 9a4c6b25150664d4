"""Commands run in odd locales and on odd batches: output never depends on the terminal's encoding, and
``add-seed`` reports every problem of a batch with its id and adds every sound seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_fixtures import built, cli, mini
from id_pubadmin.seeds.seed_metadata import MAX_METADATA_BYTES

__all__ = ["built", "mini"]  # fixtures

ARTICLE = "date 2022-11 KABAR.ID, SUKAMAJU - Warga berkata siap. ****"


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "id_pubadmin", *argv], capture_output=True, timeout=300,
                          env={**os.environ, **env})


LOCALES = [{"LC_ALL": "C", "PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
           {"LC_ALL": "C"}]


@pytest.mark.parametrize("env", LOCALES, ids=["latin-1", "ascii", "c-locale"])
def test_reports_are_written_in_any_locale(mini: Path, env: dict[str, str]) -> None:
    seed = mini / "seeds" / "“kutip”-001.txt"  # no metadata: refused, naming the file
    seed.write_text("date 2022-11 “Kami siap,” kata warga. ****", encoding="utf-8")
    text = _run(env, "--root", str(mini), "validate", str(seed))
    assert text.returncode == 1 and b"Traceback" not in text.stderr, text.stderr
    assert b"[seed-no-metadata]" in text.stdout and (b"\\u201c" in text.stdout or "“".encode() in text.stdout)
    as_json = _run(env, "--root", str(mini), "validate", str(seed), "--format", "json")
    assert as_json.returncode == 1 and b"Traceback" not in as_json.stderr
    assert "“kutip”" in json.loads(as_json.stdout)[0]["file"]
    missing = _run(env, "--root", str(mini), "review", "--document", "“none”", "--out", str(mini / "r.html"))
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr and b"none" in missing.stderr


def test_add_seed_reports_every_problem_of_a_batch_and_adds_the_rest(mini: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    seeds = mini / "seeds"
    for name, said in (("twice-001", "siap"), ("linked-001", "lega"), ("good-001", "senang")):  # not duplicates
        (seeds / f"{name}.txt").write_text(ARTICLE.replace("siap", said), encoding="utf-8")
    (seeds / "linked-001.json").symlink_to(mini / "no-such-target.json")  # dangling
    run = cli(capsys, "--root", str(mini), "add-seed", str(seeds / "twice-001.txt"),
              str(seeds / ".." / "seeds" / "twice-001.txt"), str(seeds / "linked-001.txt"), str(seeds / "good-001.txt"),
              str(seeds / "missing-001.txt"), "--rights", "test rights")
    assert run.code == 1 and "Traceback" not in run.err
    assert "[seed-metadata-invalid]" in run.out and "linked-001.json" in run.out
    assert "[seed-not-regular-file]" in run.out and "missing-001.txt" in run.out
    assert "added 2 seed(s); 2 refused" in run.err
    assert (seeds / "twice-001.json").is_file() and (seeds / "good-001.json").is_file()
    assert (seeds / "linked-001.json").is_symlink() and not (mini / "no-such-target.json").exists()


def test_add_seed_refuses_rights_longer_than_the_build_accepts(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = mini / "seeds" / "rights-001.txt"
    seed.write_text(ARTICLE, encoding="utf-8")
    run = cli(capsys, "--root", str(mini), "add-seed", str(seed), "--rights", "x" * 100_000)
    assert run.code == 1 and "[seed-metadata-invalid]" in run.out and "rights are too long" in run.out
    assert not seed.with_suffix(".json").exists()
    longest = "x" * (MAX_METADATA_BYTES - 1_000)  # within the limit: added, and the build reads it
    assert cli(capsys, "--root", str(mini), "add-seed", str(seed), "--rights", longest).code == 0
    assert cli(capsys, "--root", str(mini), "validate", str(seed)).code == 0


def test_validate_of_a_new_article_says_to_add_it_with_add_seed(mini: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new.txt"
    new.write_text(ARTICLE, encoding="utf-8")
    run = cli(capsys, "--root", str(mini), "validate", str(new))
    assert run.code == 1 and "[seed-no-metadata]" in run.out
    assert "id-pubadmin add-seed" in run.out and "fields listed in the README" not in run.out
