"""The search page in a real browser: `streamlit run app.py` on a loopback port, driven by
Debian's Chromium through Playwright, over an index built here with the real model.

The index holds the article from corpus/, synthetic PubMed records with study types and
authors, invented trials with full study facts (tests/fixtures/facts_store), 24 synthetic
records to page through, a generated two-page PDF, and documents whose titles and texts carry
page-injection payloads. Screenshots go to test-artifacts/ so a person
can look at what the page showed; the server's terminal output is checked last, for any
warning or traceback.
"""

from __future__ import annotations

import csv
import io
import json
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
FACTS_TRIALS = FIXTURES.parent / "facts_store" / "trials.jsonl"
FACTS_TITLE = "a randomized double-blind trial of ketamine versus midazolam"
HUMAN_DESIGNS = ("randomized controlled trial", "non-randomized clinical study",
                 "case report or series")
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
PAGING_RECORDS = 24
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
    for source in [*(ROOT / "corpus").glob("article.txt*"), *FIXTURES.iterdir(), FACTS_TRIALS]:
        shutil.copy(source, corpus / source.name)
    write_pdf(corpus / "esketamine-guide.pdf", PDF_PAGES, "Synthetic esketamine dosing guide")
    records = [
        {"pmid": str(91000000 + i), "year": 1995 + i, "journal": "Synthetic paging journal",
         "title": f"Synthetic ketamine infusion record {i} for paging",
         "authors": [f"Pager {i}"],
         "abstract": f"Synthetic record {i}: a ketamine infusion and mood in depression."}
        for i in range(PAGING_RECORDS)
    ]
    (corpus / "paging.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    index_dir = tmp_path_factory.mktemp("browser-index")
    result = build_corpus(corpus, index_dir, lambda: real_embedder)
    assert not result.errors, result.errors
    return index_dir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server") / "streamlit.log"


@pytest.fixture(scope="module")
def server(browser_index: Path, server_log: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; its address once healthy. What it
    prints goes to `server_log`, which the last test reads."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none",
    ]
    env = {**os.environ, "KLS_INDEX_DIR": str(browser_index), "HF_HUB_OFFLINE": "1"}
    base = f"http://127.0.0.1:{port}"
    with server_log.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
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


def address(tab) -> dict[str, list[str]]:
    return parse_qs(urlparse(tab.url).query)


def chosen(tab, label: str) -> list[str]:
    """The labels of the chips a multiselect shows."""
    named = tab.get_by_text(label, exact=True)
    box = tab.locator('[data-testid="stMultiSelect"]').filter(has=named)
    return box.locator(".react-aria-ComboBox [data-tag]").evaluate_all(
        "tags => tags.map(t => t.getAttribute('aria-label'))")


def choose(tab, label: str, option: str, url: str) -> None:
    """Open a multiselect, pick the option whose label matches `option`, wait for `url`."""
    tab.get_by_role("combobox", name=label).click()
    tab.get_by_role("option", name=re.compile(option)).click()
    tab.keyboard.press("Escape")
    tab.wait_for_url(re.compile(url))
    wait_idle(tab)


def titles(tab) -> list[str]:
    return tab.locator("h3.kls-paper").all_inner_texts()


def test_first_use_shows_examples_and_a_prompt(page, server):
    open_page(page, server)
    assert page.get_by_text("Type a question or a few terms").is_visible()
    assert page.get_by_text("Clinicians").is_visible() and page.get_by_text("Students").is_visible()
    assert page.get_by_role("button", name="Is ketamine addictive?").is_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_text("Search", exact=True).is_visible()
    assert nav.get_by_text("Curator", exact=True).is_visible()
    assert nav.get_by_text("app", exact=True).count() == 0
    assert page.get_by_role("button", name="Deploy").count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0
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


def test_papers_first_with_linked_titles_authors_badges_and_top_findings(page, server):
    open_page(page, server)
    ask(page, "How fast does ketamine work?")
    assert page.get_by_text(re.compile(r"^\d+ matching papers? · page 1 of \d+ · by relevance"
                                       r" · search \d+ ms")).is_visible()
    card = page.locator('[class*="st-key-card-"]').filter(
        has=page.locator("h3.kls-paper", has_text=RCT_TITLE)).first
    link = card.locator('h3.kls-paper a[target="_blank"]')
    assert link.get_attribute("href") == "https://pubmed.ncbi.nlm.nih.gov/90000101/"
    meta = card.locator(".kls-meta").inner_text()
    assert "Fixturewright A, Placebo B, Saline C et al." in meta and "2019" in meta
    assert "randomized controlled trial" in meta and "unknown" not in meta
    assert card.locator(".kls-match").inner_text() in ("Strong match", "Partial match")
    assert card.locator(".kls-passage").count() in (1, 2)
    assert "twenty-four hours" in card.locator("mark.kls-best").first.inner_text()
    article = page.locator('[class*="st-key-card-"]').filter(
        has=page.locator("h3.kls-paper", has_text=ARTICLE_TITLE)).first
    assert "Web article (not peer-reviewed)" in article.locator(".kls-badge").inner_text()
    findings = page.locator(".kls-findings li")
    assert 1 <= findings.count() <= 5
    assert findings.first.locator("a.kls-cite").inner_text() == "[1]"
    shot(page, "07-papers-first.png")
    card.screenshot(path=str(ARTIFACTS / "02-answer.png"))  # the trial's card alone
    cite = findings.last.locator("a.kls-cite")
    number = cite.inner_text().strip("[]")
    cite.click()
    page.wait_for_url(re.compile(f"#paper-{number}$"))
    page.wait_for_timeout(500)
    box = page.locator(f"#paper-{number}").bounding_box()
    assert box is not None and 0 <= box["y"] < 400, box  # the cited card is at the top
    shot(page, "11-citation-jump.png")


def test_show_abstract_expands_in_place(page, server):
    open_page(page, server, "?q=depressive+symptoms+fell+within+twenty-four+hours&source=pubmed")
    first = page.locator(".st-key-card-1")
    first.get_by_text("Show abstract").click()
    wait_idle(page)
    section = first.locator(".kls-section")
    assert "saline placebo" in section.inner_text() and "rapid relief" in section.inner_text()
    assert "twenty-four hours" in section.locator(".kls-here").inner_text()


def test_design_and_human_filters_keep_only_those_and_go_into_the_link(page, server):
    open_page(page, server)
    ask(page, "How fast does ketamine work?")
    choose(page, "Study design", r"^randomized controlled trial \(\d+\)", r"design=rct")
    metas = page.locator(".kls-meta").all_inner_texts()
    assert metas and all("randomized controlled trial" in meta for meta in metas), metas
    assert any(RCT_TITLE in title for title in titles(page)), titles(page)
    shot(page, "03-filtered.png")
    page.locator("h1").first.click()  # leave the box first: its chips fold to one line on blur
    wait_idle(page)
    page.get_by_role("button", name=re.compile(r"^Clear filters")).first.click()
    page.wait_for_url(lambda url: "design=" not in url)
    wait_idle(page)
    page.get_by_text(re.compile(r"^Human participants only \(\d+\)")).click()
    page.wait_for_url(re.compile(r"human=1"))
    wait_idle(page)
    metas = page.locator(".kls-meta").all_inner_texts()
    assert metas and all(any(d in meta for d in HUMAN_DESIGNS) for meta in metas), metas
    open_page(page, server, "?q=ketamine&type=randomized+controlled+trial&type=unknown")
    assert [c.split(" (")[0] for c in chosen(page, "Study design")] == [
        "randomized controlled trial"]  # an old link: its study type read as a design


def test_facts_line_and_why_these_facts(page, server):
    open_page(page, server, "?q=randomized+double-blind+ketamine+versus+midazolam")
    card = page.locator('[class*="st-key-card-"]').filter(
        has=page.locator("h3.kls-paper", has_text=FACTS_TITLE)).first
    assert card.locator(".kls-facts").inner_text().startswith(
        "RCT · double-blind · n = 67 · ketamine 0.5 mg/kg IV vs midazolam · MADRS · 24 h")
    assert "randomized controlled trial" in card.locator(".kls-meta").inner_text()
    card.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "12-facts-line.png"))
    card.get_by_role("button", name="Why these facts").click()
    why = page.locator(".kls-why").filter(has_text="Participants").last
    why.wait_for(state="visible")
    text = why.inner_text()
    assert "Design: randomized controlled trial" in text and "Participants: 67" in text
    assert "“In this randomized, double-blind trial, 67 adults" in text
    shot(page, "12-why-these-facts.png")


