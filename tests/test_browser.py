"""The search page in a real browser: `streamlit run app.py` on a loopback port, driven by
Debian's Chromium through Playwright, over an index built here with the real model.

The index holds the article from corpus/, synthetic PubMed records with study types, a
generated two-page PDF, and documents whose titles and texts carry page-injection payloads.
Screenshots go to test-artifacts/ so a person can look at what the page showed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from ingest.pipeline import build_corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "browser"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTICLE_TITLE = "How Ketamine Brings Rapid Relief in Treatment-Resistant Depression"
RCT_TITLE = "Synthetic randomized trial of a single ketamine infusion"
PDF_PAGES = [
    "Synthetic esketamine dosing guide. Page one covers who may receive the nasal spray.",
    "Page two: blood pressure is checked before and forty minutes after each esketamine dose.",
]
# Text that the payload documents must show literally (as characters, never as markup).
LITERAL = [
    '<script>window.__pwned = "title-script"</script>',
    "<img src=x onerror=",
    "![sentinel image](https://example.invalid/sentinel.png)",
    "[sentinel link](javascript:window.__pwned='md-link')",
    "<table><tr><td>sentinel cell</td></tr></table>",
    "<iframe srcdoc=",
    "<style>body { display: none }</style>",
    "&lt;b&gt;sentinel entity&lt;/b&gt;",
    "{{7*7}}",
    "/etc/passwd",
    "README.md",
]
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')"""

pytestmark = [
    pytest.mark.model,
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
    ),
]


def write_pdf(path: Path, pages: list[str], title: str) -> None:
    """A small valid PDF: one line of Helvetica per page, a document title, exact xref offsets."""
    def literal(text: str) -> str:
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        stream = f"BT /F1 11 Tf 72 720 Td {literal(text)} Tj ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects.append(f"<< /Title {literal(title)} /CreationDate (D:20220301000000Z) >>")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(out)


