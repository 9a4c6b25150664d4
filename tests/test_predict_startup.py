"""``predict`` loads only what it uses: no ``datasets``, pandas or Label Studio SDK, even with the corpus's gazetteer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHECK = """
import sys
from id_pubadmin.cli import main
code = main(sys.argv[1:])
print(sorted(name for name in ("datasets", "pandas", "label_studio_sdk", "torch") if name in sys.modules))
sys.exit(code)
"""


def test_predict_imports_no_heavy_library(root: Path, tmp_path: Path) -> None:
    given = tmp_path / "in.jsonl"
    given.write_text(json.dumps({"id": "a", "text": "Bupati Ipuk Fiestiandani hadir."}) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHECK, "predict", str(given), "--out", str(tmp_path / "out.jsonl"),
                           "--corpus", str(root / "corpus"), "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(root / "scripts")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "gazetteer from" in done.stderr and json.loads((tmp_path / "out.jsonl").read_text())["entities"]