def test_evidence_table_and_the_chart_of_all_matching_papers(page, server):
    open_page(page, server, "?q=ketamine+infusion+depression&view=table&k=5")
    table = page.locator('[data-testid="stDataFrame"]')
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    table.wait_for()
    chart.locator("canvas, svg").first.wait_for()
    line = page.get_by_text(re.compile(r"matching papers · page 1 of")).inner_text()
    total = int(line.split(" ", 1)[0].replace(",", ""))
    said = page.get_by_text(re.compile(r"matching papers? by year and design")).inner_text()
    assert said.startswith(f"{total} matching papers by year and design") and total > 5
    assert table.locator("canvas").count() >= 1  # the grid draws its cells (AppTest reads them)
    assert address(page)["view"] == ["table"]
    shot(page, "13-evidence-table.png")
    chart.screenshot(path=str(ARTIFACTS / "14-chart.png"))


def test_filters_hold_through_searches_years_views_back_and_a_shared_link(page, server, chromium):
    open_page(page, server)
    ask(page, "How fast does ketamine work?")
    choose(page, "Source", r"^PubMed \(\d+\)", r"source=pubmed")
    for question in ("esketamine blood pressure", "synaptogenesis in rats"):
        ask(page, question)
        assert address(page)["source"] == ["pubmed"], page.url
        assert [c.split(" (")[0] for c in chosen(page, "Source")] == ["PubMed"], question
    start = page.locator('input[aria-label="Publication years — start"]')
    start.focus()
    for _ in range(6):
        page.keyboard.press("PageUp")  # quickly, while reruns are still running
    page.wait_for_url(re.compile(r"from=19\d\d"))
    wait_idle(page)
    page.wait_for_timeout(1500)
    wait_idle(page)
    year = start.input_value()
    assert address(page)["from"] == [year] and int(year) > 1950
    page.get_by_text("Passage by passage").click()
    page.wait_for_url(re.compile(r"view=passages"))
    wait_idle(page)
    page.get_by_text("One card per paper").click()
    page.wait_for_url(lambda url: "view=" not in url)
    wait_idle(page)
    page.go_back()
    page.wait_for_url(re.compile(r"view=passages"))
    wait_idle(page)
    expected = {"q": ["synaptogenesis in rats"], "source": ["pubmed"], "from": [year],
                "view": ["passages"]}
    assert address(page) == expected and "PubMed" not in page.url
    assert [c.split(" (")[0] for c in chosen(page, "Source")] == ["PubMed"]
    assert page.locator('input[aria-label="Publication years — start"]').input_value() == year
    other = chromium.new_context(viewport={"width": 1280, "height": 1800}).new_page()
    open_page(other, page.url)
    assert address(other) == expected
    assert [c.split(" (")[0] for c in chosen(other, "Source")] == ["PubMed"]
    assert other.locator('input[aria-label="Publication years — start"]').input_value() == year
    assert other.get_by_label("Your question").input_value() == "synaptogenesis in rats"
    other.context.close()