@pytest.fixture(scope="module")
def browser_index(tmp_path_factory: pytest.TempPathFactory, real_embedder) -> Path:
    """Article, synthetic records, a PDF and the payload documents, indexed with the real model."""
    corpus = tmp_path_factory.mktemp("browser-corpus")
    for source in [*(ROOT / "corpus").glob("article.txt*"), *FIXTURES.iterdir()]:
        shutil.copy(source, corpus / source.name)
    write_pdf(corpus / "esketamine-guide.pdf", PDF_PAGES, "Synthetic esketamine dosing guide")
    index_dir = tmp_path_factory.mktemp("browser-index")
    result = build_corpus(corpus, index_dir, lambda: real_embedder)
    assert not result.errors, result.errors
    return index_dir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(browser_index: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; its address once healthy."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none",
    ]
    env = {**os.environ, "KLS_INDEX_DIR": str(browser_index), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer on {base} within {timeout} s")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, server: str) -> Iterator[object]:
    """A fresh browser session; dialogs (alert, confirm) are recorded and dismissed."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1800}, accept_downloads=True)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.set_default_timeout(90_000)
    yield tab
    context.close()


def wait_idle(tab) -> None:
    """Until the script run is over: no running indicator and no stale element, twice."""
    for _ in range(2):
        tab.wait_for_timeout(400)
        tab.wait_for_function(IDLE)


def open_page(tab, base: str, query: str = "") -> None:
    tab.goto(base + query)
    tab.get_by_label("Your question").wait_for()
    wait_idle(tab)


def ask(tab, question: str) -> None:
    """Type the question and press Enter, as a person would."""
    box = tab.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    tab.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("q") == [question])
    wait_idle(tab)


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name))


def test_first_use_shows_examples_and_a_prompt(page, server):
    open_page(page, server)
    assert page.get_by_text("Type a question or a few terms").is_visible()
    assert page.get_by_text("Clinicians").is_visible() and page.get_by_text("Students").is_visible()
    assert page.get_by_role("button", name="Is ketamine addictive?").is_visible()
    shot(page, "01-first-use.png")


def test_keyboard_alone_reaches_the_examples_from_the_query_box(page, server):
    open_page(page, server)
    page.get_by_label("Your question").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.innerText")
    assert focused == "How fast does ketamine work?"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=How\+fast"))
    wait_idle(page)
    assert page.get_by_label("Your question").input_value() == "How fast does ketamine work?"
    assert page.locator("mark.kls-best").count() > 0


def test_question_shows_a_highlighted_answer_with_its_citation(page, server):
    open_page(page, server)
    ask(page, "How fast does ketamine work?")
    marked = page.locator("mark.kls-best").first
    assert marked.is_visible() and marked.inner_text().strip()
    assert page.locator(".kls-badge").first.is_visible()
    assert page.get_by_text(re.compile(r"passages? from \d+ papers? · search \d+ ms")).is_visible()
    rct = page.locator(".kls-title", has_text=RCT_TITLE)
    assert rct.count() >= 1
    meta = rct.first.locator("xpath=following-sibling::div[1]")
    assert "2019" in meta.inner_text() and "randomized controlled trial" in meta.inner_text()
    assert meta.locator('a[href="https://pubmed.ncbi.nlm.nih.gov/90000101/"]').count() == 1
    shot(page, "02-answer.png")


def test_study_type_filter_keeps_only_that_type_and_goes_into_the_link(page, server):
    open_page(page, server)
    ask(page, "How fast does ketamine work?")
    study_type = page.get_by_role("combobox", name="Study type")
    study_type.click()
    page.get_by_role("option", name=re.compile(r"^randomized controlled trial \(1\)")).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"type=randomized\+controlled\+trial"))
    wait_idle(page)
    titles = page.locator(".kls-title").all_inner_texts()
    assert titles and all(RCT_TITLE in title for title in titles), titles
    shot(page, "03-filtered.png")


def test_show_context_opens_the_neighbouring_passages_in_place(page, server):
    open_page(page, server, "?q=depressive+symptoms+fell+within+twenty-four+hours&source=pubmed")
    first = page.locator(".st-key-card-1")
    assert "twenty-four hours" in first.locator("mark.kls-best").inner_text()
    assert first.locator(".kls-context").count() == 0
    first.get_by_text("Show context").click()
    wait_idle(page)
    context = first.locator(".kls-context")
    assert context.count() == 2  # the passage before (METHODS) and after (CONCLUSIONS)
    assert "saline placebo" in context.first.inner_text()
    assert "rapid relief" in context.last.inner_text()
    assert "twenty-four hours" in first.locator("mark.kls-best").inner_text()
    first.get_by_role("button", name="Why it matched").click()
    why = page.locator(".kls-why").filter(has_text="semantic similarity").last
    why.wait_for(state="visible")
    assert "hours" in why.inner_text() and "BM25" in why.inner_text()
    shot(page, "04-context-and-why.png")


def test_csv_download_holds_the_shown_passages(page, server):
    open_page(page, server)
    ask(page, "BDNF and mTOR")
    shown = page.locator(".kls-title").count()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert len(rows) == shown
    assert rows[0]["query"] == "BDNF and mTOR" and rows[0]["rank"] == "1"
    assert any("mTOR" in row["passage"] for row in rows)
    assert download.value.suggested_filename == "ketamine-search-bdnf-and-mtor.csv"


def test_shared_link_reproduces_the_search_and_back_returns_to_the_last_one(page, server, chromium):
    open_page(page, server)
    ask(page, "esketamine blood pressure")
    page.get_by_role("combobox", name="Source").click()
    page.get_by_role("option", name=re.compile(r"^PDF \(1\)")).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"source=pdf"))
    wait_idle(page)
    link = page.url
    expected = page.locator(".kls-title").all_inner_texts()
    assert expected and all("esketamine dosing guide" in t for t in expected), expected
    meta = page.locator(".kls-meta").first.inner_text()
    assert re.search(r"file esketamine-guide\.pdf · page \d", meta), meta

    other = chromium.new_context(viewport={"width": 1280, "height": 1800}).new_page()
    open_page(other, link)
    assert other.get_by_label("Your question").input_value() == "esketamine blood pressure"
    assert other.locator(".kls-title").all_inner_texts() == expected
    assert "esketamine-guide" in other.locator(".kls-meta").first.inner_text()
    shot(other, "05-shared-link.png")
    other.context.close()

    ask(page, "synaptogenesis")
    page.go_back()
    page.wait_for_url(re.compile(r"q=esketamine"))
    wait_idle(page)
    assert page.get_by_label("Your question").input_value() == "esketamine blood pressure"
    assert page.locator(".kls-title").all_inner_texts() == expected


def test_injection_payloads_show_as_text_and_never_run(page, server):
    open_page(page, server)
    ask(page, "quarantine sentinel <img src=x onerror=alert('query')>")
    for button in page.get_by_role("button", name="Why it matched").all():
        button.click()
        page.keyboard.press("Escape")
    wait_idle(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    missing = [payload for payload in LITERAL if payload not in text]
    assert not missing, missing
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
    for tag in ("table", "iframe", "svg", "img", "input", "details", "style", "script", "a"):
        found = page.locator(f".kls-passage {tag}, .kls-title {tag}, .kls-why {tag}")
        assert found.count() == 0, tag
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.evaluate("() => getComputedStyle(document.body).display") != "none"
    assert page.locator('[data-testid="stMain"]').is_visible()
    page.locator(".st-key-card-1").scroll_into_view_if_needed()
    shot(page, "06-payloads-literal.png")
