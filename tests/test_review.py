"""The review page opened in headless Chromium: every mention and quote is in the DOM with its label.

Chromium is the distribution's (``apt-get install chromium``, done by ``.ci/run``), driven by
Playwright without downloading a browser of its own. The README's picture is this test's screenshot
of the committed corpus: ``ID_PUBADMIN_REVIEW_SCREENSHOT=docs/review.png pytest tests/test_review.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from id_pubadmin.cli import main
from id_pubadmin.core.fields import Rows
from id_pubadmin.corpus.read import corpus_views, read_corpus
from id_pubadmin.exports.review import review_html
from id_pubadmin.segment.document_view import document_view
from release_fixtures import make_annotated_project

SCREENSHOT = "ID_PUBADMIN_REVIEW_SCREENSHOT"  # where to save the committed corpus's screenshot instead
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
READ_PAGE = """() => {
  const bare = (node) => {  // the text of a node without displaCy's label badges
    const copy = node.cloneNode(true);
    copy.querySelectorAll("mark.entity > span").forEach((badge) => badge.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const mentions = Array.from(document.querySelectorAll("mark.entity[data-mention-id]")).map((mark) => ({
    document: mark.closest("section.document").id, mention: mark.dataset.mentionId, label: mark.dataset.label,
    entity: mark.dataset.entityId, text: bare(mark), badge: mark.querySelector("span").textContent.trim(),
    title: mark.title, colour: getComputedStyle(mark).backgroundColor}));
  const quotes = {};
  document.querySelectorAll("[data-quote-id]").forEach((part) => {
    const key = part.closest("section.document").id + " " + part.dataset.quoteId;
    quotes[key] = quotes[key] || {type: part.dataset.type, speaker: part.dataset.speakerEntityId, parts: []};
    quotes[key].parts.push(bare(part));
    quotes[key].underlined = getComputedStyle(part).textDecorationLine;
  });
  const links = Array.from(document.querySelectorAll(".speaker-link[data-quote-of]")).map((link) => ({
    document: link.closest("section.document").id, quote: link.dataset.quoteOf,
    target: link.getAttribute("href")}));
  const cues = Array.from(document.querySelectorAll("[data-cue-of]")).map((cue) => ({
    document: cue.closest("section.document").id, quotes: cue.dataset.cueOf, text: bare(cue)}));
  const sentences = Array.from(document.querySelectorAll("section.document .sentence")).length;
  return {mentions, quotes, links, cues, sentences, legend: document.querySelectorAll(".legend mark").length};
}"""


def _browser_page(page: Path, screenshot: Path) -> tuple[dict, list[str]]:
    """What the rendered page shows, the console errors, and a screenshot of its top."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            tab = browser.new_page(viewport={"width": 1000, "height": 940})
            tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.on("request", lambda request: errors.append(f"request {request.url}")
                   if not request.url.startswith("file:") else None)
            tab.goto(page.resolve().as_uri())
            shown = tab.evaluate(READ_PAGE)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return shown, errors


@pytest.fixture(scope="module", params=["committed", "annotated"])
def corpus(request: pytest.FixtureRequest, root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "committed":
        return root / "corpus"
    return make_annotated_project(tmp_path_factory.mktemp("review") / "project").corpus


def _all(rows: Rows, config: str) -> list[dict]:
    return [row for split_rows in rows[config].values() for row in split_rows]


def test_every_mention_and_quote_is_in_the_rendered_page(corpus: Path, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "review.html"
    assert main(["--root", str(corpus.parent), "review", "--out", str(page), "--no-predictions"]) == 0  # gold alone
    saved = os.environ.get(SCREENSHOT) if corpus.parent.name != "project" else None
    screenshot = Path(saved) if saved else tmp_path / "review.png"
    shown, errors = _browser_page(page, screenshot)
    assert errors == []
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows, _ = read_corpus(corpus)
    entities, quotes = _all(rows, "entities"), _all(rows, "quotes")
    mentions = sorted((m["document"], m["mention"], m["label"], m["badge"], m["entity"], m["text"])
                      for m in shown["mentions"])
    assert mentions == sorted((e["document_id"], e["mention_id"], e["label"], e["label"], e["entity_id"],
                               " ".join(e["text"].split())) for e in entities)
    assert all(m["entity"] in m["title"] for m in shown["mentions"])
    assert len({m["colour"] for m in shown["mentions"]}) == len({e["label"] for e in entities})
    shown_quotes = {key: (q["type"], q["speaker"], " ".join(" ".join(q["parts"]).split()))
                    for key, q in shown["quotes"].items()}
    assert shown_quotes == {f"{q['document_id']} {q['quote_id']}": (q["type"], q["speaker_entity_id"],
                                                                   " ".join(q["text"].split())) for q in quotes}
    assert all(q["underlined"] == "underline" for q in shown["quotes"].values())
    mention_of = {(e["document_id"], e["start"], e["end"]): e["mention_id"] for e in entities}
    targets = {(q["document_id"], q["quote_id"]): (q["document_id"], q["speaker"]["start"], q["speaker"]["end"])
               for q in quotes if q["speaker"]}
    assert sorted((link["document"], link["quote"], link["target"] or "") for link in shown["links"]) == sorted(
        (q["document_id"], q["quote_id"], f"#{q['document_id']}-{mention_of[targets[key]]}" if key in targets else "")
        for q in quotes for key in [(q["document_id"], q["quote_id"])])
    assert sorted(c["text"] for c in shown["cues"]) == sorted({(q["document_id"], q["cue"]["start"]): q["cue"]["text"]
                                                               for q in quotes}.values())
    assert shown["sentences"] == len(_all(rows, "sentences")) and shown["legend"] == 10


def test_review_of_one_document_and_of_an_unknown_one(root: Path, tmp_path: Path) -> None:
    document_id = read_corpus(root / "corpus")[0]["documents"]["test"][0]["document_id"]
    assert main(["--root", str(root), "review", "--document", document_id, "--out", str(tmp_path / "one.html")]) == 0
    text = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert f'<section class="document" id="{document_id}">' in text and "<script" not in text and "http" not in text
    assert main(["--root", str(root), "review", "--document", "nope", "--out", str(tmp_path / "no.html")]) == 2
    assert not (tmp_path / "no.html").exists()


def test_ids_and_text_are_escaped(root: Path) -> None:
    rows = read_corpus(root / "corpus")[0]
    entity = rows["entities"]["test"][2]
    rows["entities"]["test"][2] = {**entity, "entity_id": 'x"><script>alert(1)</script>', "mention_id": "m<1>"}
    page = review_html([document_view("test", {config: found.get("test", []) for config, found in rows.items()})])
    assert "<script" not in page and "m&lt;1&gt;" in page and "x&quot;&gt;&lt;script&gt;" in page


def test_every_speaker_is_named_by_its_mention_and_its_mention_is_marked(first_seed_corpus: Path) -> None:
    from html.parser import HTMLParser

    class Arrows(HTMLParser):
        """The speaker arrows (entity id, text) and the marks of speakers' mentions (entity id, quote ids)."""

        def __init__(self) -> None:
            super().__init__()
            self.arrows: list[list[str]] = []
            self.speakers: list[tuple[str, str]] = []
            self._in_arrow = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if "data-quote-of" in found and "speaker-link" in (found.get("class") or ""):
                self.arrows.append([found["data-entity-id"] or "", found.get("title") or "", ""])
                self._in_arrow = True
            if tag == "mark" and found.get("data-speaker-of"):
                self.speakers.append((found["data-entity-id"] or "", found["data-speaker-of"] or ""))

        def handle_endtag(self, tag: str) -> None:
            self._in_arrow = False

        def handle_data(self, data: str) -> None:
            if self._in_arrow:
                self.arrows[-1][2] += data

    rows = read_corpus(first_seed_corpus)[0]
    entities, quotes = _all(rows, "entities"), _all(rows, "quotes")
    page = Arrows()
    page.feed(review_html(corpus_views(first_seed_corpus)))
    mention_texts = {e["entity_id"]: set() for e in entities}
    for e in entities:
        mention_texts[e["entity_id"]].add(e["text"])
    assert len(page.arrows) == len(quotes) and any(q["speaker"] is None for q in quotes)
    for (entity_id, title, text), quote in zip(page.arrows, quotes, strict=True):
        assert entity_id == quote["speaker_entity_id"] and entity_id in title
        assert text.removeprefix("\u2192").strip() in mention_texts[entity_id]  # never the id where a mention exists
    named = {(q["speaker_entity_id"], q["quote_id"]) for q in quotes if q["speaker"]}
    assert {(entity_id, quote_id) for entity_id, ids in page.speakers for quote_id in ids.split()} == named


def test_a_document_not_annotated_yet_shows_its_predictions_marked_as_such(tmp_path: Path) -> None:
    from id_pubadmin.predictor.predict import MODEL_VERSION
    from release_fixtures import UNANNOTATED

    layout = make_annotated_project(tmp_path / "project")
    page, bare = tmp_path / "review.html", tmp_path / "bare.html"
    assert main(["--root", str(layout.root), "review", "--out", str(page)]) == 0
    assert main(["--root", str(layout.root), "review", "--out", str(bare), "--no-predictions"]) == 0
    section = page.read_text(encoding="utf-8").split(f'id="{UNANNOTATED[0]}">')[1].split("</section>")[0]
    assert f"predictions of {MODEL_VERSION}, not gold" in section and 'data-predicted="true"' in section
    annotated = page.read_text(encoding="utf-8").split('id="kabar-001">')[1].split("</section>")[0]
    assert "data-mention-id" in annotated and "data-predicted" not in annotated  # gold stays gold
    unmarked = bare.read_text(encoding="utf-8").split(f'id="{UNANNOTATED[0]}">')[1].split("</section>")[0]
    assert "(not annotated yet)" in unmarked and "data-mention-id" not in unmarked