def test_paging_and_sort_go_into_the_address(page, server):
    open_page(page, server, "?q=ketamine+infusion+record+for+paging&k=5")
    line = page.get_by_text(re.compile(r"matching papers · ")).inner_text()
    total = int(line.split(" ", 1)[0].replace(",", ""))
    assert total >= PAGING_RECORDS
    first_page = titles(page)
    page.get_by_role("button", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    wait_idle(page)
    assert page.get_by_text(re.compile(r"page 2 of \d+")).first.is_visible()
    assert titles(page)[0].startswith("6.") and not set(titles(page)) & set(first_page)
    page.get_by_text("Newest first").click()
    page.wait_for_url(re.compile(r"sort=newest"))
    wait_idle(page)
    assert "page" not in address(page)  # a new order starts at page 1
    years = [int(y) for y in re.findall(r"· (\d{4})\b", " ".join(
        page.locator(".kls-meta").all_inner_texts()))]
    assert years == sorted(years, reverse=True) and years[0] >= 1995 + PAGING_RECORDS - 1
    assert page.get_by_text(re.compile(r"newest first · search")).is_visible()
    shot(page, "10-paging-sorted.png")
    page.go_back()
    page.wait_for_url(re.compile(r"page=2"))
    wait_idle(page)
    assert titles(page)[0].startswith("6.")


def test_a_pmid_opens_that_paper_first_without_findings(page, server):
    open_page(page, server)
    ask(page, "90000102")
    assert "Synthetic meta-analysis of esketamine nasal spray" in titles(page)[0]
    assert page.locator(".kls-findings").count() == 0


def test_nonsense_gets_the_weak_notice_and_no_findings(page, server):
    open_page(page, server)
    ask(page, "zzqx flibber wibble")
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "No document mentions" in notice and "zzqx" in notice
    assert page.locator(".kls-findings").count() == 0
    assert set(page.locator(".kls-match").all_inner_texts()) == {"Weak match"}
    assert page.locator("mark.kls-best").count() == 0  # no sentence passed off as an answer
    assert page.get_by_text(re.compile(r"^No paper matches closely")).is_visible()
    shot(page, "08-weak-notice.png")


def test_on_a_phone_the_results_come_before_the_filters(chromium, server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    open_page(tab, server, "?q=How+fast+does+ketamine+work%3F&source=pubmed")
    card = tab.locator(".st-key-card-1")
    card.wait_for()
    folded = tab.get_by_role("combobox", name="Source").bounding_box()
    assert folded is None or folded["x"] + folded["width"] <= 0, folded  # off screen, left
    main = tab.locator('[data-testid="stMain"]').bounding_box()
    assert main is not None and main["x"] >= 0 and main["width"] >= 380
    assert tab.locator(".kls-findings").bounding_box()["y"] < 844  # results on first screen
    shot(tab, "09-phone.png")
    tab.locator('[data-testid="stExpandSidebarButton"]').click()
    tab.wait_for_function("""() => document.querySelector('input[aria-label="Source"]')
        .getBoundingClientRect().left >= 0""")
    assert chosen(tab, "Source")[0].startswith("PubMed")
    shot(tab, "09-phone-filters.png")
    context.close()


def test_show_context_opens_the_neighbouring_passages_in_place(page, server):
    open_page(page, server,
              "?q=depressive+symptoms+fell+within+twenty-four+hours&source=pubmed&view=passages")
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


def test_csv_download_holds_the_shown_passages_with_channel_scores(page, server):
    open_page(page, server)
    ask(page, "BDNF and mTOR")
    shown = page.locator(".kls-passage").count()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert len(rows) == shown
    assert rows[0]["query"] == "BDNF and mTOR" and rows[0]["match"] in ("strong", "partial")
    assert float(rows[0]["dense_score"]) > 0 and rows[0]["lexical_score"]
    assert any("mTOR" in row["passage"] for row in rows)
    assert download.value.suggested_filename == "ketamine-search-bdnf-and-mtor.csv"


def test_shared_link_reproduces_the_search_and_back_returns_to_the_last_one(page, server, chromium):
    open_page(page, server)
    ask(page, "esketamine blood pressure")
    choose(page, "Source", r"^PDF \(1\)", r"source=pdf")
    link = page.url
    expected = titles(page)
    assert expected and all("esketamine dosing guide" in t for t in expected), expected
    meta = page.locator(".kls-meta").first.inner_text()
    assert re.search(r"file esketamine-guide\.pdf, page \d", meta), meta

    other = chromium.new_context(viewport={"width": 1280, "height": 1800}).new_page()
    open_page(other, link)
    assert other.get_by_label("Your question").input_value() == "esketamine blood pressure"
    assert titles(other) == expected
    assert "esketamine-guide" in other.locator(".kls-meta").first.inner_text()
    shot(other, "05-shared-link.png")
    other.context.close()

    ask(page, "synaptogenesis")
    page.go_back()
    page.wait_for_url(re.compile(r"q=esketamine"))
    wait_idle(page)
    assert page.get_by_label("Your question").input_value() == "esketamine blood pressure"
    assert titles(page) == expected


def test_injection_payloads_show_as_text_and_never_run(page, server):
    open_page(page, server)
    ask(page, "quarantine sentinel <img src=x onerror=alert('query')>")
    assert page.evaluate("() => window.__pwned") is None and page.dialogs == []
    for link in page.locator('.kls-paper a[target="_blank"], .kls-meta a').all():
        href = link.get_attribute("href") or ""
        assert href.startswith(("https://pubmed.ncbi.nlm.nih.gov/", "https://doi.org/")), href
    for link in page.locator('.kls-paper a:not([target="_blank"])').all():  # Streamlit's own
        assert link.get_attribute("aria-label") == "Link to heading"
        assert re.fullmatch(r"#[a-z0-9-]*", link.get_attribute("href") or ""), link
    for button in page.get_by_role("button", name="Why these facts").all():
        button.click()  # facts quote document sentences: they must stay text too
        page.locator(".kls-why").last.wait_for(state="visible")
        for tag in ("iframe", "svg", "img", "script", "a", "table", "style"):
            assert page.locator(f".kls-why {tag}, .kls-facts {tag}").count() == 0, tag
        page.keyboard.press("Escape")
    assert page.evaluate("() => window.__pwned") is None and page.dialogs == []
    page.get_by_text("Passage by passage").click()
    page.wait_for_url(re.compile(r"view=passages"))
    wait_idle(page)
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


def test_the_terminal_shows_no_warning_or_traceback(server, server_log):
    """Runs last: everything the tests above did printed nothing alarming."""
    printed = server_log.read_text(encoding="utf-8", errors="replace")
    alarming = [line for line in printed.splitlines()
                if re.search(r"Traceback|Warning|WARNING|Error|ERROR|Exception", line)]
    assert not alarming, alarming
