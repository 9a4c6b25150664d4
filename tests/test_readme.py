"""The examples of the README, the dataset card and the reference pages in docs/ run as written, from a
project folder; the README links every page, and every link between them lands on a file and heading.

They show the first article's rows, so they run in a project built from the first seed alone: an
article added later, wherever its split puts it, changes none of them.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
PAGES = ["README.md", "DATASET_CARD.md", *sorted(f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("name", PAGES)
def test_the_examples_run(name: str, monkeypatch: pytest.MonkeyPatch, first_seed_corpus: Path) -> None:
    monkeypatch.chdir(first_seed_corpus.parent)  # the examples load "corpus" relative to the project folder
    examples = sum(line.lstrip().startswith(">>> ") for line in (ROOT / name).read_text(encoding="utf-8").splitlines())
    results = doctest.testfile(str(ROOT / name), module_relative=False, optionflags=FLAGS, report=True)
    assert results.attempted == examples, f"{name} has {examples} examples but {results.attempted} ran"
    assert results.failed == 0, f"{results.failed} of {results.attempted} example lines of {name} failed (shown above)"


def test_the_readme_and_card_have_examples() -> None:
    for name in ("README.md", "DATASET_CARD.md"):
        assert (ROOT / name).read_text(encoding="utf-8").count(">>> ") >= 5, f"{name} lost its examples"


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def broken_links(page: Path) -> list[str]:
    """The relative links of a Markdown page whose file or heading does not exist."""
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
            broken.append(target)
    return broken


@pytest.mark.parametrize("name", PAGES)
def test_every_link_lands(name: str) -> None:
    assert broken_links(ROOT / name) == []


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# A heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("[ok](other.md#a-heading) [gone](missing.md) [moved](other.md#elsewhere) [here](#top)\n# Top\n",
                    encoding="utf-8")
    assert broken_links(page) == ["missing.md", "other.md#elsewhere"]


def test_the_readme_links_every_reference_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = [page.name for page in sorted((ROOT / "docs").glob("*.md")) if f"](docs/{page.name}" not in readme]
    assert unlinked == [], f"link each reference page from README.md (e.g. in its list of docs/ pages): {unlinked}"


def test_a_wrong_example_fails(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.md"
    wrong.write_text("```python\n>>> 'Lembaga'[:3]\n'Lemb'\n\n```\n", encoding="utf-8")
    results = doctest.testfile(str(wrong), module_relative=False, optionflags=FLAGS, report=False)
    assert (results.attempted, results.failed) == (1, 1)
