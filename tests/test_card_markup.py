"""Text from outside is data in the dataset card: rendered as the Hub renders it, nothing in it acts.

A page's ``og:site_name`` becomes a seed's outlet, which the card names; an annotator's account
comes from the export. The built ``corpus/README.md`` is rendered from Markdown to HTML with raw
HTML allowed (markdown-it-py; the Hub sanitises too, this test does not count on it) and opened in
headless Chromium: no script may run, no element, image or link may come of the payloads, each
must read as the characters it is, and no e-mail address may be published.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from corpus_fixtures import EXPORT_NAME, base_rows, make_project
from id_pubadmin.bench.web_pages import SECOND_BODY, news_page
from id_pubadmin.build import build
from id_pubadmin.core.markup import markdown_code, markdown_code_block, markdown_text
from id_pubadmin.seeds.web.intake import add_web_seeds
from id_pubadmin.silver.dataset import card_text
from test_review import ARGS, CHROMIUM

SITE = ('Kabar <script>window.hit = "script"</script><img src=x onerror="window.hit = \'img\'">'
        '[klik](javascript:window.hit=\'link\') <b onmouseover=x>**tebal**</b> | sel `kode`')
ANNOTATOR = '<img src=y onerror="window.hit = \'annotator\'">rina.real@example.org'
READ = """() => ({
  hit: window.hit === undefined ? null : window.hit,
  elements: Array.from(document.body.querySelectorAll("*"))
    .map((node) => [node.outerHTML.split(">")[0], node.textContent.trim()]),
  text: document.body.textContent,
})"""


def _rendered(markdown: str, tmp_path: Path) -> dict:
    """What Chromium shows of ``markdown`` rendered to HTML as the Hub renders a card (tables, raw HTML allowed)."""
    from markdown_it import MarkdownIt
    from playwright.sync_api import sync_playwright

    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = tmp_path / "card.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>",
                    encoding="utf-8")
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            tab = browser.new_page()
            tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            tab.goto(page.resolve().as_uri())
            tab.wait_for_load_state("load")
            shown = tab.evaluate(READ)
        finally:
            browser.close()
    return {**shown, "dialogs": dialogs}


def _from_payload(opening_tag: str, text: str) -> bool:
    """Whether an element of the page was made of the payload: its tag names a handler or script, or it wraps
    only a word of the payload (``**tebal**`` in bold, ``[klik](...)`` as a link, ```kode``` as code)."""
    return bool(re.search("hit|javascript|onmouseover|onerror", opening_tag)) or text in ("tebal", "klik", "kode")


def _chromium() -> None:
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("chromium is not installed (apt-get install chromium)")


def test_markup_helpers_leave_nothing_active() -> None:
    assert markdown_text("a <b>|c</b> [x](javascript:y) `z`\n*w*") == \
        r"a &lt;b&gt;\|c&lt;/b&gt; \[x\]\(javascript:y\) \`z\` \*w\*"
    assert markdown_code("a `b` c") == "``a `b` c``"
    assert markdown_code_block('{"text": "```<script>"}', "json") == '````json\n{"text": "```<script>"}\n````'


def test_the_card_shows_outside_text_as_text_in_a_browser(tmp_path: Path) -> None:
    _chromium()
    layout = make_project(tmp_path / "project", base_rows())
    export = layout.exports / EXPORT_NAME
    tasks = json.loads(export.read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["completed_by"] = {"email": ANNOTATOR}
    export.write_text(json.dumps(tasks), encoding="utf-8")
    page = tmp_path / "page.html"
    body = ["Warga " + SECOND_BODY[0].split(" - ", 1)[1], *SECOND_BODY[1:]]  # no dateline: the outlet is the site
    page.write_text(news_page(body, site=SITE), encoding="utf-8")
    added = add_web_seeds([page], layout.seeds, "invented test text", url="https://kabar.example/2024/03/04/layanan")
    assert added[0].refused == [] and len(added[0].added) == 1
    build(layout)
    card = (layout.corpus / "README.md").read_text(encoding="utf-8")
    assert "rina.real" not in card and "Gold annotations by unnamed-" in card
    shown = _rendered(card.split("---\n", 2)[2], tmp_path)
    assert shown["hit"] is None and shown["dialogs"] == []
    assert [element for element in shown["elements"] if _from_payload(*element)] == []
    assert " ".join(SITE.split()) in " ".join(shown["text"].split())  # the outlet name, as the characters it is


def test_the_silver_card_shows_rights_and_file_names_as_text(tmp_path: Path) -> None:
    _chromium()
    summary = {"rows": {"documents": 1, "sentences": 1, "entities": 0, "quotes": 0}, "refused": {},
               "sources": [f"/crawl/{SITE}.warc.gz"], "records": 1, "near_duplicates": 0, "rights": SITE,
               "model_version": "m", "engine": "local"}
    shown = _rendered(card_text(summary).split("---\n", 2)[2], tmp_path)
    assert shown["hit"] is None and shown["dialogs"] == []
    assert [element for element in shown["elements"] if _from_payload(*element)] == []
    assert " ".join(SITE.split()) in " ".join(shown["text"].split())
